/**
 * createSigner and createVerifier (API.md "For repeated use"): options and keys normalised once, bad options
 * thrown synchronously at creation (ERR_INVALID_ARGUMENT), a key that cannot be used failing the first call
 * (ERR_KEY_INVALID), and otherwise the same semantics and errors as sign and verify.
 */
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { createSigner, createVerifier, sign, verify, decode, type KeyLike, type VerifyOptions, type SignOptions, type JWK } from "../../lib/index.js";
import { callAsync, rejectsWith, throwsWith } from "../helpers/assert.js";
import { badSignature, fixedSecret, hs256, jwkPair, keyPair } from "../helpers/keys.js";

const NOW = 1_700_000_000;
const secret = fixedSecret(32);

test("createSigner signs exactly as sign does with the same options", async () => {
  const options: SignOptions = { now: NOW, expiresIn: "1h", issuer: "i", audience: ["a"], kid: "k", header: { x: 1 } };
  const signer = createSigner(secret, options);
  for (const payload of [{}, { a: 1 }, { sub: "s", nested: { b: [1, 2] } }]) {
    assert.equal(await signer(payload), await sign(payload, secret, options));
  }
  const { privateKey, publicKey } = await keyPair("ES256");
  const ecSigner = createSigner(privateKey, { now: NOW });
  const token = await ecSigner({ b: 2 });
  assert.deepEqual((await verify(token, publicKey, { now: NOW })).payload, { b: 2, iat: NOW });
});

test("createSigner reads the clock and draws a jti at each call", async (t) => {
  mock.timers.enable({ apis: ["Date"], now: NOW * 1000 });
  t.after(() => mock.timers.reset());
  const signer = createSigner(secret, { expiresIn: 10, jwtId: true });
  const first = decode(await signer({})).payload;
  mock.timers.tick(5000);
  const second = decode(await signer({})).payload;
  assert.equal(first.iat, NOW);
  assert.equal(second.iat, NOW + 5);
  assert.equal(second.exp, NOW + 15);
  assert.notEqual(first.jti, second.jti);
});

test("createSigner: bad options throw ERR_INVALID_ARGUMENT synchronously, at creation", () => {
  const bad: unknown[] = [
    null, 5, "HS256", [], { alg: "none" }, { alg: "HS999" }, { header: { alg: "HS256" } }, { header: 5 }, { kid: 5 },
    { typ: "a", header: { typ: "b" } }, { expiresIn: "60" }, { notBefore: -1 }, { audience: [] }, { issuer: 1 },
    { jwtId: 1 }, { iat: "yes" }, { now: "today" },
  ];
  for (const options of bad) throwsWith(() => createSigner(secret, options as SignOptions), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(options));
});

test("createSigner: an RSA JWK without alg is an options problem, thrown at creation", async () => {
  const { privateJWK } = await jwkPair("RS256");
  throwsWith(() => createSigner(privateJWK), "ERR_INVALID_ARGUMENT");
  assert.equal(decode(await createSigner(privateJWK, { alg: "PS256" })({})).header.alg, "PS256");
});

test("createSigner: a key that cannot be used fails each call with ERR_KEY_INVALID, not the creation", async () => {
  const { publicKey } = await keyPair("ES256");
  const keys: [string, unknown][] = [
    ["a JWK of no known kty", { kty: "nope" }],
    ["an oct JWK without k", { kty: "oct" }],
    ["a short secret", new Uint8Array(8)],
    ["a PEM string", "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"],
    ["a public key", publicKey],
    ["a number", 42],
    ["null", null],
    ["an alg the key cannot serve", secret],
  ];
  for (const [what, key] of keys) {
    const signer = createSigner(key as KeyLike, what === "an alg the key cannot serve" ? { alg: "ES256" } : undefined);
    await rejectsWith(callAsync(() => signer({})) as Promise<string>, "ERR_KEY_INVALID", undefined, what);
    await rejectsWith(signer({ again: true }), "ERR_KEY_INVALID", undefined, what);
  }
});

test("createSigner: a bad payload rejects that call only", async () => {
  const signer = createSigner(secret, { now: NOW, expiresIn: 60 });
  await rejectsWith(callAsync(() => signer(null as never)) as Promise<string>, "ERR_INVALID_ARGUMENT");
  await rejectsWith(signer({ exp: 5 }), "ERR_INVALID_ARGUMENT"); // expiresIn would overwrite it
  await rejectsWith(signer([] as never), "ERR_INVALID_ARGUMENT");
  assert.equal(decode(await signer({ ok: 1 })).payload.exp, NOW + 60);
});

test("createVerifier gives the same results and errors as verify with the same options", async () => {
  const other = fixedSecret(32, 99);
  const tokens = [
    await hs256({ alg: "HS256" }, { iss: "i", aud: "a", exp: NOW + 10 }, secret),
    await hs256({ alg: "HS256" }, { iss: "x", aud: "a" }, secret),
    await hs256({ alg: "HS256" }, { iss: "i", aud: "a", exp: NOW }, secret),
    await hs256({ alg: "HS256", crit: ["x"], x: 1 }, {}, secret),
    await hs256({ alg: "HS384" }, {}, secret),
    await hs256({ alg: "HS256" }, { iss: "i", aud: "a" }, other),
    badSignature(await hs256({ alg: "HS256" }, { iss: "i", aud: "a" }, secret)),
    "not a token",
  ];
  const options: VerifyOptions = { now: NOW, issuer: "i", audience: "a", algorithms: ["HS256"] };
  const verifier = createVerifier(secret, options);
  for (const token of tokens) {
    const outcome = async (p: Promise<unknown>) => p.then((r) => ({ ok: r }), (e: { code: string; claim?: string }) => ({ code: e.code, claim: e.claim }));
    assert.deepEqual(await outcome(verifier(token)), await outcome(verify(token, secret, options)), token.slice(0, 30));
  }
});

test("createVerifier: bad options throw ERR_INVALID_ARGUMENT synchronously, at creation", () => {
  const bad: unknown[] = [
    null, 5, "x", [], { algorithms: ["none"] }, { algorithms: [] }, { algorithms: "HS256" }, { algorithms: ["HS1"] },
    { issuer: 5 }, { audience: [] }, { subject: 1 }, { typ: 1 }, { clockTolerance: "5" }, { maxTokenAge: NaN },
    { requiredClaims: "exp" }, { critical: ["alg"] }, { maxTokenLength: 0 }, { isRevoked: "no" }, { now: "now" },
    { cache: "yes" }, { cache: null }, { cache: { max: 0 } }, { cache: { max: 1.5 } }, { cache: { max: "10" } },
    { cache: { ttl: "5" } }, { cache: { ttl: -1 } }, { cache: [] },
  ];
  for (const options of bad) throwsWith(() => createVerifier(secret, options as VerifyOptions), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(options));
});

test("createVerifier: a key that cannot be used fails the first call with ERR_KEY_INVALID, not the creation", async () => {
  const token = await hs256({ alg: "HS256" }, {}, secret);
  const { privateKey } = await keyPair("ES256");
  const es256 = await sign({}, privateKey);
  const keys: [string, unknown, string][] = [
    ["a JWK of no known kty", { kty: "nope" }, token],
    ["an oct JWK without k", { kty: "oct" } as JWK, token],
    ["a short secret", new Uint8Array(8), token],
    ["a PEM string", "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n", token],
    ["a private key", privateKey, es256],
    ["a number", 42, token],
    ["undefined", undefined, token],
  ];
  for (const [what, key, t] of keys) {
    const verifier = createVerifier(key as KeyLike);
    await rejectsWith(callAsync(() => verifier(t)) as Promise<unknown>, "ERR_KEY_INVALID", undefined, what);
  }
});

test("createVerifier normalises options once: changing the options object afterwards changes nothing", async () => {
  const options: { issuer: string | string[]; algorithms: ("HS256" | "HS512")[] } = { issuer: "i", algorithms: ["HS256"] };
  const verifier = createVerifier(secret, options);
  options.issuer = "changed";
  options.algorithms.push("HS512");
  options.algorithms[0] = "HS512";
  await verifier(await hs256({ alg: "HS256" }, { iss: "i" }, secret));
  const signerOptions: SignOptions = { kid: "a" };
  const signer = createSigner(secret, signerOptions);
  signerOptions.kid = "b";
  assert.equal(decode(await signer({})).header.kid, "a");
});

test("the functions they return never throw synchronously", async () => {
  const verifier = createVerifier(secret);
  const signer = createSigner(secret);
  for (const value of [undefined, null, 5, {}, "a.b.c", Symbol("s")]) {
    await callAsync(() => verifier(value as string)).catch(() => undefined);
    await callAsync(() => signer(value as never)).catch(() => undefined);
  }
});

test("createVerifier accepts a resolver, asked at each call", async () => {
  let calls = 0;
  const verifier = createVerifier(() => (calls++, secret));
  const token = await hs256({ alg: "HS256" }, {}, secret);
  await verifier(token);
  await verifier(token);
  assert.equal(calls, 2);
});
