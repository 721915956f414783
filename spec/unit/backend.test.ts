// Which backend does the cryptography: each run of the suite uses the one it says, and the package's exports
// give Node.js node:crypto and every other runtime (or Node.js with the condition) WebCrypto.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runChild } from "../helpers/child.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { backendName } from "../../lib/jwa/signature.js";

const root = new URL("../../", import.meta.url);

test("this run of the suite uses the backend it is named for", () => {
  const expected = process.env.KEYCARD_TEST_BACKEND === "webcrypto" ? "webcrypto" : "node:crypto";
  assert.equal(backendName(), expected);
});

test("the built package: Node.js gets node:crypto, --conditions=keycard-webcrypto gets WebCrypto", async () => {
  const probe = 'const k = await import("keycard"); const s = await import("keycard/package.json", { with: { type: "json" } });' +
    'const { backendName } = await import(new URL("dist/jwa/signature.js", import.meta.resolve("keycard/package.json")).href);' +
    'const t = await k.sign({ a: 1 }, "x".repeat(32)); await k.verify(t, "x".repeat(32)); console.log(backendName(), s.default.name);';
  const run = async (...flags: string[]) => {
    const child = await runChild(process.execPath, [...flags, "--input-type=module", "-e", probe], { cwd: fileURLToPath(root) });
    assert.equal(child.status, 0, child.stderr);
    return child.stdout.trim();
  };
  const [node, webcrypto] = await Promise.all([run(), run("--conditions=keycard-webcrypto")]);
  assert.equal(node, "node:crypto keycard");
  assert.equal(webcrypto, "webcrypto keycard");
});

test("the exports map sends every non-Node runtime to the WebCrypto entry, with its types", () => {
  const { exports } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
  const entry = exports["."];
  assert.equal(entry.types, "./dist/index.d.ts");
  const conditions = Object.keys(entry);
  for (const runtime of ["keycard-webcrypto", "deno", "bun", "workerd", "worker", "browser"]) {
    assert.equal(entry[runtime], "./dist/index.js", runtime);
    assert.ok(conditions.indexOf(runtime) < conditions.indexOf("node"), `${runtime} comes before node (Deno and Bun also match "node")`);
  }
  assert.equal(entry.node, "./dist/node/index.js");
  assert.equal(entry.default, "./dist/index.js");
});
