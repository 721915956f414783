// Every ```js / ```ts block of README.md, docs/*.md and docs/guide/*.md runs here against the built package
// (imported as "keycard", as a user would), so the examples never rot. A line `console.log(...); // expected` must
// print exactly `expected`. A block preceded by `<!-- example: skip (reason) -->` is not run, and the reason is
// printed. Examples may use the identity provider https://issuer.example, which example-issuer.mjs answers
// in-process. All the blocks run in one process, one after the other, each as its own module (run-examples.mjs):
// an example must not count on a fresh process, and must not leave the process unusable.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const workDir = join(root, ".tmp", `examples-${process.env.KEYCARD_TEST_BACKEND ?? "node"}`);

interface Example {
  file: string;
  line: number;
  lang: string;
  code: string;
  skip: string | undefined;
}

function examplesOf(file: string): Example[] {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(js|javascript|ts|typescript)\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    const before = lines.slice(Math.max(0, start - 2), start).join("\n");
    const skip = /<!-- example: skip \((.+?)\) -->/.exec(before)?.[1];
    examples.push({ file, line: start + 1, lang: open[1]!, code: body.join("\n"), skip });
  }
  return examples;
}

/** The lines a block promises to print: `console.log(...); // text` → `text`. */
function expectedOutput(code: string): string[] {
  return code.split("\n").flatMap((line) => {
    const match = /console\.log\(.*\);\s*\/\/ (.*)$/.exec(line);
    return match === null ? [] : [match[1]!];
  });
}

interface Outcome {
  path: string;
  stdout: string[];
  stderr: string[];
  error: string | undefined;
}

const MARKER = "\u0000keycard-examples\u0000";

/** Runs the examples written at `paths` in one process, in order, and gives each one's outcome. */
function runAll(paths: string[]): Promise<Map<string, Outcome>> {
  const conditions = process.env.KEYCARD_TEST_BACKEND === "webcrypto" ? ["--conditions=keycard-webcrypto"] : [];
  const issuer = join(root, "spec", "docs", "example-issuer.mjs");
  const runner = join(root, "spec", "docs", "run-examples.mjs");
  const loader = paths.some((p) => p.endsWith(".mts")) ? ["--import", "tsx"] : []; // TypeScript examples only
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...conditions, ...loader, "--import", issuer, runner, ...paths], { cwd: root, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const at = stdout.lastIndexOf(MARKER);
      if (at < 0) return reject(new Error(`the examples' process failed before reporting (${error?.message ?? "no error"}):\n${stderr}`));
      const outcomes = JSON.parse(stdout.slice(at + MARKER.length)) as Outcome[];
      resolve(new Map(outcomes.map((o) => [o.path, o])));
    });
  });
}

const pages = (dir: string) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith(".md")).sort().map((f) => `${dir}/${f}`) : []);
const files = ["README.md", ...pages("docs"), ...pages("docs/guide")];
const examples = files.flatMap(examplesOf);
const pathOf = (index: number, example: Example) => join(workDir, `example-${index}.${example.lang.startsWith("t") ? "mts" : "mjs"}`);

test("the built package is there to import as \"keycard\"", () => {
  assert.ok(existsSync(join(root, "dist", "index.js")), "run `npm run build` first (npm test does)");
});

mkdirSync(workDir, { recursive: true });
// All the examples run in one process, started when the first of them is tested: starting Node.js is most of an
// example's cost (CPU of `node spec/run.mjs --backend node spec/docs/examples.test.ts`, 42 examples: about 0.22 s
// each with a process each, 3.5 s in all with a process per page, 2.2 s with one process).
let run: Promise<Map<string, Outcome>> | undefined;
function outcomeOf(index: number, example: Example): Promise<Outcome | undefined> {
  if (run === undefined) {
    const paths: string[] = [];
    for (const [i, other] of examples.entries()) {
      if (other.skip !== undefined) continue;
      writeFileSync(pathOf(i, other), other.code + "\n");
      paths.push(pathOf(i, other));
    }
    run = runAll(paths);
  }
  return run.then((outcomes) => outcomes.get(pathOf(index, example)));
}

describe("the examples of README.md and docs/", () => {
  for (const [index, example] of examples.entries()) {
    test(`${example.file}:${example.line} runs`, async (t) => {
      if (example.skip !== undefined) {
        t.skip(example.skip);
        return;
      }
      const outcome = await outcomeOf(index, example);
      assert.ok(outcome !== undefined, `${example.file}:${example.line} was not run`);
      assert.equal(outcome.error, undefined, `${example.file}:${example.line} failed:\n${outcome.error}\n${outcome.stderr.join("\n")}`);
      const expected = expectedOutput(example.code);
      if (expected.length > 0) assert.deepEqual(outcome.stdout.join("\n").trimEnd().split("\n"), expected);
    });
  }
});
