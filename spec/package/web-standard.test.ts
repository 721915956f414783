/**
 * The built core is web-standard: outside dist/node/, nothing in dist/ imports from Node.js or touches a Node
 * global, so the same files run on Deno, Bun, workerd and in browsers (API.md, first paragraph), loaded by URL
 * with no package.json, import map or bundler.
 *
 * 1. Statically, on every dist/**\/*.js but dist/node/ (parsed with the TypeScript compiler, which is already a
 *    devDependency): each import specifier (static, re-export, dynamic) is relative and stays inside dist/ and
 *    out of dist/node/ (no bare specifier at all: not even a package.json "imports" name, which a browser or an
 *    unbundled Worker could not resolve); no free identifier or `globalThis.` property is Buffer, process,
 *    require, global, __dirname, __filename, setImmediate, clearImmediate, Deno or Bun. package.json "exports"
 *    sends every condition but "node" outside dist/node/, lists the conditions runtimes set together with "node"
 *    (deno, bun, keycard-webcrypto, workerd, worker, browser) before it, and the Node.js entry installs its
 *    backend on the core's own dist/jwa/signature.js and re-exports the core's dist/index.js.
 * 2. At run time, stronger: a child Node.js process imports "keycard" by name with the condition
 *    keycard-webcrypto (through a node_modules/keycard link to the package), hides Node's globals from the
 *    library and the conformance suite (a getter notes who asked and answers `undefined`, as a browser would),
 *    refuses through a module resolve hook any Node built-in or dist/node/ module the library asks for, then
 *    runs the whole portable conformance suite (spec/conformance/) on the built core.
 * Needs dist/ (`npm run build`, or `npx tsc -p tsconfig.build.json`); KEYCARD_DIST names another build.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runChild } from "../helpers/child.js";
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const rootDir = fileURLToPath(new URL("../../", import.meta.url));
/** The built library: dist/, or KEYCARD_DIST (a private build, with package.json copied beside it). */
const dist = process.env.KEYCARD_DIST ?? join(rootDir, "dist");
const NODE_GLOBALS = ["Buffer", "process", "require", "global", "__dirname", "__filename", "setImmediate", "clearImmediate", "Deno", "Bun"];
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Every .js file of dist/ outside dist/node/, relative to dist/. */
function coreFiles(dir = dist, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== join(dist, "node")) coreFiles(path, out);
    } else if (name.endsWith(".js")) {
      out.push(relative(dist, path).split(sep).join("/"));
    }
  }
  return out;
}

interface Finding {
  file: string;
  line: number;
  what: string;
}

/** The import specifiers and Node-global references of one JavaScript module. */
function inspectModule(file: string, text: string): { specifiers: { specifier: string; line: number }[]; globals: Finding[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const specifiers: { specifier: string; line: number }[] = [];
  const globals: Finding[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specifiers.push({ specifier: node.moduleSpecifier.text, line: lineOf(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      specifiers.push({ specifier: argument !== undefined && ts.isStringLiteralLike(argument) ? argument.text : "<computed>", line: lineOf(node) });
    } else if (ts.isIdentifier(node) && NODE_GLOBALS.includes(node.text) && isFreeReference(node)) {
      globals.push({ file, line: lineOf(node), what: node.text });
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) &&
      ["globalThis", "self", "window"].includes(node.expression.text) && NODE_GLOBALS.includes(node.name.text)) {
      globals.push({ file, line: lineOf(node), what: `${node.expression.text}.${node.name.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { specifiers, globals };
}

/** Whether an identifier is a reference to a variable (not a property name, a member or a label). */
function isFreeReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
    ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isPropertySignature(parent)) && parent.name === node) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return true;
}

const built = existsSync(join(dist, "index.js"));

interface PackageJSON {
  exports?: unknown;
}
/** The package's package.json: the one beside dist/ (KEYCARD_DIST's, when that is set). */
const packagePath = existsSync(join(dist, "..", "package.json")) ? join(dist, "..", "package.json") : join(rootDir, "package.json");
const packageJSON = (): PackageJSON => JSON.parse(readFileSync(packagePath, "utf8")) as PackageJSON;
const notBuilt = "dist/ is not built: run `npm run build` (or `npx tsc -p tsconfig.build.json`) first";

/** Why `specifier`, imported by dist/`file`, is not allowed in the web-standard core; undefined when it is. */
function badSpecifier(file: string, specifier: string): string | undefined {
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    const target = posix.normalize(posix.join(posix.dirname(file), specifier));
    if (target.startsWith("node/")) return "reaches dist/node/";
    if (target.startsWith("../")) return "leaves dist/";
    return undefined;
  }
  if (BUILTINS.has(specifier) || specifier.startsWith("node:")) return "a Node built-in";
  return "not a relative specifier";
}

test("dist/ outside dist/node/ imports only relative modules inside it, never a Node built-in or a bare name", (t) => {
  assert.ok(built, notBuilt);
  const files = coreFiles();
  assert.ok(files.length > 20, `only ${files.length} files in dist/: is the build complete?`);
  const bad: string[] = [];
  let count = 0;
  for (const file of files) {
    for (const { specifier, line } of inspectModule(file, readFileSync(join(dist, file), "utf8")).specifiers) {
      count++;
      const why = badSpecifier(file, specifier);
      if (why !== undefined) bad.push(`dist/${file}:${line} imports ${JSON.stringify(specifier)} (${why})`);
    }
  }
  t.diagnostic(`${files.length} modules, ${count} import specifiers checked`);
  assert.deepEqual(bad, []);
  // The rule itself, on specifiers that break it and one that keeps it.
  assert.equal(badSpecifier("jwa/signature.js", "./webcrypto.js"), undefined);
  assert.equal(badSpecifier("jwa/signature.js", "#backend"), "not a relative specifier");
  assert.equal(badSpecifier("jwa/signature.js", "../node/backend.js"), "reaches dist/node/");
  assert.equal(badSpecifier("index.js", "../lib/x.js"), "leaves dist/");
  assert.equal(badSpecifier("index.js", "node:crypto"), "a Node built-in");
  assert.equal(badSpecifier("index.js", "crypto"), "a Node built-in");
});

test("the Node.js entry installs its backend on the core's own modules and adds no other API", () => {
  assert.ok(built, notBuilt);
  const entry = join(dist, "node", "index.js");
  assert.ok(existsSync(entry), "dist/node/index.js is missing");
  const specifiers = inspectModule("node/index.js", readFileSync(entry, "utf8")).specifiers.map((s) => s.specifier).sort();
  // ../jwa/signature.js and ../index.js are the very modules dist/index.js loads: one instance, one backend.
  assert.deepEqual(specifiers, ["../index.js", "../jwa/signature.js", "./backend.js"]);
});

test("dist/ outside dist/node/ names no Node global (Buffer, process, require, global, ...)", () => {
  assert.ok(built, notBuilt);
  const found: string[] = [];
  for (const file of coreFiles()) {
    for (const g of inspectModule(file, readFileSync(join(dist, file), "utf8")).globals) found.push(`dist/${g.file}:${g.line} uses ${g.what}`);
  }
  assert.deepEqual(found, []);
});

test("the static checks do catch what they look for", () => {
  // The detectors above, on code that breaks each rule once, and on code that only looks similar.
  const { specifiers, globals } = inspectModule("x.js", [
    'import { createHash } from "node:crypto";',
    'export { x } from "buffer";',
    'const m = await import("fs");',
    "const b = Buffer.from([1]); const p = globalThis.process; if (typeof require === 'function') {}",
    "const ok = { process: 1, Buffer: 2 }; ok.process; ok.Buffer;",
  ].join("\n"));
  assert.deepEqual(specifiers.map((s) => s.specifier), ["node:crypto", "buffer", "fs"]);
  assert.deepEqual(globals.map((g) => g.what), ["Buffer", "globalThis.process", "require"]);
});

test("package.json sends every condition but node and bun outside dist/node/, and lists node after the runtimes' own", () => {
  const pkg = packageJSON();
  assert.ok(!("imports" in pkg), 'package.json has "imports": the core must not need a bare specifier (see above)');
  const leaves: { where: string; target: string }[] = [];
  /** The targets of an exports value reachable without passing a "node" or "bun" condition (Bun has node:crypto). */
  const walk = (value: unknown, where: string): void => {
    if (typeof value === "string") leaves.push({ where, target: value });
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${where}[${i}]`));
    else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) if (key !== "node" && key !== "bun") walk(inner, `${where}.${key}`);
    }
  };
  const rootExport = typeof pkg.exports === "object" && pkg.exports !== null && "." in pkg.exports ? (pkg.exports as Record<string, unknown>)["."] : pkg.exports;
  walk(rootExport, 'exports["."]');
  assert.ok(leaves.length > 0, "package.json has no root export");
  for (const { where, target } of leaves) {
    assert.ok(!target.includes("/node/"), `${where} → ${target}: Node-only code outside the "node" and "bun" conditions`);
    if (built && target.endsWith(".js")) assert.ok(existsSync(join(dirname(packagePath), target)), `${where} → ${target} does not exist`);
  }
  // Resolvers take the first matching condition in the package's order; Deno and Bun (and bundlers for workers
  // and browsers) also match "node", so their own conditions must come before it, and "default" last.
  assert.ok(typeof rootExport === "object" && rootExport !== null && !Array.isArray(rootExport), 'exports["."] is not a conditions object');
  const order = Object.keys(rootExport);
  const node = order.indexOf("node");
  assert.ok(node >= 0, 'exports["."] has no "node" condition');
  for (const condition of ["keycard-webcrypto", "deno", "bun", "workerd", "worker", "browser"]) {
    const at = order.indexOf(condition);
    assert.ok(at >= 0 && at < node, `exports["."]: "${condition}" must be listed before "node" (order: ${order.join(", ")})`);
  }
  assert.equal(order.at(-1), "default", `exports["."]: "default" must come last (order: ${order.join(", ")})`);
});

// The child process of the run-time check (written to child.mjs in an application folder whose
// node_modules/keycard links to the package). It reads its inputs, installs the traps, imports "keycard" and the
// suite, and prints one JSON line. Node built-ins it needs are imported before the traps are set.
const CHILD = `
import { readFileSync } from "node:fs";
import { register } from "node:module";
const [distURL, suiteURL, vectorsPath] = process.argv.slice(2);
const vectors = JSON.parse(readFileSync(vectorsPath, "utf8"));
const realProcess = process;
const watched = [distURL, new URL("./", suiteURL).href];
const isWatched = (url) => watched.some((base) => url.startsWith(base)) && !url.startsWith(distURL + "node/");

// Module resolution: the library and the suite may not reach a Node built-in or dist/node/, nor may "keycard".
const hooks = \`
  const watched = \${JSON.stringify(watched)}, distURL = \${JSON.stringify(distURL)};
  const isWatched = (url) => watched.some((base) => url.startsWith(base)) && !url.startsWith(distURL + "node/");
  export async function resolve(specifier, context, next) {
    const resolved = await next(specifier, context);
    if (((context.parentURL !== undefined && isWatched(context.parentURL)) || specifier === "keycard") &&
        (resolved.url.startsWith("node:") || resolved.url.startsWith(distURL + "node/"))) {
      const parent = context.parentURL ?? "?";
      throw new Error("web-standard: " + (parent.startsWith(distURL) ? "dist/" + parent.slice(distURL.length) : parent) + " imports " + specifier + " (" + resolved.url + ")");
    }
    return resolved;
  }\`;
register("data:text/javascript," + encodeURIComponent(hooks));

// Globals: answer undefined to the library and the suite, the real value to everyone else (Node's own code).
const touched = new Set();
for (const name of ${JSON.stringify(NODE_GLOBALS)}) {
  const real = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      const caller = (new Error().stack ?? "").split("\\n")[2] ?? "";
      const url = /(file:\\/\\/\\S+?):\\d+:\\d+/.exec(caller)?.[1];
      if (url !== undefined && isWatched(url)) {
        touched.add(name + " from " + caller.trim());
        return undefined;
      }
      return real === undefined ? undefined : real.get !== undefined ? real.get.call(globalThis) : real.value;
    },
    set(value) {
      Object.defineProperty(globalThis, name, { configurable: true, writable: true, value });
    },
  });
}

let output;
try {
  const keycard = await import("keycard");
  const entry = import.meta.resolve("keycard");
  const { run } = await import(suiteURL);
  const result = await run(keycard, { vectors });
  // The module dist/index.js itself imports (./jwa/signature.js), by the same URL: the same instance.
  const { backendName } = await import(new URL("jwa/signature.js", entry).href);
  output = { ...result, entry, backend: backendName(), touched: [...touched] };
} catch (error) {
  output = { error: String(error?.message ?? error).split("\\n")[0], touched: [...touched] };
}
realProcess.stdout.write(JSON.stringify(output) + "\\n");
`;

test("the built core runs the conformance suite with Node's globals hidden and node: imports refused", async (t) => {
  assert.ok(built, notBuilt);
  const dir = mkdtempSync(join(tmpdir(), "keycard-web-standard-"));
  try {
    const vectorsDir = join(rootDir, "spec", "vectors", "rfc");
    const vectors = existsSync(vectorsDir)
      ? readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).flatMap((f) => (JSON.parse(readFileSync(join(vectorsDir, f), "utf8")) as { vectors: unknown[] }).vectors)
      : [];
    const vectorsPath = join(dir, "vectors.json");
    writeFileSync(vectorsPath, JSON.stringify(vectors));
    // The application: node_modules/keycard → the package (the folder of package.json and dist/; for a
    // KEYCARD_DIST without package.json beside it, a copy of the build with the repository's package.json).
    let packageRoot = dirname(packagePath);
    if (realpathSync(join(packageRoot, "dist")) !== realpathSync(dist)) {
      packageRoot = join(dir, "package");
      mkdirSync(packageRoot);
      cpSync(packagePath, join(packageRoot, "package.json"));
      cpSync(dist, join(packageRoot, "dist"), { recursive: true });
    }
    mkdirSync(join(dir, "app", "node_modules"), { recursive: true });
    symlinkSync(packageRoot, join(dir, "app", "node_modules", "keycard"), "dir");
    writeFileSync(join(dir, "app", "package.json"), JSON.stringify({ private: true, type: "module", dependencies: { keycard: "*" } }));
    writeFileSync(join(dir, "app", "child.mjs"), CHILD);
    const distURL = pathToFileURL(realpathSync(join(packageRoot, "dist")) + sep).href;
    const suiteURL = pathToFileURL(join(rootDir, "spec", "conformance", "suite.js")).href;
    const child = await runChild(process.execPath, ["--conditions=keycard-webcrypto", "--no-warnings", "child.mjs", distURL, suiteURL, vectorsPath], {
      cwd: join(dir, "app"), timeout: 120_000, env: { ...process.env, NODE_OPTIONS: "" },
    });
    const line = child.stdout.trim().split("\n").pop() ?? "";
    let result: {
      error?: string; touched: string[]; passed?: number; failed?: number; total?: number; entry?: string; backend?: string;
      failures?: { name: string; message: string }[];
    };
    try {
      result = JSON.parse(line);
    } catch {
      assert.fail(`the child printed no result (status ${child.status}${child.error === undefined ? "" : `, ${child.error.message}`})\n${child.stderr.slice(-2000)}`);
    }
    assert.equal(result.error, undefined, "the library or the suite could not load without Node's globals");
    assert.deepEqual(result.touched, [], "Node globals touched by the library or the suite");
    assert.equal(result.entry, `${distURL}index.js`, '"keycard" with the condition keycard-webcrypto');
    assert.equal(result.backend, "webcrypto");
    t.diagnostic(`conformance suite without Node globals: ${result.passed} passed, ${result.failed} failed`);
    for (const failure of result.failures ?? []) t.diagnostic(`suite failure (not judged here; see npm run test:runtimes): ${failure.name}: ${failure.message}`);
    assert.ok((result.total ?? 0) > 150, `the suite ran only ${result.total} checks`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
