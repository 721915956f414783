/**
 * "sideEffects": false promises bundlers that a module of keycard whose exports are unused can be dropped whole.
 * For the token lifecycle (dist/lifecycle/) this test holds it to more: loading a module only declares. Every
 * top-level statement is an import, an export, a function or class declaration, or a constant whose initialiser
 * runs no code (literals, regular expressions, functions, object and array literals of those, `new Set/Map/
 * WeakSet/WeakMap` of those, `Object.freeze` of those), so even a bundler that ignores "sideEffects" drops it, and
 * an application that never calls the lifecycle pays nothing for it. (The core's tables, computed at load, are
 * not judged here.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const dist = join(fileURLToPath(new URL("../../", import.meta.url)), "dist");
const PURE_CONSTRUCTORS = new Set(["Set", "Map", "WeakSet", "WeakMap"]);

function modules(dir: string): string[] {
  return readdirSync(dir).sort().filter((name) => name.endsWith(".js")).map((name) => join(dir, name));
}

/** Whether evaluating `node` can run code (a call, a getter, a constructor other than the collections). */
function isPure(node: ts.Expression, declared: ReadonlySet<string>): boolean {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return isPure(node.expression, declared);
  if (ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isRegularExpressionLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(node)) return isPure(node.operand, declared);
  if (ts.isBinaryExpression(node)) return isPure(node.left, declared) && isPure(node.right, declared) && node.operatorToken.kind !== ts.SyntaxKind.InKeyword;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) return true;
  if (ts.isIdentifier(node)) return node.text === "undefined" || declared.has(node.text);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isPure(span.expression, declared));
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => (ts.isSpreadElement(e) ? false : isPure(e, declared)));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every((p) => (ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) ? isPure(p.initializer, declared) : ts.isMethodDeclaration(p) || ts.isShorthandPropertyAssignment(p)));
  }
  if (ts.isNewExpression(node)) {
    return ts.isIdentifier(node.expression) && PURE_CONSTRUCTORS.has(node.expression.text) && (node.arguments ?? []).every((a) => isPure(a, declared));
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Object" &&
      callee.name.text === "freeze" && node.arguments.every((a) => isPure(a, declared));
  }
  return false;
}

/** The top-level statements of a module that may do something when it loads. */
function effects(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = new Set<string>();
  const found: string[] = [];
  for (const statement of source.statements) {
    const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isFunctionDeclaration(statement)) continue;
    if (ts.isClassDeclaration(statement)) {
      // Static blocks and static initialisers run at load.
      const runs = statement.members.some((m) => ts.isClassStaticBlockDeclaration(m) ||
        (ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) && m.initializer !== undefined && !isPure(m.initializer, declared)));
      if (runs) found.push(`${file}:${line} class with static code`);
      if (statement.name !== undefined) declared.add(statement.name.text);
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (d.initializer !== undefined && !isPure(d.initializer, declared)) found.push(`${file}:${line} ${d.name.getText(source)} = ${d.initializer.getText(source).slice(0, 60)}`);
        if (ts.isIdentifier(d.name)) declared.add(d.name.text);
      }
      continue;
    }
    found.push(`${file}:${line} ${statement.getText(source).slice(0, 60)}`);
  }
  return found;
}

test("the token lifecycle's modules only declare when they load", (t) => {
  assert.ok(existsSync(join(dist, "index.js")), "run `npm run build` first (npm test does)");
  const lifecycle = modules(join(dist, "lifecycle"));
  assert.ok(lifecycle.length >= 8, `only ${lifecycle.length} lifecycle modules built`);
  const found: string[] = [];
  for (const path of lifecycle) found.push(...effects(relative(dist, path).split(sep).join("/"), readFileSync(path, "utf8")));
  assert.deepEqual(found, []);
  t.diagnostic(`${lifecycle.length} lifecycle modules checked`);
});

test("the detector flags what runs and passes what only declares", () => {
  const code = [
    "import { x } from './x.js';",
    "const a = /re/, b = { c: 1, d: [2, 'e'], f() {} }, g = new Set(['h']), i = Object.freeze({ j: 1 });",
    "export function k() {}",
    "const l = crypto.randomUUID();",
    "globalThis.m = 1;",
    "const n = new Date();",
    "const o = [...g];",
  ].join("\n");
  assert.deepEqual(effects("t.js", code).map((line) => line.split(" ")[0]), ["t.js:4", "t.js:5", "t.js:6", "t.js:7"]);
});
