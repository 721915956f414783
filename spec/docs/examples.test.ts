// Every ```js / ```ts block of README.md and docs/*.md runs here against the built package (imported as
// "keycard", as a user would), so the examples never rot. A line `console.log(...); // expected` must print
// exactly `expected`. A block preceded by `<!-- example: skip (reason) -->` is not run, and the reason is printed.
// Examples may use the identity provider https://issuer.example, which example-issuer.mjs answers in-process.
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

function run(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const conditions = process.env.KEYCARD_TEST_BACKEND === "webcrypto" ? ["--conditions=keycard-webcrypto"] : [];
  return new Promise((resolve) => {
    const issuer = join(root, "spec", "docs", "example-issuer.mjs");
    const loader = path.endsWith(".mts") ? ["--import", "tsx"] : []; // TypeScript examples only
    execFile(process.execPath, [...conditions, ...loader, "--import", issuer, path], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

const files = ["README.md", ...(existsSync(join(root, "docs")) ? readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`) : [])];
const examples = files.flatMap(examplesOf);

test("the built package is there to import as \"keycard\"", () => {
  assert.ok(existsSync(join(root, "dist", "index.js")), "run `npm run build` first (npm test does)");
});

mkdirSync(workDir, { recursive: true });
// Two at a time: each example is a Node.js process of its own, mostly waiting for its start-up.
describe("the examples of README.md and docs/", { concurrency: 2 }, () => {
  for (const [index, example] of examples.entries()) {
    test(`${example.file}:${example.line} runs`, async (t) => {
      if (example.skip !== undefined) {
        t.skip(example.skip);
        return;
      }
      const path = join(workDir, `example-${index}.${example.lang.startsWith("t") ? "mts" : "mjs"}`);
      writeFileSync(path, example.code + "\n");
      const result = await run(path);
      assert.equal(result.code, 0, `${example.file}:${example.line} failed:\n${result.stderr}`);
      const expected = expectedOutput(example.code);
      if (expected.length > 0) assert.deepEqual(result.stdout.trimEnd().split("\n"), expected);
    });
  }
});
