// Which backend does the cryptography: each run of the suite uses the one it says, and the package's exports
// give Node.js and Bun node:crypto and every other runtime (or Node.js with the condition) WebCrypto.
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

test("the exports map sends Node.js and Bun to the node:crypto entry, every other runtime to the WebCrypto entry, with its types", () => {
  const { exports } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
  const entry = exports["."];
  assert.equal(entry.types, "./dist/index.d.ts");
  const conditions = Object.keys(entry);
  for (const runtime of ["keycard-webcrypto", "deno", "bun", "workerd", "worker", "browser"]) {
    assert.equal(entry[runtime], runtime === "bun" ? "./dist/node/index.js" : "./dist/index.js", runtime);
    assert.ok(conditions.indexOf(runtime) < conditions.indexOf("node"), `${runtime} comes before node (Deno and Bun also match "node")`);
  }
  assert.ok(conditions.indexOf("keycard-webcrypto") < conditions.indexOf("bun"), "keycard-webcrypto comes first: it picks WebCrypto on Bun too");
  assert.equal(entry.node, "./dist/node/index.js");
  assert.equal(entry.default, "./dist/index.js");
});

// ---- the two backends agree ------------------------------------------------------------------------------
// Both backends run here, one after the other, on the same inputs: the same verdict and error code for every
// token, the same token from every deterministic algorithm (HMAC, RSASSA-PKCS1-v1_5, Ed25519), and each
// backend's tokens accepted by the other (ECDSA and RSA-PSS signatures are randomised).

import { useBackend } from "../../lib/jwa/signature.js";
import { backend as webcryptoBackend } from "../../lib/jwa/webcrypto.js";
import { backend as nodeBackend } from "../../lib/node/backend.js";
import { sign, verify, createSigner, createVerifier, signJWS, verifyJWS, importPEM, generateKeyPair, type AlgorithmName } from "../../lib/index.js";
import { ALL_ALGS, badSignature, fixedSecret, hs256, keyPair, part, rawToken, withPart } from "../helpers/keys.js";

const BACKENDS = [["webcrypto", webcryptoBackend], ["node:crypto", nodeBackend]] as const;

/** Runs `fn` under each backend and returns its results by backend name; puts the suite's backend back. */
async function underEach<T>(t: { after: (fn: () => void) => void }, fn: () => Promise<T>): Promise<Record<string, T>> {
  const original = backendName() === "node:crypto" ? nodeBackend : webcryptoBackend;
  t.after(() => useBackend(original));
  const out: Record<string, T> = {};
  try {
    for (const [name, backend] of BACKENDS) {
      useBackend(backend);
      out[name] = await fn();
    }
  } finally {
    useBackend(original);
  }
  return out;
}

/** A verify call's outcome: the payload's subject, or the error code. */
async function outcome(call: () => Promise<{ payload: unknown }>): Promise<string> {
  try {
    const { payload } = await call();
    return `ok ${JSON.stringify(payload)}`;
  } catch (error) {
    return `error ${(error as { code?: string }).code ?? String(error)}`;
  }
}

const secret = fixedSecret(64);
const keysOf = async (alg: AlgorithmName) => {
  if (alg.startsWith("HS")) return { signKey: secret, verifyKey: secret };
  const pair = await keyPair(alg as Exclude<(typeof ALL_ALGS)[number], "HS256" | "HS384" | "HS512">);
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
};

test("both backends give the same tokens for the deterministic algorithms, and accept each other's for the others", async (t) => {
  for (const alg of ALL_ALGS) {
    const { signKey, verifyKey } = await keysOf(alg);
    const payload = { sub: "agreement", name: "Zoë 🗝", iat: 1700000000 };
    const tokens = await underEach(t, () => sign(payload, signKey, { alg, iat: false, kid: "k1" }));
    const jws = await underEach(t, () => signJWS(new Uint8Array([0, 1, 2, 255]), signKey, { alg }));
    if (/^(HS|RS)|^EdDSA$|^Ed25519$/.test(alg)) {
      assert.equal(tokens["webcrypto"], tokens["node:crypto"], `${alg}: the same JWT from both backends`);
      assert.equal(jws["webcrypto"], jws["node:crypto"], `${alg}: the same JWS from both backends`);
    }
    for (const token of Object.values(tokens)) {
      const verdicts = await underEach(t, () => outcome(() => verify(token, verifyKey, { algorithms: [alg] })));
      assert.equal(verdicts["webcrypto"], `ok ${JSON.stringify(payload)}`, `${alg}: WebCrypto accepts`);
      assert.equal(verdicts["node:crypto"], verdicts["webcrypto"], `${alg}: node:crypto agrees`);
    }
    const payloads = await underEach(t, async () => [...(await verifyJWS(jws["webcrypto"]!, verifyKey, { algorithms: [alg] })).payload].join());
    assert.equal(payloads["node:crypto"], payloads["webcrypto"], `${alg}: the same JWS payload bytes`);
  }
});

test("both backends give the same verdict and error code on the same refused tokens", async (t) => {
  const good = await hs256({ alg: "HS256", typ: "JWT" }, { sub: "x", exp: 4102444800 }, secret);
  const es = await keyPair("ES256");
  const esToken = await rawToken({ alg: "ES256" }, { sub: "x" }, es.privateKey, "ES256");
  const rsa = await keyPair("RS256");
  const rsToken = await rawToken({ alg: "RS256" }, { sub: "x" }, rsa.privateKey, "RS256");
  const signature = esToken.split(".")[2]!;
  const cases: [string, string, unknown, object?][] = [
    ["valid", good, secret],
    ["changed signature", badSignature(good), secret],
    ["short signature", withPart(good, 2, "AAAA"), secret],
    ["non-canonical signature", withPart(good, 2, good.split(".")[2]!.slice(0, -1) + "B"), secret],
    ["expired", await hs256({ alg: "HS256" }, { exp: 1000 }, secret), secret],
    ["duplicate header member", await hs256('{"alg":"HS256","alg":"HS256"}', { sub: "x" }, secret), secret],
    ["payload not UTF-8", withPart(good, 1, Buffer.from([0x7b, 0xff, 0x7d]).toString("base64url")), secret],
    ["payload with a BOM", withPart(good, 1, part("\ufeff{}")), secret],
    ["wrong secret", good, fixedSecret(64, 9)],
    ["secret too short for HS256", good, fixedSecret(16)],
    ["alg not allowed", good, secret, { algorithms: ["HS512"] }],
    ["ES256 valid", esToken, es.publicKey],
    ["ES256 r = s = 0", withPart(esToken, 2, "A".repeat(86)), es.publicKey],
    ["ES256 signature of the wrong length", withPart(esToken, 2, signature.slice(0, 84)), es.publicKey],
    ["ES256 signature flipped", badSignature(esToken), es.publicKey],
    ["ES256 verified with the private key", esToken, es.privateKey],
    ["RS256 valid", rsToken, rsa.publicKey],
    ["RS256 signature flipped", badSignature(rsToken), rsa.publicKey],
    ["RS256 token, ES256 key", rsToken, es.publicKey],
  ];
  for (const [name, token, key, options] of cases) {
    const verdicts = await underEach(t, () => outcome(() => verify(token, key as Uint8Array, options)));
    assert.equal(verdicts["node:crypto"], verdicts["webcrypto"], name);
    const prepared = await underEach(t, async () => {
      const verifier = createVerifier(key as Uint8Array, options);
      return [await outcome(() => verifier(token)), await outcome(() => verifier(token))].join(" / ");
    });
    assert.equal(prepared["node:crypto"], prepared["webcrypto"], `${name} (createVerifier, twice)`);
  }
});

test("both backends refuse the same signing keys with the same error code", async (t) => {
  const es = await keyPair("ES256");
  const attempts: [string, () => Promise<string>][] = [
    ["public key signing", () => createSigner(es.publicKey, { alg: "ES256" })({ sub: "x" })],
    ["short secret", () => sign({ sub: "x" }, fixedSecret(8))],
    ["alg of another family", () => sign({ sub: "x" }, es.privateKey, { alg: "RS256" })],
  ];
  for (const [name, attempt] of attempts) {
    const results = await underEach(t, async () => {
      try {
        return `ok ${await attempt()}`;
      } catch (error) {
        return `error ${(error as { code?: string }).code}`;
      }
    });
    assert.match(results["webcrypto"]!, /^error ERR_/, name);
    assert.equal(results["node:crypto"], results["webcrypto"], name);
  }
});

test("node:crypto backend: keys keycard imports become KeyObjects from their own material, never through KeyObject.from (DEP0204); a key it would refuse goes to WebCrypto", async (t) => {
  if (backendName() !== "node:crypto") {
    t.skip("this run uses the WebCrypto backend, which makes no KeyObjects");
    return;
  }
  const { KeyObject } = await import("node:crypto");
  const original = KeyObject.from;
  const converted: CryptoKey[] = [];
  KeyObject.from = ((key: CryptoKey) => {
    converted.push(key);
    return original.call(KeyObject, key);
  }) as typeof KeyObject.from;
  t.after(() => {
    KeyObject.from = original;
  });
  // Fresh keys: the backend keeps one KeyObject per CryptoKey.
  const secret = crypto.getRandomValues(new Uint8Array(32));
  await verify(await sign({ n: 1 }, secret), secret);
  const oct = { kty: "oct", k: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url") };
  await verify(await sign({ n: 2 }, oct), oct);
  for (const alg of ["RS256", "PS256", "ES256", "EdDSA"] as const) {
    const pair = await keyPair(alg);
    const privateJwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
    const publicJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
    const jwk = (key: JsonWebKey) => ({ ...key, alg: undefined, key_ops: undefined, ext: undefined }) as never;
    await verify(await sign({ alg }, jwk(privateJwk), { alg }), jwk(publicJwk), { algorithms: [alg] });
    const pem = (label: string, der: ArrayBuffer) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64")}\n-----END ${label}-----\n`;
    const privatePem = await importPEM(pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", pair.privateKey)), alg);
    const publicPem = await importPEM(pem("PUBLIC KEY", await crypto.subtle.exportKey("spki", pair.publicKey)), alg);
    await verify(await sign({ alg }, privatePem, { alg }), publicPem, { algorithms: [alg] });
    const generated = await generateKeyPair(alg); // its private key is not extractable
    await verify(await sign({ alg }, generated.privateKey, { alg }), generated.publicKey, { algorithms: [alg] });
  }
  assert.deepEqual(converted, [], "keycard's own keys were converted with KeyObject.from");
  // A CryptoKey the caller made has no material keycard knows: it is converted, once.
  const own = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  await verify(await sign({ n: 3 }, own), own);
  assert.deepEqual(converted, [own]);
  // Should Node.js refuse to convert one (DEP0204 says a later version will throw), WebCrypto takes over.
  KeyObject.from = (() => {
    throw new TypeError("non-extractable CryptoKey");
  }) as typeof KeyObject.from;
  const refused = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const token = await sign({ n: 4 }, refused);
  assert.equal((await verify(token, refused)).payload.n, 4);
  assert.equal((await verify(token, secret)).payload.n, 4, "the same HMAC as node:crypto computes");
  await assert.rejects(verify(badSignature(token), refused), { code: "ERR_JWT_SIGNATURE_INVALID" });
});
