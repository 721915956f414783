/**
 * The API reference cannot drift from the code. For every name a package entry exports (package.json "exports",
 * read back to the lib/ sources, so entries added later are checked too):
 * - docs/api.md has a section for it: a heading naming it; a function's section says what fails (an `ERR_` code,
 *   "Errors" or "throws") and has an example (a ```js block, executed by spec/docs/examples.test.ts) in it or in
 *   the `##` section around it;
 * - its declaration has a doc comment; a function's says what it throws (`@throws`); an interface documents
 *   each of its members (where option defaults are written).
 * And every `export` of every file in lib/, public or internal, has a doc comment. Reads files only: runs once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { exportedNames, libDeclarations, packageEntries, root } from "./exports.js";

const API = "docs/api.md";
const names = exportedNames();

interface Heading {
  text: string;
  line: number;
  /** The text up to the next heading. */
  body: string;
  /** The text up to the next heading of the same level or above: the body and its subsections. */
  section: string;
  /** The section of the `##` heading this one is under (its own, for a `##` heading). */
  chapter: string;
}

/** Every heading of docs/api.md, with its body and the sections around it. */
function headingsOf(markdown: string): Heading[] {
  const lines = markdown.split("\n");
  const levels: (number | undefined)[] = [];
  let inCode = false;
  for (const line of lines) {
    if (line.startsWith("```")) inCode = !inCode;
    levels.push(!inCode && /^#{1,6} /.test(line) ? /^#+/.exec(line)![0].length : undefined);
  }
  const until = (from: number, stop: (level: number) => boolean) => {
    let end = from + 1;
    while (end < lines.length && (levels[end] === undefined || !stop(levels[end]!))) end++;
    return lines.slice(from + 1, end).join("\n").trim();
  };
  const headings: Heading[] = [];
  let chapter = "";
  for (const [index, line] of lines.entries()) {
    const level = levels[index];
    if (level === undefined || level < 2) continue;
    const section = until(index, (other) => other <= level);
    if (level === 2) chapter = section;
    headings.push({ text: line.replace(/^#+ /, ""), line: index + 1, body: until(index, () => true), section, chapter });
  }
  return headings;
}

const headings = headingsOf(readFileSync(join(root, API), "utf8"));
const wholeWord = (name: string) => new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/[$]/g, "\\$")}([^A-Za-z0-9_$]|$)`);

function libFiles(dir = join(root, "lib")): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return libFiles(path);
    return name.endsWith(".ts") ? [relative(root, path).split("\\").join("/")] : [];
  });
}

test("the package's entries are read from package.json, and each exports names", () => {
  const entries = packageEntries();
  assert.ok(entries.has("."), 'package.json exports "."');
  for (const [entry, sources] of entries) {
    assert.ok(names.some((n) => n.entry === entry), `package.json entry "${entry}" (${sources.join(", ")}) exports nothing`);
  }
  for (const name of ["sign", "verify", "decode", "JWTError", "KeyLike", "VerifyOptions"]) {
    assert.ok(names.some((n) => n.name === name && n.entry === "."), `"${name}" is read as an export of "keycard"`);
  }
});

test("every export of every package entry has a section in docs/api.md; a function's names its errors and shows an example", () => {
  const missing: string[] = [];
  const functions = new Set(names.filter((n) => n.kind === "function").map((n) => n.name));
  for (const name of new Set(names.map((n) => n.name))) {
    const heading = headings.find((h) => wholeWord(name).test(h.text));
    if (heading === undefined) {
      missing.push(name);
      continue;
    }
    assert.ok(heading.body.length > 0 || heading.section.length > 0, `${API}:${heading.line}: the section of ${name} is empty`);
    if (!functions.has(name)) continue;
    assert.match(heading.section, /ERR_|Errors|[Tt]hrows/, `${API}:${heading.line}: the section of ${name} does not say what fails`);
    assert.ok(/^```js$/m.test(heading.section) || /^```js$/m.test(heading.chapter), `${API}:${heading.line}: no example for ${name}`);
  }
  assert.deepEqual(missing, [], `${API} has no heading naming these exports: ${missing.join(", ")}`);
});

test("every export of every package entry has TSDoc: functions say what they throw, interfaces document their members", () => {
  const problems: string[] = [];
  for (const n of names) {
    const where = `${n.name} (${n.file}:${n.line}, exported by "${n.entry}")`;
    if (n.doc.replace(/[/*\s]/g, "").length < 20) problems.push(`${where} has no doc comment`);
    else if (n.kind === "function" && !n.tags.includes("throws")) problems.push(`${where}: its doc comment has no @throws`);
    if (n.undocumentedMembers.length > 0) problems.push(`${where}: members without a doc comment: ${n.undocumentedMembers.join(", ")}`);
  }
  assert.deepEqual(problems, []);
});

test("every export of every lib/ file, internal ones too, has a doc comment", () => {
  const declarations = libDeclarations(libFiles());
  assert.ok(declarations.length > 100, `only ${declarations.length} exported declarations read`);
  const undocumented = declarations.filter((d) => d.doc.replace(/[/*\s]/g, "").length < 10).map((d) => `${d.name} (${d.file}:${d.line})`);
  assert.deepEqual(undocumented, []);
});

test("the reference checks do catch what they look for", () => {
  assert.ok(wholeWord("sign").test("sign(payload, key, options?)"));
  assert.ok(!wholeWord("sign").test("signJWS(payload, key, options?)"));
  assert.ok(wholeWord("JWTError").test("`JWTError` and `ErrorCode`"));
  const sample = headingsOf("## a\ntext\n```js\n## not a heading\n```\n## b\n\n### c\nbody");
  assert.deepEqual(sample.map((h) => [h.text, h.body.length > 0]), [["a", true], ["b", false], ["c", true]]);
  assert.deepEqual(sample.map((h) => [h.section.length > 0, h.chapter.includes("body")]), [[true, false], [true, true], [true, true]]);
});
