// Runs the test suite with node:test (through tsx):
// - the files of the folders in STATIC and LIVE run once, since they do not depend on the crypto backend:
//   STATIC: "package", the built package as published (its files, its entry points, web-standard modules), and
//   "reference", the documents that must stay true to the code (docs/conformance.md, docs/api.md, the TSDoc);
//   LIVE: "cli", the keycard command as a user runs it, and "e2e", the reference architecture over HTTP.
//   They are two processes because STATIC runs the TypeScript compiler, which holds its event loop for seconds on
//   a busy machine, and LIVE serves HTTP from its event loop to child processes that time out after 5 s (seen:
//   a JWK Set server of the CLI tests starved past the CLI's 5 s fetch timeout, 1 run in 7 with a CPU hog beside);
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
const STATIC = ["package", "reference"];
const LIVE = ["cli", "e2e"];
const inFolders = (folders) => (file) => folders.some((dir) => file.startsWith(`spec${sep}${dir}${sep}`) || file.startsWith(`spec/${dir}/`));
const staticFiles = files.filter(inFolders(STATIC));
const liveFiles = files.filter(inFolders(LIVE));
const backendFiles = files.filter((file) => !inFolders([...STATIC, ...LIVE])(file));

/**
 * Runs `list` in one node:test process and resolves to its outcome. Its report is kept and printed whole when it
 * ends, so that runs going on at the same time do not mix their lines; a failed run's report is held back to the
 * end, so the last lines of the output (all a CI page may show) are the failures.
 */
function run(title, flags, list, backend) {
  if (list.length === 0) return Promise.resolve({ title, passed: true, report: "", code: 0 });
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
    child.on("close", (code, signal) => {
      const report = `\n# keycard test suite, ${title} (${list.length} files)\n${Buffer.concat(output).toString()}`;
      const outcome = { title, passed: code === 0, report, code: code ?? signal };
      if (outcome.passed) process.stdout.write(report);
      resolve(outcome);
    });
  });
}

/** A report without its colours. */
const plainText = (report) => report.replace(/\x1b\[[0-9;]*m/g, "");

/** The counts node:test printed at the end of a report ("ℹ tests 418", "ℹ fail 0", ...). */
function counts(report) {
  const plain = plainText(report);
  const read = (name) => [...plain.matchAll(new RegExp(`^ℹ ${name} (\\d+)$`, "gm"))].at(-1)?.[1];
  return ["tests", "pass", "fail", "cancelled", "skipped"].map((name) => `${name} ${read(name) ?? "?"}`).join(", ");
}

/** The failed tests of a report, each with the first line of its error, from node:test's "failing tests" list. */
function failures(report) {
  const plain = plainText(report);
  const at = plain.lastIndexOf("✖ failing tests:");
  const lines = (at < 0 ? plain : plain.slice(at)).split("\n");
  const out = [];
  lines.forEach((line, i) => {
    if (!/^\s*✖ /.test(line) || line.includes("failing tests:")) return;
    const reason = lines.slice(i + 1).find((next) => next.trim() !== "")?.trim() ?? "";
    out.push(`${line.trim()}: ${reason.slice(0, 200)}`);
  });
  return [...new Set(out)];
}

const runs = [
  run("once: the package as published, the reference documents", [], staticFiles, "node"),
  run("once: the CLI and the reference architecture, end to end", [], liveFiles, "node"),
];
for (const backend of backends) {
  // The tests import lib/index.ts, which uses WebCrypto. For the node:crypto run, each test process first loads
  // lib/node/index.ts, the Node.js entry point, which installs its backend in that same module graph. The
  // condition makes the examples of the docs (which import the built "keycard") pick the same backend.
  const flags = backend === "webcrypto" ? ["--conditions=keycard-webcrypto"] : ["--import", "./spec/setup/node-backend.ts"];
  runs.push(run(`backend: ${backend === "node" ? "node:crypto" : "webcrypto"}`, flags, backendFiles, backend));
}
const outcomes = await Promise.all(runs);
for (const outcome of outcomes) if (!outcome.passed) process.stdout.write(outcome.report);
console.log("\n# summary");
for (const outcome of outcomes.filter((o) => o.report !== "")) {
  console.log(`# ${outcome.passed ? "passed" : `FAILED (exit ${outcome.code})`}: ${outcome.title}: ${counts(outcome.report)}`);
  if (!outcome.passed) for (const name of failures(outcome.report)) console.log(`#   ${name}`);
}
process.exit(outcomes.every((outcome) => outcome.passed) ? 0 : 1);
