// Shared plumbing for the runtime runners (Node.js only; this file never reaches a runtime under test):
// where the runtimes' binaries are, the package under test and a throwaway application that depends on it,
// running a child with a deadline, a static file server on 127.0.0.1, and the RFC vectors turned into an ES
// module every runtime can import.
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const RUNTIMES_DIR = fileURLToPath(new URL(".", import.meta.url));
export const ROOT = resolve(RUNTIMES_DIR, "..", "..");
const MODULES = join(RUNTIMES_DIR, "node_modules");

/** The built library under test: KEYCARD_DIST, or the repository's dist/ (built by `npm run build`). */
export function distDirectory() {
  return resolve(process.env.KEYCARD_DIST ?? join(ROOT, "dist"));
}

/**
 * The package under test: the folder holding package.json and dist/. For the repository's dist/ that is the
 * repository itself; for KEYCARD_DIST, a folder in `ctx.tmp` with the package.json beside that build (or the
 * repository's) and a copy of the build (a copy, not a link: runtimes resolve links to real paths, and the
 * entry and package.json must then still share one root).
 */
export function packageRoot(ctx) {
  if (ctx.packageRoot !== undefined) return ctx.packageRoot;
  if (ctx.dist === join(ROOT, "dist")) {
    ctx.packageRoot = ROOT;
  } else {
    const dir = join(ctx.tmp, "package");
    mkdirSync(dir, { recursive: true });
    const beside = join(dirname(ctx.dist), "package.json");
    copyFileSync(existsSync(beside) ? beside : join(ROOT, "package.json"), join(dir, "package.json"));
    cpSync(ctx.dist, join(dir, "dist"), { recursive: true });
    // The token debugger page (debugger/) ships beside dist/; `keycard serve` serves both.
    if (existsSync(join(ROOT, "debugger"))) cpSync(join(ROOT, "debugger"), join(dir, "debugger"), { recursive: true });
    ctx.packageRoot = dir;
  }
  return ctx.packageRoot;
}

/**
 * The throwaway application (once per run) an application developer would have: package.json depending on
 * keycard, and node_modules/keycard a link to the package root. Node.js, Deno and Bun import "keycard" from
 * here, each resolving the package's "exports" with its own conditions. Returns its directory.
 */
export function appProject(ctx) {
  if (ctx.app !== undefined) return ctx.app;
  const dir = join(ctx.tmp, "app");
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(packageRoot(ctx), join(dir, "node_modules", "keycard"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "keycard-app", private: true, type: "module", dependencies: { keycard: "*" } }, null, 2) + "\n");
  ctx.app = dir;
  return dir;
}

/** Whether `path` is an executable file of real size (the npm placeholders of bun are a few hundred bytes). */
function isBinary(path) {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size > 1_000_000 && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The first candidate that is a real binary, or an Error naming where it looked. An environment variable
 * (KEYCARD_DENO, KEYCARD_BUN, KEYCARD_WORKERD, KEYCARD_CHROMIUM) overrides the search.
 */
export function findBinary(name, envName, candidates) {
  const override = process.env[envName];
  if (override) return isBinary(override) || existsSync(override) ? override : new Error(`${envName}=${override} does not exist`);
  for (const candidate of candidates) if (isBinary(candidate)) return candidate;
  return new Error(`${name} binary not found (looked in ${candidates.map((c) => c.replace(ROOT + sep, "")).join(", ")}; ` +
    `run \`npm ci\` in spec/runtimes${name === "chromium" ? ", or `apt-get install chromium`" : ""})`);
}

// The npm packages' postinstall scripts put the binary in place; when install scripts are blocked, the
// platform package still holds it.
export const binaries = {
  deno: () => findBinary("deno", "KEYCARD_DENO", [
    join(MODULES, "deno", "deno"), join(MODULES, "@deno", "linux-x64-glibc", "deno"), join(MODULES, "@deno", "linux-arm64-glibc", "deno"),
  ]),
  bun: () => findBinary("bun", "KEYCARD_BUN", [
    join(MODULES, "bun", "bin", "bun.exe"), join(MODULES, "@oven", "bun-linux-x64", "bin", "bun"),
    join(MODULES, "@oven", "bun-linux-x64-baseline", "bin", "bun"), join(MODULES, "@oven", "bun-linux-aarch64", "bin", "bun"),
  ]),
  workerd: () => findBinary("workerd", "KEYCARD_WORKERD", [
    join(MODULES, "@cloudflare", "workerd-linux-64", "bin", "workerd"), join(MODULES, "workerd", "bin", "workerd"),
    join(MODULES, "@cloudflare", "workerd-linux-arm64", "bin", "workerd"),
  ]),
  chromium: () => findBinary("chromium", "KEYCARD_CHROMIUM", ["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"]),
};

/**
 * Runs a command to its end, or kills it (and its process group) at the deadline.
 * Resolves with { code, signal, stdout, stderr, timedOut }; never rejects (a spawn error is in `error`).
 */
export function runCommand(command, args, { cwd, env, timeoutMs = 60_000, stdio } = {}) {
  return new Promise((resolvePromise) => {
    let stdout = "", stderr = "", timedOut = false;
    let child;
    try {
      child = spawn(command, args, { cwd, env, detached: true, stdio: stdio ?? ["ignore", "pipe", "pipe"] });
    } catch (error) {
      resolvePromise({ code: null, signal: null, stdout, stderr, timedOut, error });
      return;
    }
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolvePromise({ code: null, signal: null, stdout, stderr, timedOut, error });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Ends a child started with `detached: true`, and everything it started, by its process group id. */
export function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** The line `KEYCARD_RESULT {...}` a runner printed, parsed; or undefined. */
export function parseResultLine(output) {
  const line = output.split("\n").reverse().find((l) => l.startsWith("KEYCARD_RESULT "));
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.slice("KEYCARD_RESULT ".length));
  } catch {
    return undefined;
  }
}

/** The RFC vectors of spec/vectors/rfc/*.json, concatenated, as the text of an ES module. */
export function vectorsModule() {
  const dir = join(ROOT, "spec", "vectors", "rfc");
  const vectors = [];
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
      const parsed = JSON.parse(readFileSync(join(dir, file), "utf8"));
      for (const vector of parsed.vectors ?? []) vectors.push({ ...vector, file });
    }
  }
  return `// Generated by spec/runtimes/tools.mjs from spec/vectors/rfc/*.json at run time.\nexport default ${JSON.stringify(vectors)};\n`;
}

/** Writes the vectors module into `dir`; returns its path. */
export function writeVectorsModule(dir) {
  const path = join(dir, "vectors.js");
  writeFileSync(path, vectorsModule());
  return path;
}

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".json": "application/json", ".map": "application/json" };

/**
 * A static server on 127.0.0.1 (ephemeral port). `mounts` maps URL prefixes to directories; `routes` maps
 * exact paths to handlers `(request, body) => { status, type, body }`. Resolves with { server, port, url }.
 */
export function startServer({ mounts = {}, routes = {} }) {
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
      const send = (status, type, body) => {
        response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
        response.end(body);
      };
      if (Object.hasOwn(routes, path)) {
        const out = routes[path](request, Buffer.concat(chunks).toString("utf8"));
        send(out.status ?? 200, out.type ?? "text/plain", out.body ?? "");
        return;
      }
      for (const [prefix, dir] of Object.entries(mounts)) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (!file.startsWith(normalize(dir) + sep) || !existsSync(file) || !statSync(file).isFile()) break;
        send(200, TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file));
        return;
      }
      send(404, "text/plain", `not found: ${path}`);
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolvePromise({ server, port, url: `http://127.0.0.1:${port}` });
    });
  });
}

/** Every .js file under `dir`, as paths relative to it with `/` separators, skipping `skip` subdirectories. */
export function jsFiles(dir, skip = []) {
  const out = [];
  const walk = (sub) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub === "" ? name : `${sub}/${name}`;
      if (statSync(join(dir, rel)).isDirectory()) {
        if (!skip.includes(rel)) walk(rel);
      } else if (name.endsWith(".js")) {
        out.push(rel);
      }
    }
  };
  walk("");
  return out;
}
