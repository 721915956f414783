// createLocalJWKSet: key selection (kid, alg, kty, crv, use, key_ops), the no-kid and duplicate rules,
// malformed and unsafe sets refused at creation, unusable members skipped, and verify() end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, verifyJWS, type JWK, type JWSHeader } from "../../lib/index.js";
import { createLocalJWKSet } from "../../lib/keys/jwks-local.js";
import { signingKey, type SigningKey } from "../helpers/jwks-server.js";

const code = (expected: string) => (error: unknown) => {
  assert.equal((error as { code?: string }).code, expected, String(error));
  return true;
};

let es: SigningKey, es2: SigningKey, rs: SigningKey, ed: SigningKey;
const ready = (async () => {
  [es, es2, rs, ed] = await Promise.all([signingKey("ES256", "es"), signingKey("ES256", "es-2"), signingKey("RS256", "rs"), signingKey("EdDSA", "ed")]);
})();

const header = (alg: string, kid?: unknown): JWSHeader => (kid === undefined ? { alg } : { alg, kid }) as JWSHeader;

test("verify() with a local set picks each token's key by kid and alg", async () => {
  await ready;
  const resolver = createLocalJWKSet({ keys: [es.publicJwk, es2.publicJwk, rs.publicJwk, ed.publicJwk] });
  for (const key of [es, es2, rs, ed]) {
    const { payload, header: h } = await verify(await key.token({ sub: key.kid }), resolver);
    assert.equal(payload.sub, key.kid);
    assert.equal(h.kid, key.kid);
  }
  // A token signed by es2 but claiming es's kid gets es's key, and fails on the signature.
  await assert.rejects(verify(await es2.token({}, "es"), resolver), code("ERR_JWT_SIGNATURE_INVALID"));
});

test("the resolver returns the set's own JWK object, not a copy", async () => {
  await ready;
  const set = { keys: [es.publicJwk, rs.publicJwk] };
  const resolver = createLocalJWKSet(set);
  assert.equal(await resolver(header("ES256", "es")), set.keys[0]);
  assert.equal(await resolver(header("RS256", "rs")), set.keys[1]);
  assert.equal(await resolver(header("PS256", "rs")), set.keys[1]); // an RSA key without alg permits PS* too
});

test("a kid in the header must match; the alg must fit kty, crv and the key's own alg", async () => {
  await ready;
  const p384 = await signingKey("ES384", "p384");
  const resolver = createLocalJWKSet({
    keys: [{ ...es.publicJwk, alg: "ES256" }, { ...rs.publicJwk, alg: "PS256" }, p384.publicJwk, ed.publicJwk],
  });
  await assert.rejects(resolver(header("ES256", "nope")), code("ERR_JWKS_NO_MATCHING_KEY"));
  await assert.rejects(resolver(header("ES384", "es")), code("ERR_JWKS_NO_MATCHING_KEY")); // wrong crv
  await assert.rejects(resolver(header("RS256", "es")), code("ERR_JWKS_NO_MATCHING_KEY")); // wrong kty
  await assert.rejects(resolver(header("RS256", "rs")), code("ERR_JWKS_NO_MATCHING_KEY")); // key alg PS256
  await assert.rejects(resolver(header("HS256", "es")), code("ERR_JWKS_NO_MATCHING_KEY"));
  await assert.rejects(resolver(header("ES256", 7)), code("ERR_JWKS_NO_MATCHING_KEY")); // a kid that is not a string
  assert.equal((await resolver(header("PS256", "rs"))).kid, "rs");
  assert.equal((await resolver(header("ES384", "p384"))).kid, "p384");
  // RFC 9864: EdDSA and Ed25519 name the same algorithm for an Ed25519 key.
  assert.equal((await resolver(header("Ed25519", "ed"))).kid, "ed");
  assert.equal((await resolver(header("EdDSA", "ed"))).kid, "ed");
});

test("use other than sig, key_ops without verify, unknown kty and bad members are skipped, not fatal", async () => {
  await ready;
  const set = {
    keys: [
      { ...es.publicJwk, kid: "enc", use: "enc" },
      { ...es.publicJwk, kid: "ops", use: undefined, key_ops: ["encrypt"] },
      { ...es.publicJwk, kid: "rsa-oaep", alg: "RSA-OAEP" },
      { kty: "foo", kid: "foo" },
      { kty: "OKP", crv: "X25519", x: "abc", kid: "x25519" },
      { ...es.publicJwk, kid: "bad-x", x: "not base64url!" },
      { ...es.publicJwk, kid: 12 },
      es.publicJwk,
    ],
  };
  const resolver = createLocalJWKSet(set as unknown as { keys: JWK[] });
  for (const kid of ["enc", "ops", "rsa-oaep", "foo", "x25519", "bad-x"]) {
    await assert.rejects(resolver(header("ES256", kid)), code("ERR_JWKS_NO_MATCHING_KEY"), kid);
  }
  assert.equal(await resolver(header("ES256", "es")), set.keys[7]);
  const { payload } = await verify(await es.token(), resolver);
  assert.equal(payload.sub, "alice");
  // Without a kid, the broken "bad-x" member still declares itself an ES256 key: the set is ambiguous.
  await assert.rejects(resolver(header("ES256")), code("ERR_JWKS_MULTIPLE_MATCHING_KEYS"));
  // Members that declare another use, other key_ops or another alg do not count.
  const declared = createLocalJWKSet({ keys: set.keys.filter((jwk) => jwk.kid !== "bad-x") } as unknown as { keys: JWK[] });
  assert.equal(await declared(header("ES256")), set.keys[7]);
  const withOps = createLocalJWKSet({ keys: [{ ...es.publicJwk, key_ops: ["verify"] }] });
  assert.equal((await withOps(header("ES256", "es"))).kid, "es");
});

test("no kid in the header: one fitting key is used, several are ERR_JWKS_MULTIPLE_MATCHING_KEYS", async () => {
  await ready;
  const one = createLocalJWKSet({ keys: [es.publicJwk, rs.publicJwk] });
  assert.equal((await verify(await es.token({}, null), one)).header.kid, undefined);
  const two = createLocalJWKSet({ keys: [es.publicJwk, es2.publicJwk, rs.publicJwk] });
  await assert.rejects(verify(await es.token({}, null), two), code("ERR_JWKS_MULTIPLE_MATCHING_KEYS"));
  // The RSA key is alone of its kind, so an RS256 token without kid still finds it.
  assert.equal((await two(header("RS256"))).kid, "rs");
});

test("one kid on two different keys is ERR_JWKS_MULTIPLE_MATCHING_KEYS; the same key listed twice is one key", async () => {
  await ready;
  const clash = createLocalJWKSet({ keys: [es.publicJwk, { ...es2.publicJwk, kid: "es" }] });
  await assert.rejects(verify(await es.token(), clash), code("ERR_JWKS_MULTIPLE_MATCHING_KEYS"));
  const twice = createLocalJWKSet({ keys: [es.publicJwk, { ...es.publicJwk, alg: "ES256" }] });
  assert.equal((await verify(await es.token(), twice)).payload.sub, "alice");
  // Same kid, different kty (RFC 7517 §4.5 allows it): the alg decides.
  const mixed = createLocalJWKSet({ keys: [es.publicJwk, { ...rs.publicJwk, kid: "es" }] });
  assert.equal((await mixed(header("RS256", "es"))).kty, "RSA");
  assert.equal((await mixed(header("ES256", "es"))).kty, "EC");
});

test("malformed sets are ERR_INVALID_ARGUMENT, thrown by createLocalJWKSet itself", async () => {
  await ready;
  const bad: unknown[] = [
    undefined, null, 1, "x", JSON.stringify({ keys: [es.publicJwk] }), [es.publicJwk], {}, { keys: {} },
    { keys: "[]" }, { keys: [es.publicJwk, null] }, { keys: [[]] }, { keys: ["{}"] }, new Map(),
  ];
  for (const value of bad) {
    assert.throws(() => createLocalJWKSet(value as { keys: JWK[] }), code("ERR_INVALID_ARGUMENT"), String(value));
  }
  // RFC 7517 §5: members other than "keys" are ignored; an empty set is valid and matches nothing.
  const empty = createLocalJWKSet({ keys: [], issuer: "x" });
  await assert.rejects(empty(header("ES256", "es")), code("ERR_JWKS_NO_MATCHING_KEY"));
});

test("a verification set holding private keys, or secrets next to public keys, is ERR_KEY_INVALID", async () => {
  await ready;
  for (const key of [es, rs, ed]) {
    assert.throws(() => createLocalJWKSet({ keys: [key.privateJwk] }), code("ERR_KEY_INVALID"), key.alg);
    assert.throws(() => createLocalJWKSet({ keys: [es2.publicJwk, key.privateJwk] }), code("ERR_KEY_INVALID"), key.alg);
  }
  // Private members count even on a key keycard could not use.
  assert.throws(() => createLocalJWKSet({ keys: [{ kty: "OKP", crv: "X25519", x: "AA", d: "AA" }] }), code("ERR_KEY_INVALID"));
  const secret = { kty: "oct", kid: "h", k: "A".repeat(43) };
  assert.throws(() => createLocalJWKSet({ keys: [secret, es.publicJwk] }), code("ERR_KEY_INVALID"));
});

test("a set of HMAC secrets verifies HS tokens; short secrets and small RSA keys are ERR_KEY_INVALID on use", async () => {
  await ready;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const k = Buffer.from(bytes).toString("base64url");
  const secrets = createLocalJWKSet({ keys: [{ kty: "oct", kid: "h1", k }, { kty: "oct", kid: "h2", k: "c2hvcnQ" }] });
  const { sign } = await import("../../lib/index.js");
  const token = await sign({ sub: "s" }, bytes, { kid: "h1" });
  assert.equal((await verify(token, secrets)).payload.sub, "s");
  const short = await sign({ sub: "s" }, bytes, { kid: "h2" });
  await assert.rejects(verify(short, secrets), code("ERR_KEY_INVALID"));
  // An HS512 token naming the 32-byte secret: the secret is too short for HS512 (RFC 7518 §3.2).
  const hs512 = await sign({ sub: "s" }, crypto.getRandomValues(new Uint8Array(64)), { alg: "HS512", kid: "h1" });
  await assert.rejects(verify(hs512, secrets), code("ERR_KEY_INVALID"));

  const small = (await crypto.subtle.exportKey("jwk", (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true, ["sign", "verify"])).publicKey)) as JWK;
  const weak = createLocalJWKSet({ keys: [{ kty: "RSA", n: small.n, e: small.e, kid: "small" }] });
  // Selection does not judge strength; using the key does (RFC 7518 §3.3).
  assert.equal((await weak(header("RS256", "small"))).kid, "small");
  await assert.rejects(verifyJWS(await rs.token({}, "small"), weak), code("ERR_KEY_INVALID"));
});

test("the set is read once: changing the caller's array later does not change the resolver", async () => {
  await ready;
  const set = { keys: [es.publicJwk] };
  const resolver = createLocalJWKSet(set);
  set.keys.push(rs.publicJwk);
  await assert.rejects(resolver(header("RS256", "rs")), code("ERR_JWKS_NO_MATCHING_KEY"));
  await assert.rejects(resolver(null as unknown as JWSHeader), code("ERR_INVALID_ARGUMENT"));
});

test("odd headers only ever give a JWTError", async () => {
  await ready;
  const resolver = createLocalJWKSet({ keys: [es.publicJwk, rs.publicJwk] });
  const odd: unknown[] = [
    undefined, 1, "ES256", [], {}, { alg: 1 }, { alg: null }, { alg: "none" }, { alg: "__proto__" }, { alg: "es256" },
    { alg: "ES256", kid: null }, { alg: "ES256", kid: {} }, { alg: "ES256", kid: ["es"] }, { alg: "ES256", kid: "x".repeat(100000) },
    Object.create(null),
  ];
  for (const h of odd) {
    await assert.rejects(resolver(h as JWSHeader), (error: { code?: string; constructor: { name: string } }) => {
      assert.ok(typeof error.code === "string" && error.code.startsWith("ERR_"), `${JSON.stringify(h)?.slice(0, 60)}: ${error.constructor.name}`);
      return true;
    });
  }
});
