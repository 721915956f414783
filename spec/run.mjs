// Runs every spec/**/*.test.ts with node:test (through tsx), once per crypto backend: node:crypto (what the
// package gives Node.js) and WebCrypto (what every other runtime gets), so both pass the same suite.
// Usage: node spec/run.mjs [--backend node|webcrypto] [files...]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
let backends = ["node", "webcrypto"];
const at = args.indexOf("--backend");
if (at >= 0) backends = [args.splice(at, 2)[1]];

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === "runtimes" || name === "node_modules") continue;
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out;
}

const files = args.length > 0 ? args : testFiles(join(root, "spec"));
let failed = false;
for (const backend of backends) {
  console.log(`\n# keycard test suite, backend: ${backend === "node" ? "node:crypto" : "webcrypto"} (${files.length} files)`);
  // The tests import lib/index.ts, which uses WebCrypto. For the node:crypto run, each test process first loads
  // lib/node/index.ts, the Node.js entry point, which installs its backend in that same module graph. The
  // condition makes the examples of the docs (which import the built "keycard") pick the same backend.
  const backendFlags = backend === "webcrypto"
    ? ["--conditions=keycard-webcrypto"]
    : ["--import", "./spec/setup/node-backend.ts"];
  const result = spawnSync(process.execPath, ["--import", "tsx", ...backendFlags, "--test", "--test-concurrency=2", "--test-reporter=spec", ...files], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, KEYCARD_TEST_BACKEND: backend },
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
