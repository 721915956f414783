/**
 * docs/conformance.md stays true: every row of its tables has a known requirement level and status, names files
 * of lib/ that exist and functions or constants declared in them, and tests that exist under the exact name
 * given; an "enforced" row names both; every row has one of the four statuses (the "pending" status of the
 * RFC 6750 part is gone with the lifecycle layer, and refused); and the counts table at the end matches the rows.
 * Reads files only: it runs once (STATIC in spec/run.mjs).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const MAP = "docs/conformance.md";
const LEVELS = new Set(["MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT", "SHOULD", "SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED"]);
const STATUSES: [string, RegExp][] = [
  ["enforced", /^enforced$/],
  ["not applicable", /^not applicable: \S.{9,}$/],
  ["by the caller", /^by the caller: \S.{9,}$/],
  ["not enforced", /^not enforced: \S.{9,}$/],
];

interface Row {
  part: string;
  line: number;
  cells: Record<string, string>;
}

/** The rows of every table under a `## ` heading, by column name. */
function tablesOf(markdown: string): Row[] {
  const rows: Row[] = [];
  let part = "";
  let columns: string[] | undefined;
  const lines = markdown.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.startsWith("## ")) {
      part = line.slice(3).trim();
      columns = undefined;
      continue;
    }
    if (!line.startsWith("|")) {
      columns = undefined;
      continue;
    }
    const cells = line.replace(/^\|/, "").replace(/\|\s*$/, "").split("|").map((cell) => cell.trim());
    if (columns === undefined) {
      columns = cells;
      continue;
    }
    if (cells.every((cell) => /^-+$/.test(cell))) continue;
    assert.equal(cells.length, columns.length, `${MAP}:${index + 1} has ${cells.length} cells for ${columns.length} columns (a "|" inside a cell?)`);
    rows.push({ part, line: index + 1, cells: Object.fromEntries(columns.map((name, i) => [name, cells[i]!])) });
  }
  return rows;
}

const markdown = readFileSync(join(root, MAP), "utf8");
const allRows = tablesOf(markdown);
const requirements = allRows.filter((row) => row.cells.requirement !== undefined);
const source = new Map<string, string>();
const read = (file: string) => {
  if (!source.has(file)) source.set(file, existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8") : "");
  return source.get(file)!;
};
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `name` is declared in `text`: a function, const, let, class, interface, type, or a method. */
function declares(text: string, name: string): boolean {
  const id = escape(name);
  return new RegExp(`(?:function\\*?|const|let|var|class|interface|type|enum)\\s+${id}\\b`).test(text)
    || new RegExp(`^\\s*(?:async\\s+)?${id}\\s*\\(`, "m").test(text);
}

/** The [file, names] pairs of a "where" cell: `lib/a.ts` `f`, `g`; `lib/b.ts` `h`. */
function placesOf(cell: string): [string, string[]][] {
  if (cell === "—" || cell === "") return [];
  return cell.split(";").map((part) => {
    const names = [...part.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    return [names[0] ?? "", names.slice(1)];
  });
}

/** The [file, test name] pairs of a "proof" cell: `spec/x.test.ts` "name"; ... */
function proofsOf(cell: string): [string, string][] {
  if (cell === "—" || cell === "") return [];
  const proofs = [...cell.matchAll(/`([^`]+)`\s+"((?:[^"\\]|\\.)*)"/g)].map((m): [string, string] => [m[1]!, m[2]!]);
  assert.ok(proofs.length > 0, `a proof is \`file\` "test name": ${cell}`);
  return proofs;
}

function statusOf(row: Row): string {
  const status = row.cells.status ?? "";
  const found = STATUSES.find(([, pattern]) => pattern.test(status));
  assert.ok(found !== undefined, `${MAP}:${row.line}: unknown status "${status}"`);
  return found[0];
}

test("the conformance map has a table row per requirement, with a known level and status", () => {
  assert.ok(requirements.length >= 100, `only ${requirements.length} rows were read from ${MAP}`);
  for (const row of requirements) {
    assert.ok(LEVELS.has(row.cells.level!), `${MAP}:${row.line}: level "${row.cells.level}"`);
    assert.match(row.cells["§"]!, /^\d+(\.\d+)*$/, `${MAP}:${row.line}: section`);
    assert.ok(row.cells.requirement!.length >= 10, `${MAP}:${row.line}: the requirement is quoted`);
    const status = statusOf(row);
    if (status === "enforced") {
      assert.ok(placesOf(row.cells.where!).length > 0, `${MAP}:${row.line}: an enforced requirement names where`);
      assert.ok(proofsOf(row.cells.proof!).length > 0, `${MAP}:${row.line}: an enforced requirement names its test`);
    }
  }
});

test("every file, function and constant the map names exists in lib/", () => {
  for (const row of requirements) {
    for (const [file, names] of placesOf(row.cells.where!)) {
      assert.match(file, /^lib\/.+\.ts$/, `${MAP}:${row.line}: "where" starts with a lib/ file`);
      const text = read(file);
      assert.ok(text !== "", `${MAP}:${row.line}: ${file} does not exist`);
      assert.ok(names.length > 0, `${MAP}:${row.line}: ${file} is named without a function`);
      for (const name of names) assert.ok(declares(text, name), `${MAP}:${row.line}: ${file} declares no "${name}"`);
    }
  }
});

test("every test the map names exists under that exact name", () => {
  let count = 0;
  for (const row of requirements) {
    for (const [file, name] of proofsOf(row.cells.proof!)) {
      assert.match(file, /^spec\/.+\.test\.ts$/, `${MAP}:${row.line}: a proof is a spec/ test file`);
      const text = read(file);
      assert.ok(text !== "", `${MAP}:${row.line}: ${file} does not exist`);
      const written = [`"${name}"`, `'${name}'`, `\`${name}\``];
      const found = ["test(", "it(", "describe("].some((call) => written.some((literal) => text.includes(call + literal)));
      assert.ok(found, `${MAP}:${row.line}: ${file} has no test named "${name}"`);
      count++;
    }
  }
  assert.ok(count >= 80, `only ${count} proofs`);
});

test("the counts at the end of the map are the rows' counts, per RFC and in all", () => {
  const counts = new Map<string, Map<string, number>>();
  const add = (part: string, status: string) => {
    const row = counts.get(part) ?? new Map<string, number>();
    row.set(status, (row.get(status) ?? 0) + 1);
    row.set("total", (row.get("total") ?? 0) + 1);
    counts.set(part, row);
  };
  for (const row of requirements) {
    add(row.part.split(":")[0]!, statusOf(row));
    add("all", statusOf(row));
  }
  const table = allRows.filter((row) => row.part === "Counts");
  assert.deepEqual(table.map((row) => row.cells.part).sort(), [...counts.keys()].sort(), `${MAP}: the counts table has a row per RFC, and "all"`);
  for (const row of table) {
    for (const column of [...STATUSES.map(([name]) => name), "total"]) {
      const expected = counts.get(row.cells.part!)?.get(column) ?? 0;
      assert.equal(Number(row.cells[column]), expected, `${MAP}:${row.line}: ${row.cells.part}, ${column} is ${expected}`);
    }
  }
});

test("the map's checks do catch what they look for", () => {
  assert.ok(declares("export async function verifySignedParts(", "verifySignedParts"));
  assert.ok(declares("  cryptoKey(alg, usage) {", "cryptoKey"));
  assert.ok(!declares("verifySignedPartsX()", "verifySignedParts"));
  assert.deepEqual(placesOf("`lib/a.ts` `f`, `g`; `lib/b.ts` `h`"), [["lib/a.ts", ["f", "g"]], ["lib/b.ts", ["h"]]]);
  assert.deepEqual(proofsOf('`spec/a.test.ts` "x; y"; `spec/b.test.ts` "z"'), [["spec/a.test.ts", "x; y"], ["spec/b.test.ts", "z"]]);
  assert.throws(() => statusOf({ part: "RFC 7515", line: 0, cells: { status: "enforced, mostly" } }));
  assert.throws(() => statusOf({ part: "RFC 6750", line: 0, cells: { status: "pending: lifecycle layer (issue 5)" } }));
});
