// exportJWK, generateKeyPair, generateSecret and thumbprint (RFC 7638).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  exportJWK, generateKeyPair, generateSecret, thumbprint, sign, verify, importJWK, JWTError,
  type AlgorithmName,
} from "../../lib/index.js";

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => error instanceof JWTError && error.code === code);
}

// RFC 7638 §3.1: the example RSA key (its long line broken "for display purposes only" in the RFC).
const RFC7638_KEY = {
  kty: "RSA",
  n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6" +
    "4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9" +
    "1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
  e: "AQAB",
  alg: "RS256",
  kid: "2011-04-29",
};

test("thumbprint: the RFC 7638 §3.1 example", async () => {
  assert.equal(await thumbprint(RFC7638_KEY), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  // Only the required members count: alg and kid change nothing, member order changes nothing.
  const { alg: _a, kid: _k, ...bare } = RFC7638_KEY;
  assert.equal(await thumbprint({ e: bare.e, n: bare.n, kty: "RSA" }), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
});

test("thumbprint: a private JWK, its public part and the CryptoKey agree; other hashes differ", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const expected = await thumbprint(publicJwk);
  assert.equal(await thumbprint(privateJwk), expected);
  assert.equal(await thumbprint(publicKey), expected);
  assert.match(expected, /^[A-Za-z0-9_-]{43}$/);
  assert.match(await thumbprint(publicJwk, "SHA-512"), /^[A-Za-z0-9_-]{86}$/);
  await rejectsWith(thumbprint(publicJwk, "MD5" as "SHA-256"), "ERR_INVALID_ARGUMENT");
  await rejectsWith(thumbprint({ kty: "EC", crv: "P-256", x: publicJwk.x! }), "ERR_KEY_INVALID"); // no y
  await rejectsWith(thumbprint({ kty: "DSA" }), "ERR_KEY_INVALID");
  await rejectsWith(thumbprint(null as never), "ERR_KEY_INVALID");
});

const ASYMMETRIC: AlgorithmName[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

test("generateKeyPair: every asymmetric algorithm; keys sign and verify, export as JWKs that import back", async () => {
  // Generated all at once: WebCrypto makes RSA keys in its thread pool, on every core.
  const pairs = await Promise.all(ASYMMETRIC.map((alg) => generateKeyPair(alg, { extractable: true })));
  for (const [i, alg] of ASYMMETRIC.entries()) {
    const { privateKey, publicKey } = pairs[i]!;
    assert.equal(privateKey.type, "private");
    assert.equal(publicKey.type, "public");
    const token = await sign({ sub: alg }, privateKey, { alg });
    assert.equal((await verify(token, publicKey)).payload.sub, alg);
    const publicJwk = await exportJWK(publicKey);
    assert.equal(publicJwk.d, undefined, `${alg}: the public JWK has no private member`);
    assert.equal(publicJwk.ext, undefined);
    assert.equal(publicJwk.key_ops, undefined);
    const privateJwk = await exportJWK(privateKey);
    assert.equal(typeof privateJwk.d, "string");
    // A JWK exported from an RSA key carries the alg it was generated for; the import honours it.
    const jwkAlg = alg.startsWith("R") || alg.startsWith("P") ? alg : undefined;
    assert.equal(publicJwk.alg, jwkAlg);
    const again = await sign({ sub: "again" }, await importJWK(privateJwk, alg), { alg });
    assert.equal((await verify(again, publicJwk, { algorithms: [alg] })).payload.sub, "again");
  }
});

test("generateKeyPair: private keys are not extractable by default; RSA modulus length is an option", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES384");
  assert.equal(privateKey.extractable, false);
  assert.equal(publicKey.extractable, true);
  await rejectsWith(exportJWK(privateKey), "ERR_KEY_INVALID");
  const rsa = await generateKeyPair("PS256", { modulusLength: 2304 });
  assert.equal((rsa.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength, 2304);
  await rejectsWith(generateKeyPair("RS256", { modulusLength: 1024 }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(generateKeyPair("ES256", { modulusLength: 4096 }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(generateKeyPair("HS256"), "ERR_INVALID_ARGUMENT");
  await rejectsWith(generateKeyPair("none" as AlgorithmName), "ERR_INVALID_ARGUMENT");
  await rejectsWith(generateKeyPair("ES256", { extractable: "yes" as unknown as boolean }), "ERR_INVALID_ARGUMENT");
});

test("generateSecret: hash-length random bytes, synchronous, HMAC algorithms only", async () => {
  for (const [alg, length] of [["HS256", 32], ["HS384", 48], ["HS512", 64]] as const) {
    const secret = generateSecret(alg);
    assert.ok(secret instanceof Uint8Array);
    assert.equal(secret.length, length);
    assert.notDeepEqual(secret, generateSecret(alg), "two secrets differ");
    const token = await sign({ ok: true }, secret, { alg });
    assert.equal((await verify(token, secret)).payload.ok, true);
  }
  for (const bad of ["RS256", "none", undefined, 42]) {
    assert.throws(() => generateSecret(bad as AlgorithmName), (e: unknown) => e instanceof JWTError && e.code === "ERR_INVALID_ARGUMENT");
  }
});

test("exportJWK: secrets as oct JWKs; other values refused", async () => {
  const secret = generateSecret("HS256");
  const jwk = await exportJWK(secret);
  assert.equal(jwk.kty, "oct");
  const token = await sign({ a: 1 }, jwk);
  assert.equal((await verify(token, secret)).payload.a, 1, "the oct JWK and the raw secret are the same key");
  await rejectsWith(exportJWK("a string" as unknown as Uint8Array), "ERR_KEY_INVALID");
  await rejectsWith(exportJWK({ kty: "oct" } as unknown as CryptoKey), "ERR_KEY_INVALID");
});
