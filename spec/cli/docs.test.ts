// The examples of docs/cli.md, run for real: each `$ keycard ...` line of its ```console blocks is run with the
// built CLI's main() in spec/cli/fixtures/, and what it prints must be what the page shows (blocks marked random are
// compared with their base64 runs as placeholders). So the page cannot rot. After a deliberate change of the
// output, rewrite the page's outputs with: KEYCARD_UPDATE_CLI_DOCS=1 node spec/run.mjs spec/cli/docs.test.ts
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, consoleBlocks, runBlock, withoutRandomness } from "./run-cli.js";

const path = join(ROOT, "docs", "cli.md");
const markdown = readFileSync(path, "utf8");
const blocks = consoleBlocks(markdown);
const update = process.env.KEYCARD_UPDATE_CLI_DOCS === "1";
const outputs = new Map<number, string[]>();

test("docs/cli.md has examples of every command", () => {
  const commands = new Set(blocks.flatMap((b) => b.commands.map((c) => c.command.split(" ")[1])));
  for (const name of ["decode", "verify", "sign", "lint", "keygen", "thumbprint"]) assert.ok(commands.has(name), `no example of keycard ${name}`);
});

// One block after the other: runBlock changes the working directory while a command runs.
describe("docs/cli.md examples", () => {
  for (const block of blocks) {
    test(`docs/cli.md:${block.line}: the output shown is what keycard prints`, async () => {
      const actual = await runBlock(block);
      outputs.set(block.line, actual);
      block.commands.forEach((command, i) => {
        const expected = block.random ? withoutRandomness(command.expected) : command.expected;
        const got = block.random ? withoutRandomness(actual[i]!) : actual[i]!;
        if (!update) assert.equal(got, expected, `docs/cli.md:${command.line}: $ ${command.command.slice(0, 80)}`);
      });
    });
  }
});

if (update) {
  test("rewrite docs/cli.md with the actual outputs (KEYCARD_UPDATE_CLI_DOCS=1)", () => {
    const lines = markdown.split("\n");
    for (const block of [...blocks].reverse()) {
      const actual = outputs.get(block.line)!;
      for (let k = block.commands.length - 1; k >= 0; k--) {
        const command = block.commands[k]!;
        const old = command.expected === "" ? 0 : command.expected.split("\n").length - 1;
        const fresh = actual[k]!.replace(/\n$/, "");
        lines.splice(command.line, old, ...(fresh === "" ? [] : fresh.split("\n")));
      }
    }
    writeFileSync(path, lines.join("\n"));
  });
}
