#!/usr/bin/env node
/**
 * Where a keycard verify spends its time: each step of `createVerifier(key, options)(token)` measured alone,
 * on the built dist/ and the backend its Node.js entry point installs, next to the whole call and the floor.
 * A tool for finding hot spots, not a comparison: it imports dist/'s internal modules, so it must follow them
 * when they move. Run `node bench/parts.mjs [ALG...] [--quick] [--dist=DIR]` (ALG: HS256 RS256 PS256 ES256 EdDSA;
 * default HS256 ES256); `--dist` measures another build of the library (a copy with a change to try).
 * Add `--conditions=keycard-webcrypto` before the script name for the WebCrypto backend.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { fixture } from "./lib/fixtures.mjs";
import { measure } from "./lib/measure.mjs";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const distArg = args.find((a) => a.startsWith("--dist="));
const dist = distArg ? pathToFileURL(resolve(distArg.slice("--dist=".length))).href + "/" : new URL("../dist/", import.meta.url).href;
const algs = args.filter((a) => !a.startsWith("--"));
const settings = { timeMs: quick ? 150 : 500, warmupMs: quick ? 50 : 150 };

const load = (path) => import(new URL(path, dist).href);
// The entry point Node.js would pick: dist/node/index.js (node:crypto) unless --conditions=keycard-webcrypto.
const webcryptoOnly = process.execArgv.some((a) => a.includes("keycard-webcrypto"));
const nodeEntry = !webcryptoOnly && existsSync(fileURLToPath(new URL("node/index.js", dist)));
const kc = await load(nodeEntry ? "node/index.js" : "index.js");
const { parseCompact, textOf, jsonObjectOf } = await load("jws/compact.js");
const { decodeBase64urlBinary } = await load("bytes/base64url.js");
const { textOfUtf8Binary } = await load("bytes/utf8.js");
const { parseJSONObject } = await load("bytes/json.js");
const { keyHandle } = await load("keys/handle.js");
const { algorithmByName } = await load("jwa/algorithms.js");
const signatureModule = await load("jwa/signature.js");
const { verifySignature } = signatureModule;
const backendName = typeof signatureModule.backendName === "function" ? signatureModule.backendName() : signatureModule.backendName;
const { checkClaims, readClaimRules } = await load("jwt/claims.js");
const { readJWSRules } = await load("jws/verify-options.js");
const { verifySignedParts } = await load("jws/verify.js");

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

async function parts(alg) {
  const fx = await fixture(alg);
  const key = alg === "HS256" ? fx.verifyKey.secret : fx.verifyKey.cryptoKey;
  const { token } = fx;
  const first = token.indexOf(".");
  const second = token.indexOf(".", first + 1);
  const encodedHeader = token.slice(0, first);
  const encodedPayload = token.slice(first + 1, second);
  const encodedSignature = token.slice(second + 1);
  const payloadBinary = decodeBase64urlBinary(encodedPayload);
  const payloadText = textOfUtf8Binary(payloadBinary);
  const headerText = textOfUtf8Binary(decodeBase64urlBinary(encodedHeader));
  const jwa = algorithmByName(alg);
  const handle = keyHandle(key);
  const cryptoKey = await handle.cryptoKey(jwa, "verify");
  const jws = parseCompact(token, 65536);
  const claimRules = readClaimRules(fx.verifyOptions);
  const jwsRules = readJWSRules(fx.verifyOptions);
  const payload = jsonObjectOf(payloadText, "payload");
  const verifier = kc.createVerifier(key, fx.verifyOptions);
  const { backend } = await load(backendName === "node:crypto" ? "node/backend.js" : "jwa/webcrypto.js");
  const subtleOp = fx.webcrypto.op;
  const nowSeconds = Date.now() / 1000;

  const steps = [
    ["createVerifier(key, options)(token): the whole call", () => verifier(token)],
    ["  parseCompact (split, header JSON, payload and signature bytes)", () => parseCompact(token, 65536)],
    ["    header: decode, text, JSON object", () => jsonObjectOf(textOf(decodeBase64urlBinary(encodedHeader), "header"), "header")],
    ["    decodeBase64urlBinary(payload) (atob)", () => decodeBase64urlBinary(encodedPayload)],
    ["    decodeBase64urlBinary(signature) (atob)", () => decodeBase64urlBinary(encodedSignature)],
    ["  payload: text, JSON object", () => jsonObjectOf(textOf(payloadBinary, "payload"), "payload")],
    ["    textOfUtf8Binary(payload) (ASCII test)", () => textOfUtf8Binary(payloadBinary)],
    ["    parseJSONObject(payload text) (duplicate check)", () => parseJSONObject(payloadText)],
    ["    JSON.parse(payload text) alone, for scale", () => JSON.parse(payloadText)],
    ["    parseJSONObject(header text)", () => parseJSONObject(headerText)],
    ["  verifySignedParts (steps 2-4, awaited)", () => verifySignedParts(jws, key, jwsRules)],
    ["    keyHandle(key) lookup", () => keyHandle(key)],
    ["    handle.cryptoKey(alg, 'verify') (awaited)", () => handle.cryptoKey(jwa, "verify")],
    ["    verifySignature (form check + backend, awaited)", () => verifySignature(jwa, cryptoKey, jws.signingInput, jws.signature)],
    [`    backend.verify (${backendName}) direct`, () => backend.verify(jwa, cryptoKey, jws.signingInput, jws.signature)],
    ["  checkClaims (step 5)", () => checkClaims(payload, jws.header, claimRules, nowSeconds)],
    ["floor: crypto.subtle.verify", () => crypto.subtle.verify(subtleOp, fx.verifyKey.cryptoKey, fx.signature, fx.signingInput)],
  ];
  console.log(`\n${alg} verify, keycard ${dist === new URL("../dist/", import.meta.url).href ? "dist/" : dist}, backend ${backendName}`);
  console.log(`${"step".padEnd(62)} ${"median".padStart(9)} ${"best".padStart(9)}  (ns/op of a batch)`);
  for (const [label, fn] of steps) {
    const r = await measure(fn, settings);
    console.log(`${label.padEnd(62)} ${int.format(r.median).padStart(9)} ${int.format(r.best).padStart(9)}  ${r.mode}`);
  }
}

for (const alg of algs.length > 0 ? algs : ["HS256", "ES256"]) await parts(alg);
