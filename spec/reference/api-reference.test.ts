/**
 * The API reference cannot drift from the code. For every name a package entry exports (package.json "exports",
 * read back to the lib/ sources, so entries added later are checked too):
 * - docs/api.md has a section for it: a heading naming it;
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

/** The text of every heading of docs/api.md, with the line it is on and whether a body follows it. */
function headingsOf(markdown: string): { text: string; line: number; body: string }[] {
  const lines = markdown.split("\n");
  const headings: { text: string; line: number; body: string }[] = [];
  let inCode = false;
  for (const [index, line] of lines.entries()) {
    if (line.startsWith("```")) inCode = !inCode;
    if (inCode || !/^#{2,6} /.test(line)) continue;
    let end = index + 1;
    while (end < lines.length && !/^#{1,6} /.test(lines[end]!)) end++;
    headings.push({ text: line.replace(/^#+ /, ""), line: index + 1, body: lines.slice(index + 1, end).join("\n").trim() });
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

test("every export of every package entry has a section in docs/api.md", () => {
  const missing: string[] = [];
  for (const name of new Set(names.map((n) => n.name))) {
    const section = headings.find((h) => wholeWord(name).test(h.text));
    if (section === undefined) missing.push(name);
    else assert.ok(section.body.length > 0, `${API}:${section.line}: the section of ${name} is empty`);
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
});
