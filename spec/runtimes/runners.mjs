// One function per runtime: start it on the conformance suite with the built library, and return
// { runtime, version, loaded, entry, backend, sameInstance, probe, passed, failed, failures, error }. A runtime
// that cannot start, crashes or times out returns `error` with the reason; the matrix counts that as a
// failure, never as a skip. run.mjs judges `entry` and `backend` (see EXPECTED there).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import {
  ROOT, RUNTIMES_DIR, appProject, binaries, jsFiles, killGroup, packageRoot, parseResultLine, runCommand, startServer, vectorsModule,
} from "./tools.mjs";

const SUITE_DIR = join(ROOT, "spec", "conformance");
const PROBE = join(RUNTIMES_DIR, "backend-probe.js");
const TIMEOUT_MS = 90_000;

/** The last lines of a child's output, for a failure's reason. */
const tail = (text, lines = 12) => text.trim().split("\n").slice(-lines).join("\n");

/** The reason a command-line runtime gave no result. */
function noResult(outcome) {
  if (outcome.error) return `could not start: ${outcome.error.message}`;
  if (outcome.timedOut) return `timed out after ${TIMEOUT_MS / 1000} s\n${tail(outcome.stderr)}`;
  return `exited with ${outcome.signal ?? `status ${outcome.code}`} and no result\n${tail(outcome.stderr + outcome.stdout)}`;
}

/** The application folder with entry-cli.mjs copied in as entry.mjs, and the arguments the entry takes. */
function cliEntry(ctx) {
  const dir = appProject(ctx);
  copyFileSync(join(RUNTIMES_DIR, "entry-cli.mjs"), join(dir, "entry.mjs"));
  const url = (path) => pathToFileURL(path).href;
  return { dir, args: ["entry.mjs", url(join(SUITE_DIR, "suite.js")), url(ctx.vectorsPath), url(PROBE)] };
}

/** Runs entry.mjs (in the application folder) under `command args`; the runtime reports its own version. */
async function runCli(name, command, args, ctx, env) {
  const entry = cliEntry(ctx);
  const outcome = await runCommand(command, [...args, ...entry.args], { cwd: entry.dir, env, timeoutMs: TIMEOUT_MS });
  const result = parseResultLine(outcome.stdout);
  if (result === undefined) return { runtime: name, error: noResult(outcome) };
  return { ...result, runtime: name, loaded: `"keycard" → ${result.entry ?? "?"}`, log: outcome.stderr };
}

/** `<binary> --version`, first line, for a runtime that could not report its own. */
async function versionOf(binary, pattern) {
  const outcome = await runCommand(binary, ["--version"], { timeoutMs: 20_000 });
  const match = pattern.exec(outcome.stdout);
  return match?.[1];
}

// Node.js: `import("keycard")` from the application, no loader, no flags: "exports" takes the "node" condition
// → dist/node/index.js, which installs node:crypto.
export async function node(ctx) {
  return runCli("node", process.execPath, [], ctx, { ...process.env, NODE_OPTIONS: "" });
}

// Node.js with --conditions=keycard-webcrypto: the condition listed before "node" → dist/index.js, WebCrypto.
export async function nodeWebcrypto(ctx) {
  return runCli("node (webcrypto)", process.execPath, ["--conditions=keycard-webcrypto"], ctx, { ...process.env, NODE_OPTIONS: "" });
}

// Deno: `import("keycard")` from the application (Deno reads its package.json and node_modules, conditions
// "deno" and "node": "deno" comes first → dist/index.js). Then one more check: the built core by URL alone,
// `deno run --no-config` in an empty folder (by-url.mjs).
export async function deno(ctx) {
  const binary = binaries.deno();
  if (binary instanceof Error) return { runtime: "deno", error: binary.message };
  const denoDir = join(ctx.tmp, "deno-dir");
  mkdirSync(denoDir, { recursive: true });
  const env = { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  const allowRead = [appProject(ctx), packageRoot(ctx), SUITE_DIR, RUNTIMES_DIR, ctx.tmp].join(",");
  const result = await runCli("deno", binary, ["run", "--no-lock", "--no-prompt", `--allow-read=${allowRead}`], ctx, env);
  if (result.version === undefined) result.version = await versionOf(binary, /^deno (\S+)/m);
  if (result.error !== undefined) return result;

  const name = "deno --no-config: dist/index.js by file URL, no package.json, no import map (by-url.mjs)";
  const empty = join(ctx.tmp, "deno-no-config");
  mkdirSync(empty, { recursive: true });
  const dist = join(packageRoot(ctx), "dist");
  const outcome = await runCommand(binary, ["run", "--no-config", "--no-lock", "--no-prompt", `--allow-read=${dist},${RUNTIMES_DIR}`,
    join(RUNTIMES_DIR, "by-url.mjs"), pathToFileURL(dist).href + "/"], { cwd: empty, env, timeoutMs: TIMEOUT_MS });
  const line = outcome.stdout.split("\n").find((l) => l.startsWith("KEYCARD_BY_URL "));
  let byURL;
  try {
    byURL = JSON.parse(line.slice("KEYCARD_BY_URL ".length));
  } catch {
    byURL = { ok: false, error: noResult(outcome) };
  }
  if (byURL.ok && byURL.backend === "webcrypto") result.passed++;
  else {
    result.failed++;
    result.failures.push({ name, message: byURL.error ?? `signed and verified: ${byURL.ok}; backend ${byURL.backend}` });
  }
  return result;
}

// Bun: `import("keycard")` from the application (conditions "bun" and "node": "bun" comes first → dist/node/index.js).
export async function bun(ctx) {
  const binary = binaries.bun();
  if (binary instanceof Error) return { runtime: "bun", error: binary.message };
  const env = { ...process.env, DO_NOT_TRACK: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", NO_COLOR: "1" };
  const result = await runCli("bun", binary, ["--no-install"], ctx, env);
  if (result.version === undefined) result.version = await versionOf(binary, /^(\S+)/m);
  return result;
}

/** Node.js compatibility off (see workerd.capnp.template): a Node.js API used by the core would fail to load. */
const WORKERD_FLAGS = ["no_nodejs_compat", "no_nodejs_compat_v2"];

/** The workerd config: the template with every module of dist/ (but dist/node/) and of the suite. */
function workerdConfig(ctx, configDir, compatibilityDate) {
  const embed = (path) => relative(configDir, path).split("\\").join("/");
  const dist = join(packageRoot(ctx), "dist");
  const lines = [];
  for (const file of jsFiles(dist, ["node"])) {
    lines.push(`    (name = "dist/${file}", esModule = embed "${embed(join(dist, file))}"),`);
  }
  for (const file of jsFiles(SUITE_DIR)) {
    lines.push(`    (name = "spec/conformance/${file}", esModule = embed "${embed(join(SUITE_DIR, file))}"),`);
  }
  return readFileSync(join(RUNTIMES_DIR, "workerd.capnp.template"), "utf8")
    .replace("{{WORKER}}", embed(join(RUNTIMES_DIR, "worker.mjs")))
    .replace("{{PROBE}}", embed(PROBE))
    .replace("{{VECTORS}}", embed(ctx.vectorsPath))
    .replace("{{MODULES}}", lines.join("\n"))
    .replace("{{COMPATIBILITY_DATE}}", compatibilityDate)
    .replace("{{COMPATIBILITY_FLAGS}}", WORKERD_FLAGS.map((flag) => `"${flag}"`).join(", "));
}

// workerd: the suite inside a Worker (ES modules, no nodejs_compat), asked for its result over HTTP on
// 127.0.0.1. The socket is bound to port 0; workerd reports the port on its control descriptor (fd 3).
export async function workerd(ctx) {
  const binary = binaries.workerd();
  if (binary instanceof Error) return { runtime: "workerd", error: binary.message };
  const version = await versionOf(binary, /^workerd (\S+)/m);
  // The newest compatibility date this binary knows is its own version date.
  const compatibilityDate = /^\d{4}-\d{2}-\d{2}$/.test(version ?? "") ? version : "2025-01-01";
  const configDir = join(ctx.tmp, "workerd");
  mkdirSync(configDir, { recursive: true });
  const configPath = join(configDir, "config.capnp");
  writeFileSync(configPath, workerdConfig(ctx, configDir, compatibilityDate));
  const described = `${version ?? "?"} (no nodejs_compat)`;

  const child = spawn(binary, ["serve", configPath, "--control-fd=3"], { cwd: configDir, detached: true, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.on("data", (chunk) => (stderr += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  try {
    const port = await new Promise((resolvePort, reject) => {
      let control = "";
      const timer = setTimeout(() => reject(new Error("workerd did not start listening within 30 s")), 30_000);
      timer.unref(); // an early exit rejects first; the timer must not hold the run open
      child.stdio[3].on("data", (chunk) => {
        control += chunk;
        for (const line of control.split("\n")) {
          try {
            const message = JSON.parse(line);
            if (message.event === "listen") {
              clearTimeout(timer);
              resolvePort(message.port);
            }
          } catch {
            // a partial line
          }
        }
      });
      child.on("error", (error) => reject(new Error(`could not start: ${error.message}`)));
      child.on("exit", (code, signal) => reject(new Error(`workerd exited (${signal ?? code}) before listening`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const result = await response.json();
    if (result.error === undefined && result.nodeGlobals?.length !== 0) {
      result.failed++;
      result.failures.push({ name: "workerd: Node.js compatibility is off", message: `the Worker sees ${result.nodeGlobals?.join(", ") ?? "?"}` });
    } else if (result.error === undefined) {
      result.passed++;
    }
    return { ...result, runtime: "workerd", version: described, loaded: "dist/index.js, module by name", log: stderr };
  } catch (error) {
    return { runtime: "workerd", version: described, error: `${error.message}\n${tail(stderr)}` };
  } finally {
    killGroup(child);
  }
}

export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
  "--disable-component-update", "--disable-quic", "--disable-sync", "--disable-extensions",
  "--disable-default-apps", "--no-default-browser-check", "--disable-dev-shm-usage", "--mute-audio",
  "--enable-logging=stderr", // the page's console messages and uncaught errors, for a failure's reason
];

// Headless Chromium: the built ES modules in a page served from 127.0.0.1, imported by URL with no import map,
// driven by nothing but its command line; the page POSTs its result back to the server.
export async function chromium(ctx) {
  const binary = binaries.chromium();
  if (binary instanceof Error) return { runtime: "chromium", error: binary.message };
  let deliver;
  const delivered = new Promise((resolveResult) => (deliver = resolveResult));
  const page = readFileSync(join(RUNTIMES_DIR, "page.html"), "utf8");
  const { server, url } = await startServer({
    mounts: { "/dist/": join(packageRoot(ctx), "dist"), "/spec/conformance/": SUITE_DIR },
    routes: {
      "/": () => ({ type: "text/html", body: page }),
      "/backend-probe.js": () => ({ type: "text/javascript", body: readFileSync(PROBE, "utf8") }),
      "/vectors.js": () => ({ type: "text/javascript", body: vectorsModule() }),
      "/favicon.ico": () => ({ status: 204 }),
      "/result": (_request, body) => {
        try {
          deliver(JSON.parse(body));
        } catch {
          deliver({ error: `the page sent an unreadable result: ${body.slice(0, 200)}` });
        }
        return { status: 204 };
      },
    },
  });
  const profile = join(ctx.tmp, "chromium-profile");
  mkdirSync(profile, { recursive: true });
  const child = spawn(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `${url}/`], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.on("data", (chunk) => (stderr += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolveExit) => {
    child.on("error", (error) => resolveExit({ error: `could not start: ${error.message}` }));
    child.on("exit", (code, signal) => resolveExit({ error: `chromium exited (${signal ?? code}) before the page reported\n${tail(stderr)}` }));
  });
  let timer;
  const timedOut = new Promise((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout({ error: `no result from the page within ${TIMEOUT_MS / 1000} s\n${tail(stderr)}` }), TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([delivered, exited, timedOut]);
    // The user agent string is reduced (150.0.0.0): the binary tells the full version.
    const version = (await versionOf(binary, /Chromium (\S+)/)) ?? /(?:HeadlessChrome|Chrome)\/(\S+)/.exec(result.userAgent ?? "")?.[1];
    if (result.error !== undefined) {
      // Why a module did not load is only in the console (Failed to resolve module specifier...).
      const messages = stderr.split("\n").filter((l) => /CONSOLE|Uncaught|module specifier/i.test(l)).slice(-5);
      if (messages.length > 0) result.error += "\n" + messages.join("\n");
    }
    return { ...result, runtime: "chromium", version, loaded: "/dist/index.js by URL", log: stderr };
  } finally {
    clearTimeout(timer);
    killGroup(child);
    server.close();
  }
}

export const RUNNERS = {
  node,
  "node (webcrypto)": nodeWebcrypto,
  deno,
  bun,
  workerd,
  chromium,
};
