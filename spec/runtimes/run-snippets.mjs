// The usage examples of docs/runtimes.md, run for real: each file of spec/runtimes/snippets/ is quoted verbatim
// in the docs (checked here) and executed the way a user would, importing the package by its name "keycard"
// from a throwaway project whose node_modules/keycard links to the package (package.json + dist/).
//   snippets/node.mjs    Node.js and Bun        import from "keycard"
//   snippets/deno.mjs    Deno                   import from "npm:keycard" (Deno reads the local node_modules)
//   snippets/worker.mjs  workerd               bundled from wrangler.json by esbuild, as wrangler does
//   snippets/page.html   headless Chromium      an import map naming "keycard" only, no bundler
// Each returns { name, ok, message }: one more check in its runtime's row.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, RUNTIMES_DIR, appProject, binaries, killGroup, packageRoot, runCommand, startServer } from "./tools.mjs";
import { CHROMIUM_FLAGS } from "./runners.mjs";

const SNIPPETS = join(RUNTIMES_DIR, "snippets");
const DOCS = join(ROOT, "docs", "runtimes.md");
const ISSUER = "https://issuer.example";
const TIMEOUT_MS = 60_000;

/** "docs/runtimes.md quotes snippets/<file> verbatim", or the reason it does not. */
function quotedInDocs(file) {
  if (!existsSync(DOCS)) return `${DOCS} does not exist`;
  const snippet = readFileSync(join(SNIPPETS, file), "utf8").trim();
  return readFileSync(DOCS, "utf8").includes(snippet) ? undefined : `docs/runtimes.md does not quote spec/runtimes/snippets/${file} verbatim`;
}

/**
 * The throwaway project (once per run): the application of tools.mjs (package.json, node_modules/keycard
 * linking to the package), the snippets, and a token with the JWK Set that verifies it, made with the built
 * library.
 */
async function project(ctx) {
  if (ctx.project !== undefined) return ctx.project;
  const dir = appProject(ctx);
  for (const file of ["node.mjs", "deno.mjs", "worker.mjs"]) copyFileSync(join(SNIPPETS, file), join(dir, file));

  const keycard = await import(pathToFileURL(join(packageRoot(ctx), "dist", "index.js")).href);
  const { privateKey, publicKey } = await keycard.generateKeyPair("ES256");
  const publicJwk = { ...(await keycard.exportJWK(publicKey)), kid: "snippet", alg: "ES256" };
  const token = await keycard.sign({ sub: "alice" }, privateKey, { alg: "ES256", kid: "snippet", issuer: ISSUER, expiresIn: "10m" });
  ctx.project = { dir, token, publicJwk, jwks: { keys: [publicJwk] } };
  return ctx.project;
}

/** Runs a command-line snippet and expects it to print "hello alice". */
async function cliSnippet(name, file, command, args, cwd, env) {
  const docs = quotedInDocs(file);
  const outcome = await runCommand(command, [...args, file], { cwd, env, timeoutMs: TIMEOUT_MS });
  if (outcome.stdout.trim() === "hello alice" && docs === undefined) return { name, ok: true };
  const why = outcome.stdout.trim() === "hello alice" ? docs
    : `printed ${JSON.stringify(outcome.stdout.trim().slice(0, 200))}, expected "hello alice" (${outcome.timedOut ? "timed out" : `status ${outcome.code}`})\n${outcome.stderr.trim().split("\n").slice(-8).join("\n")}`;
  return { name, ok: false, message: why };
}

export async function node(ctx) {
  const { dir } = await project(ctx);
  return cliSnippet("docs snippet: Node.js (snippets/node.mjs)", "node.mjs", process.execPath, [], dir, { ...process.env, NODE_OPTIONS: "" });
}

export async function bun(ctx) {
  const binary = binaries.bun();
  if (binary instanceof Error) return { name: "docs snippet: Bun (snippets/node.mjs)", ok: false, message: binary.message };
  const { dir } = await project(ctx);
  return cliSnippet("docs snippet: Bun (snippets/node.mjs)", "node.mjs", binary, ["--no-install"], dir, { ...process.env, DO_NOT_TRACK: "1", NO_COLOR: "1" });
}

export async function deno(ctx) {
  const binary = binaries.deno();
  if (binary instanceof Error) return { name: "docs snippet: Deno (snippets/deno.mjs)", ok: false, message: binary.message };
  const { dir } = await project(ctx);
  const env = { ...process.env, DENO_DIR: join(ctx.tmp, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  return cliSnippet("docs snippet: Deno (snippets/deno.mjs)", "deno.mjs", binary, ["run", "--no-lock", "--no-prompt"], dir, env);
}

// The Worker snippet as a Workers project deploys it: wrangler.json, bundled by esbuild (which resolves the
// package's "exports" with the "workerd" condition → dist/index.js), newest compatibility date, Node.js
// compatibility off (had the bundler taken dist/node/index.js, its node:crypto import would not load). One
// request with the token must say "hello alice"; one without it must be a 401.
export async function workerd(ctx) {
  const name = "docs snippet: Worker (snippets/worker.mjs, bundled by esbuild)";
  const binary = binaries.workerd();
  if (binary instanceof Error) return { name, ok: false, message: binary.message };
  const esbuild = join(RUNTIMES_DIR, "node_modules", "esbuild", "bin", "esbuild");
  if (!existsSync(esbuild)) return { name, ok: false, message: "esbuild not found (run `npm ci` in spec/runtimes)" };
  const { dir, token, publicJwk } = await project(ctx);
  const date = /^workerd (\d{4}-\d{2}-\d{2})/m.exec((await runCommand(binary, ["--version"])).stdout)?.[1] ?? "2025-01-01";
  writeFileSync(join(dir, "wrangler.json"), JSON.stringify({
    name: "keycard-snippet", main: "worker.mjs", compatibility_date: date,
    compatibility_flags: ["no_nodejs_compat", "no_nodejs_compat_v2"], vars: { JWT_PUBLIC_JWK: publicJwk },
  }, null, 2));
  const child = spawn(binary, ["serve", "wrangler.json", "--control-fd=3", "--socket-addr=http=127.0.0.1:0"], {
    cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe", "pipe"], env: { ...process.env, WORKERD_ESBUILD: esbuild },
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  try {
    const port = await new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error("workerd did not start listening within 30 s")), 30_000);
      timer.unref(); // an early exit rejects first; the timer must not hold the run open
      let control = "";
      child.stdio[3].on("data", (chunk) => {
        control += chunk;
        const port = /"event":"listen"[^}]*"port":(\d+)/.exec(control)?.[1];
        if (port !== undefined) {
          clearTimeout(timer);
          resolvePort(Number(port));
        }
      });
      child.on("exit", (code, signal) => reject(new Error(`workerd exited (${signal ?? code})`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const okText = await ok.text();
    const refused = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const refusedText = await refused.text();
    const docs = quotedInDocs("worker.mjs");
    if (ok.status === 200 && okText === "hello alice" && refused.status === 401 && docs === undefined) return { name, ok: true };
    return { name, ok: false, message: docs ?? `with the token: ${ok.status} ${JSON.stringify(okText.slice(0, 200))}; without: ${refused.status} ${JSON.stringify(refusedText.slice(0, 100))}` };
  } catch (error) {
    return { name, ok: false, message: `${error.message}\n${log.trim().split("\n").slice(-8).join("\n")}` };
  } finally {
    killGroup(child);
  }
}

// The page snippet in headless Chromium: served as docs/runtimes.md shows it, with the runner's reporting
// script in front of it (it POSTs the page's text, or its error, back to the server).
const REPORTER = `<script>
  // Added by spec/runtimes/run-snippets.mjs, not part of the snippet: report what the page shows, or why not.
  const report = (body) => fetch("/snippet-result", { method: "POST", body: JSON.stringify(body) });
  addEventListener("error", (event) => report({ error: event.message }));
  addEventListener("unhandledrejection", (event) => report({ error: String(event.reason?.message ?? event.reason) }));
  const poll = setInterval(() => {
    if (document.body?.textContent.startsWith("hello")) { clearInterval(poll); report({ text: document.body.textContent }); }
  }, 25);
</script>
`;

export async function chromium(ctx) {
  const name = "docs snippet: page (snippets/page.html, import map)";
  const binary = binaries.chromium();
  if (binary instanceof Error) return { name, ok: false, message: binary.message };
  const { token, jwks } = await project(ctx);
  let deliver;
  const delivered = new Promise((resolveResult) => (deliver = resolveResult));
  const { server, url } = await startServer({
    mounts: { "/keycard/dist/": join(packageRoot(ctx), "dist") },
    routes: {
      "/": () => ({ type: "text/html", body: REPORTER + readFileSync(join(SNIPPETS, "page.html"), "utf8") }),
      "/.well-known/jwks.json": () => ({ type: "application/json", body: JSON.stringify(jwks) }),
      "/token": () => ({ type: "text/plain", body: token }),
      "/favicon.ico": () => ({ status: 204 }),
      "/snippet-result": (_request, body) => {
        deliver(JSON.parse(body));
        return { status: 204 };
      },
    },
  });
  const profile = join(ctx.tmp, "chromium-snippet-profile");
  mkdirSync(profile, { recursive: true });
  const child = spawn(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `${url}/`], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let timer;
  try {
    const result = await Promise.race([
      delivered,
      new Promise((resolveTimeout) => (timer = setTimeout(() => resolveTimeout({ error: `no answer within ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS))),
      new Promise((resolveExit) => child.on("exit", (code, signal) => resolveExit({ error: `chromium exited (${signal ?? code})` }))),
    ]);
    const docs = quotedInDocs("page.html");
    if (result.text === "hello alice" && docs === undefined) return { name, ok: true };
    return { name, ok: false, message: docs !== undefined && result.text === "hello alice" ? docs : result.error ?? `the page shows ${JSON.stringify(result.text)}` };
  } finally {
    clearTimeout(timer);
    killGroup(child);
    server.close();
  }
}

/** The snippet each matrix row runs, by runtime name. */
export const SNIPPET_RUNNERS = { node, deno, bun, workerd, chromium };
