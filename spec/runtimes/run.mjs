// `npm run test:runtimes`: keycard's conformance suite (spec/conformance/) on every runtime, one after the other,
// each followed by its usage example from docs/runtimes.md (spec/runtimes/snippets/, see run-snippets.mjs) and
// a check of the entry and crypto backend it ended up on (EXPECTED below), then a matrix of runtime, version,
// how keycard was loaded, crypto backend, passed, failed and seconds, and every failure with its reason.
// Exit status 1 when any check failed or any runtime could not run (never a silent skip).
//
//   node spec/runtimes/run.mjs [--only node,deno,bun,workerd,chromium] [--json results.json] [--verbose]
//
// The library under test is dist/ (run `npm run build` first), or the directory KEYCARD_DIST names (with the
// package's package.json beside it, else the repository's). Node.js, Deno and Bun import it as "keycard" from a
// throwaway application whose node_modules/keycard links to the package (tools.mjs, appProject). Runtime binaries come from spec/runtimes/node_modules (`npm ci` there)
// and Debian's chromium; KEYCARD_DENO, KEYCARD_BUN, KEYCARD_WORKERD, KEYCARD_CHROMIUM override them.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUNNERS } from "./runners.mjs";
import { SNIPPET_RUNNERS } from "./run-snippets.mjs";
import { distDirectory, writeVectorsModule } from "./tools.mjs";
import { debuggerPage } from "./debugger-page.mjs";

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const verbose = args.includes("--verbose");
const only = option("--only")?.split(",").map((s) => s.trim());
const jsonPath = option("--json");

/**
 * Checks that are not the conformance suite, run after the runtimes as rows of their own (no entry or backend
 * check): the token debugger page of `keycard serve` in Chromium (debugger-page.mjs).
 */
const PAGE_RUNNERS = { "chromium (debugger page)": debuggerPage };

const names = [...Object.keys(RUNNERS), ...Object.keys(PAGE_RUNNERS)].filter((name) => only === undefined || only.includes(name) || only.includes(name.split(" ")[0]));
if (names.length === 0) {
  console.error(`--only ${only?.join(",")} names no runtime; they are: ${[...Object.keys(RUNNERS), ...Object.keys(PAGE_RUNNERS)].join(", ")}`);
  process.exit(2);
}

/**
 * What each row must end up on: the package's "exports" give Node.js and Bun dist/node/index.js (node:crypto)
 * and everyone else dist/index.js (WebCrypto): Deno and Bun also match "node", so this checks the condition order.
 */
const EXPECTED = {
  node: { entry: "dist/node/index.js", backend: "node:crypto" },
  bun: { entry: "dist/node/index.js", backend: "node:crypto" },
  other: { entry: "dist/index.js", backend: "webcrypto" },
};

/** The check of a row's entry and backend: undefined when right, else the reason. */
function wrongBackend(name, result) {
  const expected = EXPECTED[name] ?? EXPECTED.other;
  const problems = [];
  if (result.entry !== expected.entry) problems.push(`"keycard" resolved to ${result.entry ?? "?"}, expected ${expected.entry}`);
  if (result.backend !== expected.backend) problems.push(`backend ${result.backend ?? "?"}, expected ${expected.backend}`);
  if (result.sameInstance !== true) problems.push(`dist/jwa/signature.js is not the instance the library uses (${result.probe ?? "no probe"})`);
  return problems.length === 0 ? undefined : problems.join("; ");
}

const dist = distDirectory();
const tmp = mkdtempSync(join(tmpdir(), "keycard-runtimes-"));
const ctx = { dist, tmp, vectorsPath: writeVectorsModule(tmp) };
const results = [];

console.log(`keycard conformance suite on ${names.length} runtimes; library: ${dist}`);
try {
  for (const name of names) {
    const started = Date.now();
    let result;
    if (!existsSync(join(dist, "index.js"))) {
      result = { runtime: name, error: `${join(dist, "index.js")} does not exist: build the library first (npm run build)` };
    } else {
      try {
        result = Object.hasOwn(PAGE_RUNNERS, name) ? await PAGE_RUNNERS[name](ctx) : await RUNNERS[name](ctx);
        if (result.error === undefined && !Object.hasOwn(PAGE_RUNNERS, name)) {
          const wrong = wrongBackend(name, result);
          if (wrong === undefined) result.passed++;
          else {
            result.failed++;
            result.failures.push({ name: "backend: the entry and crypto backend this runtime ends up on", message: wrong });
          }
        }
        // The docs/runtimes.md example for this runtime, run for real: one more check in the row.
        if (result.error === undefined && SNIPPET_RUNNERS[name] !== undefined) {
          const snippet = await SNIPPET_RUNNERS[name](ctx);
          if (snippet.ok) result.passed++;
          else {
            result.failed++;
            result.failures.push({ name: snippet.name, message: snippet.message });
          }
        }
      } catch (error) {
        result = { runtime: name, error: `the runner failed: ${error?.stack ?? error}` };
      }
    }
    result.seconds = (Date.now() - started) / 1000;
    results.push(result);
    const status = result.error !== undefined ? "could not run" : `${result.passed} passed, ${result.failed} failed`;
    console.log(`  ${name.padEnd(25)} ${status} (${result.seconds.toFixed(1)} s)`);
    if (verbose && result.log) console.log(result.log.replace(/^/gm, "    | "));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// The matrix.
const rows = results.map((r) => [
  r.runtime,
  r.version ?? "?",
  r.loaded ?? "-",
  r.backend ?? "-",
  r.error !== undefined ? "-" : String(r.passed),
  r.error !== undefined ? "ERROR" : String(r.failed),
  r.seconds.toFixed(1),
]);
const header = ["runtime", "version", "loaded", "backend", "passed", "failed", "seconds"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((cell, i) => (i >= 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
console.log("\n" + line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows) console.log(line(row));

// The failures, by runtime.
let bad = 0;
for (const r of results) {
  if (r.error !== undefined) {
    bad++;
    console.log(`\n${r.runtime}: could not run the suite\n${r.error.replace(/^/gm, "    ")}`);
  } else if (r.failed > 0) {
    bad++;
    console.log(`\n${r.runtime}: ${r.failed} failed`);
    for (const f of r.failures) console.log(`  ✗ ${f.name}\n      ${f.message}`);
  }
}
const totalSeconds = results.reduce((sum, r) => sum + r.seconds, 0);
console.log(`\n${bad === 0 ? "all runtimes passed" : `${bad} of ${results.length} runtimes failed`} (${totalSeconds.toFixed(1)} s)`);

if (jsonPath !== undefined) {
  writeFileSync(jsonPath, JSON.stringify(results.map(({ log, ...r }) => r), null, 2) + "\n");
}
process.exitCode = bad === 0 ? 0 : 1;
