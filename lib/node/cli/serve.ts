/**
 * `keycard serve`: the offline token debugger (debugger/) and the library's built ES modules (dist/), served
 * from the installed package on 127.0.0.1 only. The page runs entirely in the browser: the server only hands
 * out files, and its Content-Security-Policy lets the page connect nowhere but to a JWK Set URL the user types.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { jsonText, readArgs, UsageError, type Output, type Styles } from "./io.js";
import type { Context } from "./context.js";

/** What `keycard serve --help` prints: usage, options and exit codes (docs/cli.md). */
export const help = `Usage: keycard serve [--port N] [--json]

Serves the offline token debugger on http://127.0.0.1 (never on other interfaces) and prints
its URL. Paste a token to see its parts, claims with human times, lint findings, and verify it
with a secret, a PEM key, a JWK or a JWK Set URL. Nothing you paste leaves the browser.

Options:
  --port N   the port (default: a free one)
  --json     print {url} once listening
  -h/--help

Stops with Ctrl-C. Exit codes: 0 stopped, 2 usage error (bad or busy port).`;

/** The package's folder: three levels above dist/node/cli/serve.js (or lib/node/cli/serve.ts). */
const PACKAGE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** What the page may do: its own scripts and styles only; network only for a JWK Set URL the user types. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".png": "image/png", ".svg": "image/svg+xml",
};

/** The file a URL path names: under debugger/ (any file) or dist/ (ES modules, not dist/node/), or undefined. */
function fileFor(path: string): string | undefined {
  const mounts: [string, string][] = [["/debugger/", join(PACKAGE_ROOT, "debugger")], ["/dist/", join(PACKAGE_ROOT, "dist")]];
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length) || "index.html";
    const file = normalize(join(dir, rest));
    if (!file.startsWith(dir + sep)) return undefined;
    if (prefix === "/dist/" && (!file.endsWith(".js") || file.startsWith(join(dir, "node") + sep))) return undefined;
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  }
  return undefined;
}

function handle(request: IncomingMessage, response: ServerResponse, port: number): void {
  const headers = {
    "content-security-policy": CONTENT_SECURITY_POLICY, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
    "cache-control": "no-store", "cross-origin-opener-policy": "same-origin", "cross-origin-resource-policy": "same-origin",
  };
  const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    response.writeHead(status, { ...headers, "content-type": type, ...extra });
    response.end(request.method === "HEAD" ? undefined : body);
  };
  // A page on another site could reach 127.0.0.1 through a name it controls (DNS rebinding): answer only to ours.
  if (request.headers.host !== `127.0.0.1:${port}` && request.headers.host !== `localhost:${port}`) {
    send(421, "text/plain", "wrong host\n");
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    send(405, "text/plain", "keycard serve only answers GET\n", { allow: "GET, HEAD" });
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
  } catch {
    send(400, "text/plain", "bad path\n");
    return;
  }
  if (path === "/" || path === "/debugger") {
    send(302, "text/plain", "", { location: "/debugger/" });
    return;
  }
  const file = path.includes("\0") ? undefined : fileFor(path);
  if (file === undefined) {
    send(404, "text/plain", `not found: ${path}\n`);
    return;
  }
  send(200, TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file));
}

/** Runs `keycard serve` with its arguments (after the command name); resolves to the exit code (EXIT in io.ts). */
export async function run(args: string[], ctx: Context, out: Output, _s: Styles): Promise<number> {
  const { values, positionals } = readArgs("serve", args, { port: { type: "string" } });
  if (values.help === true) return ctx.help(help);
  ctx.expectPositionals("serve", positionals, 0);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535; got ${JSON.stringify(values.port)}`);
  if (!existsSync(join(PACKAGE_ROOT, "dist", "index.js")) || !existsSync(join(PACKAGE_ROOT, "debugger", "index.html"))) {
    throw new UsageError(`the debugger's files are not in ${PACKAGE_ROOT} (dist/index.js, debugger/index.html): run npm run build`);
  }
  let actual = port;
  const server = createServer((request, response) => {
    try {
      handle(request, response, actual);
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new UsageError(error.code === "EADDRINUSE" ? `port ${port} is in use: choose another with --port, or leave it out for a free one` : `cannot listen on 127.0.0.1:${port}: ${error.message}`)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  actual = typeof address === "object" && address !== null ? address.port : port;
  const url = `http://127.0.0.1:${actual}/debugger/`;
  if (values.json === true) out.write(jsonText({ url }));
  else out.write(`keycard token debugger: ${url}\nServing on 127.0.0.1 only; what you paste stays in your browser. Ctrl-C stops.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    server.on("close", () => resolve());
  });
  return 0;
}
