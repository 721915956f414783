#!/usr/bin/env node
/**
 * Size report: `npm run size` (builds dist/, installs bench/peers when missing) or `node bench/size.mjs
 * [--json] [--modules]` after a build.
 *
 * What an application ships: each import is bundled by esbuild (bench/peers' pinned copy) with
 * `--bundle --minify --format=esm`, for the browser platform (keycard's WebCrypto entry, dist/index.js, the one
 * browsers, Deno, Bun and workers get), then gzipped at level 9. keycard is measured as `{ sign, verify }`,
 * `verify` alone, and everything (`export *`); the peers as their equivalent imports, next to it. The Node.js
 * entry (node:crypto backend) is measured too, for the record: bundle size matters little on a server.
 *
 * `--modules` (and the JSON output) break each keycard bundle down by module, from esbuild's metafile: the
 * minified bytes each source module leaves in the bundle, and its gzip share estimated pro rata. For keycard it
 * also prints what bounds the gzip size: the string literals alone (error messages, member names), and the
 * code with every literal emptied. The report checks that PEM, DER, JWK Set, lifecycle and lint code stays out of `{ sign, verify }`.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const peersDir = fileURLToPath(new URL("./peers/", import.meta.url));
const args = process.argv.slice(2);

if (!existsSync(new URL("../dist/index.js", import.meta.url))) {
  console.error("dist/ is not built: run `npm run size` (it builds) or `npx tsc -p tsconfig.build.json` first");
  process.exit(1);
}
let esbuild;
try {
  esbuild = createRequire(`${peersDir}package.json`)("esbuild");
} catch {
  console.error("esbuild is not installed in bench/peers: run `npm run size` (it installs bench/peers) or `cd bench/peers && npm ci`");
  process.exit(1);
}

const gzip = (text) => gzipSync(text, { level: 9 }).length;

/** Bundles `contents` (an ES module importing from `resolveDir`), minified; returns the text and its metafile. */
async function bundle(contents, resolveDir, platform = "browser") {
  const result = await esbuild.build({
    stdin: { contents, resolveDir, sourcefile: "entry.js", loader: "js" },
    bundle: true, minify: true, format: "esm", platform, write: false, metafile: true, logLevel: "silent",
    legalComments: "none", outfile: "out.js",
  });
  const text = result.outputFiles[0].text;
  return { text, metafile: result.metafile };
}

/**
 * The minified bytes each input module leaves in the bundle (esbuild's metafile), with its gzip share estimated
 * pro rata: its share of the minified bytes times the bundle's compression ratio.
 */
function modules(built) {
  const output = Object.values(built.metafile.outputs)[0];
  const ratio = gzip(built.text) / built.text.length;
  return Object.entries(output.inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path, info]) => ({ module: path.replace(/^.*?dist\//, "dist/"), minified: info.bytesInOutput,
      gzipShare: Math.round(info.bytesInOutput * ratio) }))
    .sort((a, b) => b.minified - a.minified);
}

/** What bounds the gzip size: the string literals (error messages, names) alone, and the code without them. */
function literals(built) {
  const LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
  return {
    literalsGzip: gzip((built.text.match(LITERAL) ?? []).join("\n")),
    codeWithoutLiteralsGzip: gzip(built.text.replace(LITERAL, '""')),
  };
}

const keycardDist = root;
const KEYCARD = [
  ["keycard { sign, verify }", 'export { sign, verify } from "./dist/index.js";'],
  ["keycard verify", 'export { verify } from "./dist/index.js";'],
  ["keycard createVerifier", 'export { createVerifier } from "./dist/index.js";'],
  ["keycard everything", 'export * from "./dist/index.js";'],
];
const PEERS = [
  ["jose { SignJWT, jwtVerify }", 'export { SignJWT, jwtVerify } from "jose";'],
  ["jose jwtVerify", 'export { jwtVerify } from "jose";'],
  ["hono/jwt { sign, verify }", 'export { sign, verify } from "hono/jwt";'],
  ["hono/jwt verify", 'export { verify } from "hono/jwt";'],
  ["cloudflare-worker-jwt { sign, verify }", 'export { sign, verify } from "@tsndr/cloudflare-worker-jwt";'],
  ["fast-jwt { createSigner, createVerifier } (Node.js)", 'export { createSigner, createVerifier } from "fast-jwt";', "node"],
  ["jsonwebtoken { sign, verify } (Node.js)", 'import jwt from "jsonwebtoken"; export const { sign, verify } = jwt;', "node"],
];

const rows = [];
const breakdowns = {};
for (const [name, contents, platform] of KEYCARD) {
  const built = await bundle(contents, keycardDist, platform);
  rows.push({ name, minified: built.text.length, gzip: gzip(built.text), ...literals(built) });
  breakdowns[name] = modules(built);
}
const peerVersions = {};
for (const [name, contents, platform] of PEERS) {
  const pkg = contents.match(/from "([^"]+)"/)[1].replace(/\/jwt$/, "");
  try {
    peerVersions[pkg] ??= JSON.parse(readFileSync(`${peersDir}node_modules/${pkg}/package.json`, "utf8")).version;
    const built = await bundle(contents, peersDir, platform);
    rows.push({ name: `${name.replace(pkg, `${pkg} ${peerVersions[pkg]}`)}`, minified: built.text.length, gzip: gzip(built.text) });
  } catch (error) {
    rows.push({ name, error: String(error?.message ?? error).split("\n")[0] });
  }
}

// PEM, DER, JWK Sets, the lifecycle layer and the lint must cost nothing to a program that does not import them.
const signVerify = breakdowns["keycard { sign, verify }"].map((m) => m.module);
const leaked = signVerify.filter((m) => /bytes\/(pem|der|base64)\.js$|keys\/(import-pem|asn1-|jwks-|export-jwk|generate|thumbprint)|\/(lifecycle|lint)\//.test(m));

if (args.includes("--json")) {
  console.log(JSON.stringify({ esbuild: esbuild.version, rows, modules: breakdowns, leaked }, null, 2));
} else {
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`esbuild ${esbuild.version} --bundle --minify --format=esm (browser platform unless marked Node.js), then gzip -9`);
    console.log(`${"import".padEnd(58)} ${"minified".padStart(10)} ${"gzip".padStart(10)}`);
  for (const r of rows) {
    console.log(r.error ? `${r.name.padEnd(58)} failed: ${r.error}` : `${r.name.padEnd(58)} ${kB(r.minified).padStart(10)} ${kB(r.gzip).padStart(10)}   (${r.gzip} B)` +
      (r.literalsGzip === undefined ? "" : `  literals alone ${r.literalsGzip} B, code without literals ${r.codeWithoutLiteralsGzip} B`));
  }
  console.log(leaked.length === 0
    ? "PEM, DER, JWK Set, lifecycle and lint code: none in { sign, verify } (they cost nothing when not imported)"
    : `WARNING: { sign, verify } pulls in ${leaked.join(", ")}`);
  if (args.includes("--modules")) {
    for (const name of ["keycard { sign, verify }", "keycard verify"]) {
      console.log(`\n${name}: minified bytes per module (gzip share estimated pro rata)`);
      for (const m of breakdowns[name]) console.log(`  ${m.module.padEnd(40)} ${String(m.minified).padStart(7)} B ${String(m.gzipShare).padStart(7)} B gz`);
    }
  } else {
    console.log("(node bench/size.mjs --modules breaks keycard's bundles down by module)");
  }
}
