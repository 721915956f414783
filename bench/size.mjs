#!/usr/bin/env node
/**
 * Size report: the bytes of keycard's built dist/ next to the peers installed in bench/peers/node_modules.
 * `node bench/size.mjs` (after a build; `--json` for machine-readable output).
 *
 * For each library it follows the module graph from the package entry (static `import`/`export ... from`,
 * `import()` and `require()` with literal specifiers; Node built-ins left out), so the figures are what a
 * program loads, not what happens to be in the package folder. keycard is counted twice, once per entry point
 * its `exports` give (WebCrypto: browsers, Deno, Bun, workers; node:crypto: Node.js). Columns:
 * - raw: the files' bytes as shipped;
 * - gzip: node:zlib gzip (level 9) of the files concatenated;
 * - min+gz (est.): the same after dropping whole-line comments, comment blocks that open a line, blank lines
 *   and indentation. No bundler or minifier is involved, so it is an estimate: a real minifier also renames
 *   and would land lower, for every library alike.
 * "on disk" is the package folder plus its dependencies' folders, everything included (types, docs, maps).
 */
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, resolve, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const peersDir = join(root, "bench/peers");
const BUILTINS = new Set(builtinModules);

const SPECIFIERS = [
  /(?:^|[;\s}])(?:import|export)\s[^;'"]*?\bfrom\s*["']([^"']+)["']/g,
  /(?:^|[;\s])import\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
];

function specifiersOf(source) {
  const found = new Set();
  for (const pattern of SPECIFIERS) for (const match of source.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

const isBuiltin = (spec) => spec.startsWith("node:") || BUILTINS.has(spec) || BUILTINS.has(spec.split("/")[0]);

/** The files reachable from `entry`; `resolveSpecifier(spec, fromFile)` returns a path or undefined (skip). */
function moduleGraph(entry, resolveSpecifier) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiersOf(readFileSync(file, "utf8"))) {
      if (isBuiltin(spec)) continue;
      const target = resolveSpecifier(spec, file);
      if (target !== undefined && /\.(c|m)?js$/.test(target)) pending.push(target);
    }
  }
  return [...seen].sort();
}

/** Node's own resolution (CommonJS conditions), enough for the peers' relative and bare specifiers. */
function nodeResolve(spec, from) {
  try {
    return createRequire(from).resolve(spec);
  } catch {
    if (spec.startsWith(".")) {
      for (const candidate of [spec, `${spec}.js`, `${spec}/index.js`]) {
        const path = resolve(dirname(from), candidate);
        if (existsSync(path) && statSync(path).isFile()) return path;
      }
    }
    return undefined;
  }
}

/** Comments on lines of their own, blank lines and indentation out; code untouched. */
function roughlyMinified(source) {
  return source
    .replace(/^\s*\/\*[\s\S]*?\*\/\s*$/gm, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//"))
    .join("\n");
}

function measureFiles(files) {
  const sources = files.map((f) => readFileSync(f, "utf8"));
  const all = sources.join("\n");
  return {
    files: files.length,
    raw: Buffer.byteLength(all),
    gzip: gzipSync(all, { level: 9 }).length,
    minGzip: gzipSync(sources.map(roughlyMinified).join("\n"), { level: 9 }).length,
  };
}

function folderBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}

/** A package's folder and those of its dependencies, recursively (node_modules is flat here). */
function installedBytes(name, modules, seen = new Set()) {
  if (seen.has(name)) return 0;
  seen.add(name);
  const dir = join(modules, name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  let total = folderBytes(dir);
  for (const dep of Object.keys(pkg.dependencies ?? {})) total += installedBytes(dep, modules, seen);
  return total;
}

const rows = [];
const dist = join(root, "dist");
if (!existsSync(join(dist, "index.js"))) {
  console.error("dist/ is not built: run `npx tsc -p tsconfig.build.json` (or `npm run build`) first");
  process.exit(1);
}
const keycardPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const keycardDisk = folderBytes(dist);
/** What a condition picks in a conditional-exports target: the first key that matches. */
function pick(target, condition) {
  if (typeof target === "string" || target === undefined) return target;
  for (const [key, value] of Object.entries(target)) if (key === condition || key === "default") return pick(value, condition);
  return undefined;
}
for (const [label, condition] of [["webcrypto", "browser"], ["node:crypto", "node"]]) {
  // The entry point the package's exports give under this condition.
  const entry = join(root, pick(keycardPkg.exports?.["."], condition) ?? "dist/index.js");
  const files = moduleGraph(entry, (spec, from) => (spec.startsWith(".") ? resolve(dirname(from), spec) : undefined));
  rows.push({ name: `keycard ${keycardPkg.version} (${label})`, ...measureFiles(files), disk: keycardDisk });
}
const allDist = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".js")) allDist.push(path);
  }
})(dist);
rows.push({ name: "keycard dist/**/*.js (everything built)", ...measureFiles(allDist.sort()), disk: keycardDisk });

const modules = join(peersDir, "node_modules");
if (existsSync(modules)) {
  const anchor = join(peersDir, "package.json");
  for (const name of ["jose", "fast-jwt", "jsonwebtoken"]) {
    const version = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
    const files = moduleGraph(createRequire(anchor).resolve(name), nodeResolve);
    const packages = new Set(files.map((f) => relative(modules, f).split("/").slice(0, relative(modules, f).startsWith("@") ? 2 : 1).join("/")));
    rows.push({ name: `${name} ${version}${packages.size > 1 ? ` (+${packages.size - 1} deps)` : ""}`, ...measureFiles(files),
      disk: installedBytes(name, modules) });
  }
} else {
  console.error("bench/peers is not installed (cd bench/peers && npm ci): keycard only");
}

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`${"module graph from the entry".padEnd(44)} ${"files".padStart(5)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"min+gz est.".padStart(12)} ${"on disk".padStart(10)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(44)} ${String(r.files).padStart(5)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} ${kb(r.minGzip).padStart(12)} ${kb(r.disk).padStart(10)}`);
  }
  console.log("on disk: keycard's whole dist/ (with .d.ts); a peer's folder plus its dependencies' folders.");
}
