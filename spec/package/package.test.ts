// The package as published: its package.json (ES modules, types, no dependencies, no side effects) and what
// `npm pack` puts in the tarball (the built library and its documents, nothing of the sources, tests or tools).
import { test } from "node:test";
import assert from "node:assert/strict";
import { runChild } from "../helpers/child.js";
import { fileURLToPath } from "node:url";
import { existsSync, readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));

test("package.json: an ES module package with types, no dependencies and no side effects", () => {
  assert.equal(pkg.name, "keycard");
  assert.equal(pkg.type, "module");
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.license, "MIT");
  assert.match(pkg.engines.node, /^>=\s*20/);
  for (const field of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"]) {
    assert.equal(pkg[field], undefined, `${field} must not exist: keycard has no runtime dependencies`);
  }
  assert.deepEqual(Object.keys(pkg.devDependencies).sort(), ["@types/node", "tsx", "typescript"]);
  assert.equal(pkg.exports["."].types, "./dist/index.d.ts");
  // The keycard command (docs/cli.md): one bin, the built Node.js CLI, a script for `node` whatever the shell.
  assert.deepEqual(pkg.bin, { keycard: "./dist/node/cli.js" });
  assert.deepEqual(pkg.files, ["dist", "debugger", "CHANGELOG.md"]);
});

test("the keycard bin starts with a #!/usr/bin/env node line", () => {
  const cli = new URL("dist/node/cli.js", root);
  assert.ok(existsSync(cli), "dist/node/cli.js is missing: run npm run build");
  assert.equal(readFileSync(cli, "utf8").split("\n")[0], "#!/usr/bin/env node");
});

test("npm pack ships the built library, its types and documents, the debugger page, and nothing else", async () => {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const packed = await runChild(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: fileURLToPath(root) });
  assert.equal(packed.status, 0, packed.stderr);
  const [report] = JSON.parse(packed.stdout);
  const files: string[] = report.files.map((file: { path: string }) => file.path);
  const documents = ["CHANGELOG.md", "LICENSE", "README.md", "package.json"];
  for (const document of documents) assert.ok(files.includes(document), `${document} is shipped`);
  // The offline token debugger of `keycard serve` (debugger/): its page, script and style, nothing else.
  const page = ["debugger/debugger.css", "debugger/debugger.js", "debugger/index.html"];
  for (const file of page) assert.ok(files.includes(file), `${file} is shipped (keycard serve needs it)`);
  const others = files.filter((path) => !documents.includes(path) && !page.includes(path));
  const strays = others.filter((path) => !/^dist\/.+\.(js|d\.ts)$/.test(path));
  assert.deepEqual(strays, [], "only dist/**/*.js and .d.ts besides the documents and the debugger page");
  for (const entry of ["dist/index.js", "dist/index.d.ts", "dist/node/index.js", "dist/node/cli.js", "dist/lint/time.js"]) assert.ok(files.includes(entry), entry);
  // Every module has its declarations, so the types are complete.
  for (const js of others.filter((path) => path.endsWith(".js"))) assert.ok(files.includes(js.replace(/\.js$/, ".d.ts")), `${js} has types`);
});
