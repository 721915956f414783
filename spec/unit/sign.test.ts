/**
 * sign(payload, key, options): every option of API.md's "sign" section, the default algorithm per kind of
 * key, and the rule that defaults never touch a payload claim while explicit options never overwrite one.
 */
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { sign, decode, verify, type KeyLike } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { fixedSecret, hmacCryptoKey, jwkPair, keyPair, octJWK, randomSecret } from "../helpers/keys.js";

const NOW = 1_700_000_000;
const secret = fixedSecret(64);

function header(token: string) {
  return decode(token).header;
}
function payload(token: string) {
  return decode(token).payload;
}

test("the output is a compact JWS of three strict base64url parts whose header is { alg, typ: JWT }", async () => {
  const token = await sign({ hello: "world" }, secret, { now: NOW });
  const parts = token.split(".");
  assert.equal(parts.length, 3);
  for (const p of parts) assert.match(p, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(JSON.parse(Buffer.from(parts[0]!, "base64url").toString()), { alg: "HS256", typ: "JWT" });
  assert.deepEqual(payload(token), { hello: "world", iat: NOW });
  assert.deepEqual((await verify(token, secret, { now: NOW })).payload, { hello: "world", iat: NOW });
});

test("default alg: HS256 for a secret, the CryptoKey's own, EdDSA for Ed25519, the JWK's own or its family's", async (t) => {
  const cases: [string, KeyLike, KeyLike, string][] = [];
  cases.push(["bytes secret", secret, secret, "HS256"]);
  cases.push(["string secret", "a string secret of at least thirty-two bytes!", "a string secret of at least thirty-two bytes!", "HS256"]);
  const hs384 = await hmacCryptoKey("HS384", 48);
  cases.push(["HS384 CryptoKey", hs384, hs384, "HS384"]);
  for (const alg of ["RS384", "PS256", "ES384", "ES512"] as const) {
    const { privateKey, publicKey } = await keyPair(alg);
    cases.push([`${alg} CryptoKey`, privateKey, publicKey, alg]);
  }
  const ed = await keyPair("EdDSA");
  cases.push(["Ed25519 CryptoKey", ed.privateKey, ed.publicKey, "EdDSA"]);
  cases.push(["oct JWK without alg", octJWK(secret), octJWK(secret), "HS256"]);
  cases.push(["oct JWK with alg HS512", octJWK(secret, "HS512"), octJWK(secret, "HS512"), "HS512"]);
  const ec = await jwkPair("ES256");
  cases.push(["P-256 JWK without alg", ec.privateJWK, ec.publicJWK, "ES256"]);
  const okp = await jwkPair("EdDSA");
  cases.push(["Ed25519 JWK without alg", okp.privateJWK, okp.publicJWK, "EdDSA"]);
  cases.push(["Ed25519 JWK with alg Ed25519", { ...okp.privateJWK, alg: "Ed25519" }, { ...okp.publicJWK, alg: "Ed25519" }, "Ed25519"]);
  cases.push(["Ed25519 JWK with alg EdDSA", { ...okp.privateJWK, alg: "EdDSA" }, { ...okp.publicJWK, alg: "EdDSA" }, "EdDSA"]);
  const rsa = await jwkPair("PS384");
  cases.push(["RSA JWK with alg PS384", { ...rsa.privateJWK, alg: "PS384" }, { ...rsa.publicJWK, alg: "PS384" }, "PS384"]);
  for (const [name, signingKey, verifyingKey, alg] of cases) {
    const token = await sign({ sub: name }, signingKey);
    assert.equal(header(token).alg, alg, name);
    const { payload: verified } = await verify(token, verifyingKey);
    assert.equal(verified.sub, name);
  }
  t.diagnostic(`${cases.length} kinds of key`);
});

test("an RSA JWK without alg needs alg stated: ERR_INVALID_ARGUMENT, and works once it is", async () => {
  const { privateJWK, publicJWK } = await jwkPair("RS256");
  await rejectsWith(sign({}, privateJWK), "ERR_INVALID_ARGUMENT");
  for (const alg of ["RS256", "RS512", "PS256", "PS512"] as const) {
    const token = await sign({}, privateJWK, { alg });
    assert.equal(header(token).alg, alg);
    await verify(token, publicJWK);
  }
});

test("alg none (any casing) or an unknown name is ERR_INVALID_ARGUMENT", async () => {
  for (const alg of ["none", "None", "NONE", "nOnE", "HS1024", "hs256", "RSA", "", "ES256K", "__proto__", "toString"]) {
    await rejectsWith(sign({}, secret, { alg: alg as "HS256" }), "ERR_INVALID_ARGUMENT", undefined, alg);
  }
  await rejectsWith(sign({}, secret, { alg: 256 as never }), "ERR_INVALID_ARGUMENT");
});

test("an alg the key cannot serve is ERR_KEY_INVALID; HS384/HS512 with a 32-byte secret too", async () => {
  await rejectsWith(sign({}, secret, { alg: "RS256" }), "ERR_KEY_INVALID");
  const { privateKey } = await keyPair("ES256");
  await rejectsWith(sign({}, privateKey, { alg: "ES384" }), "ERR_KEY_INVALID");
  const short = randomSecret(32);
  assert.equal(header(await sign({}, short, { alg: "HS256" })).alg, "HS256");
  await rejectsWith(sign({}, short, { alg: "HS384" }), "ERR_KEY_INVALID");
  await rejectsWith(sign({}, short, { alg: "HS512" }), "ERR_KEY_INVALID");
});

test("kid, typ and extra header parameters; alg first; typ defaults to JWT", async () => {
  const token = await sign({}, secret, { kid: "key-1", typ: "at+jwt", header: { cty: "x", "x-custom": [1, { a: 2 }] } });
  const h = header(token);
  assert.deepEqual(h, { alg: "HS256", typ: "at+jwt", kid: "key-1", cty: "x", "x-custom": [1, { a: 2 }] });
  assert.equal(Object.keys(h)[0], "alg");
  assert.equal(header(await sign({}, secret)).typ, "JWT");
  assert.equal(header(await sign({}, secret, { kid: "k" })).kid, "k");
  assert.equal(header(await sign({}, secret)).kid, undefined);
});

test("header: alg there is ERR_INVALID_ARGUMENT; a typ there with no typ option replaces the default", async () => {
  await rejectsWith(sign({}, secret, { header: { alg: "HS256" } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { header: { alg: "none" } }), "ERR_INVALID_ARGUMENT");
  const replaced = header(await sign({}, secret, { header: { typ: "dpop+jwt" } }));
  assert.equal(replaced.typ, "dpop+jwt");
  assert.equal(header(await sign({}, secret, { header: { kid: "from-header" } })).kid, "from-header");
});

test("header typ/kid that agree with the options are fine; that contradict them are ERR_INVALID_ARGUMENT", async () => {
  assert.equal(header(await sign({}, secret, { typ: "at+jwt", header: { typ: "at+jwt" } })).typ, "at+jwt");
  assert.equal(header(await sign({}, secret, { kid: "a", header: { kid: "a" } })).kid, "a");
  await rejectsWith(sign({}, secret, { typ: "at+jwt", header: { typ: "JWT" } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { typ: "JWT", header: { typ: "jwt" } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { kid: "a", header: { kid: "b" } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { header: { kid: 5 } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { header: { typ: null } }), "ERR_INVALID_ARGUMENT");
});

test("header, kid and typ of the wrong type are ERR_INVALID_ARGUMENT", async () => {
  for (const bad of [null, [], "x", 5, new Map()]) {
    await rejectsWith(sign({}, secret, { header: bad as never }), "ERR_INVALID_ARGUMENT", undefined, String(bad));
  }
  await rejectsWith(sign({}, secret, { kid: 1 as never }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { typ: {} as never }), "ERR_INVALID_ARGUMENT");
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  await rejectsWith(sign({}, secret, { header: { x: cyclic } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { header: { x: 1n } }), "ERR_INVALID_ARGUMENT");
});

test("a header parameter named __proto__ is written as a parameter, not lost", async () => {
  const extra = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
  const token = await sign({}, secret, { header: extra });
  const h = header(token);
  assert.ok(Object.hasOwn(h, "__proto__"));
  assert.deepEqual(h["__proto__" as "kid"], { x: 1 });
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test("expiresIn and notBefore are durations counted from now (a number of seconds or a Date)", async () => {
  const a = payload(await sign({}, secret, { now: NOW, expiresIn: "1h", notBefore: "90s" }));
  assert.deepEqual(a, { iat: NOW, exp: NOW + 3600, nbf: NOW + 90 });
  const b = payload(await sign({}, secret, { now: new Date(NOW * 1000 + 500), expiresIn: 1.5, notBefore: 0 }));
  assert.deepEqual(b, { iat: NOW, exp: NOW + 2, nbf: NOW }); // NOW.5 + 1.5 = NOW + 2
  const c = payload(await sign({}, secret, { now: NOW + 0.25, expiresIn: "500ms" }));
  assert.deepEqual(c, { iat: NOW, exp: NOW }); // whole seconds, rounded down
  const d = payload(await sign({}, secret, { now: NOW, expiresIn: "2 weeks", notBefore: "7d" }));
  assert.equal(d.exp, NOW + 14 * 86400);
  assert.equal(d.nbf, NOW + 7 * 86400);
});

test("without now, the clock is read at each signature", async (t) => {
  mock.timers.enable({ apis: ["Date"], now: NOW * 1000 });
  t.after(() => mock.timers.reset());
  assert.deepEqual(payload(await sign({}, secret, { expiresIn: 60 })), { iat: NOW, exp: NOW + 60 });
  mock.timers.tick(10_000);
  assert.deepEqual(payload(await sign({}, secret, { expiresIn: 60 })), { iat: NOW + 10, exp: NOW + 70 });
});

test("issuer, subject, audience (string or array) and jwtId (string or true: a random UUID)", async () => {
  const p = payload(await sign({ x: 1 }, secret, { now: NOW, issuer: "iss", subject: "sub", audience: "aud", jwtId: "id-1" }));
  assert.deepEqual(p, { x: 1, iat: NOW, iss: "iss", sub: "sub", aud: "aud", jti: "id-1" });
  assert.deepEqual(payload(await sign({}, secret, { audience: ["a", "b"] })).aud, ["a", "b"]);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const first = payload(await sign({}, secret, { jwtId: true })).jti;
  const second = payload(await sign({}, secret, { jwtId: true })).jti;
  assert.match(first!, uuid);
  assert.match(second!, uuid);
  assert.notEqual(first, second);
});

test("iat: true (the default) is now, false leaves it out, a number is those seconds", async () => {
  assert.equal(payload(await sign({}, secret, { now: NOW })).iat, NOW);
  assert.equal(payload(await sign({}, secret, { now: NOW, iat: true })).iat, NOW);
  assert.equal(Object.hasOwn(payload(await sign({}, secret, { now: NOW, iat: false })), "iat"), false);
  assert.equal(payload(await sign({}, secret, { now: NOW, iat: 12345 })).iat, 12345);
  assert.equal(payload(await sign({}, secret, { now: NOW, iat: 0 })).iat, 0);
});

test("defaults never touch a claim the payload already has", async () => {
  const p = payload(await sign({ iat: 5, exp: NOW + 1, nbf: 3, iss: "mine", aud: ["x"], jti: "j", sub: "s" }, secret, { now: NOW }));
  assert.deepEqual(p, { iat: 5, exp: NOW + 1, nbf: 3, iss: "mine", aud: ["x"], jti: "j", sub: "s" });
  // iat: false leaves the payload's own iat in place (it overwrites nothing)
  assert.equal(payload(await sign({ iat: 5 }, secret, { iat: false })).iat, 5);
});

test("an explicit option that would overwrite a payload claim is ERR_INVALID_ARGUMENT", async () => {
  const cases: [Record<string, unknown>, Record<string, unknown>][] = [
    [{ iat: 5 }, { iat: true }],
    [{ iat: 5 }, { iat: 6 }],
    [{ exp: 5 }, { expiresIn: 60 }],
    [{ nbf: 5 }, { notBefore: 0 }],
    [{ iss: "a" }, { issuer: "a" }],
    [{ sub: "a" }, { subject: "b" }],
    [{ aud: "a" }, { audience: ["a"] }],
    [{ jti: "a" }, { jwtId: true }],
    [{ jti: "a" }, { jwtId: "a" }],
  ];
  for (const [claims, options] of cases) {
    await rejectsWith(sign(claims, secret, options), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify([claims, options]));
  }
});

test("claim options of the wrong type are ERR_INVALID_ARGUMENT", async () => {
  const cases: Record<string, unknown>[] = [
    { iat: "now" }, { iat: -1 }, { iat: NaN }, { iat: Infinity }, { iat: null },
    { jwtId: 5 }, { jwtId: false }, { issuer: 5 }, { subject: ["a"] }, { audience: [] }, { audience: [1] }, { audience: 5 },
    { now: -1 }, { now: NaN }, { now: new Date(NaN) }, { now: "2020-01-01" }, { now: Infinity },
    { expiresIn: "60" }, { expiresIn: -1 }, { notBefore: NaN }, { expiresIn: null },
  ];
  for (const options of cases) await rejectsWith(sign({}, secret, options as never), "ERR_INVALID_ARGUMENT", undefined, String(Object.entries(options)));
});

test("a payload that is not a plain object, or whose registered claims have the wrong type, is ERR_INVALID_ARGUMENT", async () => {
  class Claims { sub = "x"; }
  for (const bad of [null, undefined, [], [1], "claims", 5, true, new Map(), new Claims(), new Date(), new Uint8Array(2)]) {
    await rejectsWith(sign(bad as never, secret), "ERR_INVALID_ARGUMENT", undefined, String(bad));
  }
  for (const claims of [{ exp: "1" }, { nbf: NaN }, { iat: Infinity }, { iss: 1 }, { sub: null }, { jti: {} }, { aud: [1] }, { aud: 5 }]) {
    await rejectsWith(sign(claims, secret), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(claims));
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.me = cyclic;
  await rejectsWith(sign(cyclic, secret), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({ big: 1n }, secret), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({ bad: { toJSON() { throw new Error("no"); } } }, secret), "ERR_INVALID_ARGUMENT");
});

test("Object.create(null) payloads and options are plain objects", async () => {
  const claims = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
  const options = Object.assign(Object.create(null) as Record<string, unknown>, { now: NOW, kid: "k" });
  const token = await sign(claims, secret, options);
  assert.deepEqual(payload(token), { a: 1, iat: NOW });
  assert.equal(header(token).kid, "k");
});

test("options that are not a plain object are ERR_INVALID_ARGUMENT; undefined means none", async () => {
  for (const bad of [null, 5, "HS256", [], new Map(), () => ({})]) {
    await rejectsWith(sign({}, secret, bad as never), "ERR_INVALID_ARGUMENT", undefined, String(bad));
  }
  assert.equal(header(await sign({}, secret, undefined)).alg, "HS256");
});
