// Runs the test suite with node:test (through tsx):
// - the files of the folders in ONCE run once, since they do not depend on the crypto backend: "package", the built
//   package as published (its files, its entry points, web-standard modules); "reference", the documents that must
//   stay true to the code (docs/conformance.md, docs/api.md and the TSDoc of every export);
// - every other spec/**/*.test.ts once per crypto backend: node:crypto (what the package gives Node.js) and
//   WebCrypto (what Deno, workers and browsers get), so both pass the same suite.
// Each run is one process that loads all its files (spec/setup/load.mjs); the runs go side by side.
// Usage: node spec/run.mjs [--backend node|webcrypto] [files...]
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
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
const ONCE = ["package", "reference", "cli", "e2e"];
const isPackageTest = (file) => ONCE.some((dir) => file.startsWith(`spec${sep}${dir}${sep}`) || file.startsWith(`spec/${dir}/`));
const packageFiles = files.filter(isPackageTest);
const backendFiles = files.filter((file) => !isPackageTest(file));

/**
 * Runs `list` in one node:test process and resolves to whether it passed. Its report is kept and printed whole
 * when it ends, so that runs going on at the same time do not mix their lines.
 */
function run(title, flags, list, backend) {
  if (list.length === 0) return Promise.resolve(true);
  console.log(`# started: ${title} (${list.length} files); its report follows when it ends`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...flags, "--test-reporter=spec", "spec/setup/load.mjs", ...list], {
      cwd: root,
      env: { ...process.env, KEYCARD_TEST_BACKEND: backend, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("close", (code) => {
      process.stdout.write(`\n# keycard test suite, ${title} (${list.length} files)\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    });
  });
}

const runs = [run("once: the package as published, the reference documents", [], packageFiles, "node")];
for (const backend of backends) {
  // The tests import lib/index.ts, which uses WebCrypto. For the node:crypto run, each test process first loads
  // lib/node/index.ts, the Node.js entry point, which installs its backend in that same module graph. The
  // condition makes the examples of the docs (which import the built "keycard") pick the same backend.
  const flags = backend === "webcrypto" ? ["--conditions=keycard-webcrypto"] : ["--import", "./spec/setup/node-backend.ts"];
  runs.push(run(`backend: ${backend === "node" ? "node:crypto" : "webcrypto"}`, flags, backendFiles, backend));
}
const passed = (await Promise.all(runs)).every(Boolean);
process.exit(passed ? 0 : 1);
