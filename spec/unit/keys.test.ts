/**
 * Keys (API.md "Keys", verify step 3): which values are keys, which are refused with ERR_KEY_INVALID and when
 * (weak HMAC secrets and RSA moduli on sign and on verify, other kinds of key passed as a secret, keys of the
 * wrong kind or use), key resolvers, and importJWK.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sign, verify, verifyJWS, signJWS, importJWK, JWTError, type JWK, type KeyLike } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { b64, fixedSecret, hmacCryptoKey, jwkPair, keyPair, octJWK, pem, rawToken, bare, type Alg } from "../helpers/keys.js";

const secret = fixedSecret(64);

async function weakRSA(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) },
    true, ["sign", "verify"],
  )) as CryptoKeyPair;
}

test("HMAC secrets shorter than the hash output are ERR_KEY_INVALID on sign and on verify", async () => {
  const lengths: [Alg, number][] = [["HS256", 32], ["HS384", 48], ["HS512", 64]];
  for (const [alg, length] of lengths) {
    const enough = fixedSecret(length, 3);
    const short = enough.subarray(0, length - 1);
    const token = await sign({}, enough, { alg });
    await verify(token, enough);
    await rejectsWith(sign({}, short, { alg }), "ERR_KEY_INVALID", undefined, `sign ${alg} with ${length - 1} bytes`);
    // a token made by someone holding the short secret is refused before its signature is looked at
    await rejectsWith(verify(await rawToken({ alg }, {}, short, alg), short), "ERR_KEY_INVALID", undefined, `verify ${alg}`);
    await rejectsWith(verifyJWS(token, short), "ERR_KEY_INVALID");
  }
  // 32 bytes serve HS256 but not HS384 or HS512
  const s32 = fixedSecret(32, 4);
  await verify(await sign({}, s32), s32);
  for (const alg of ["HS384", "HS512"] as const) {
    await rejectsWith(sign({}, s32, { alg }), "ERR_KEY_INVALID");
    await rejectsWith(verify(await rawToken({ alg }, {}, s32, alg), s32), "ERR_KEY_INVALID");
  }
  await rejectsWith(sign({}, new Uint8Array(0)), "ERR_KEY_INVALID");
  await rejectsWith(sign({}, ""), "ERR_KEY_INVALID");
});

test("a string secret counts its UTF-8 bytes", async () => {
  const ascii31 = "a".repeat(31);
  await rejectsWith(sign({}, ascii31), "ERR_KEY_INVALID");
  const accented = "é".repeat(16); // 16 characters, 32 bytes
  await verify(await sign({}, accented), accented);
  await verify(await sign({}, accented), new TextEncoder().encode(accented));
});

test("HMAC CryptoKeys and oct JWKs that are too short are ERR_KEY_INVALID on sign and on verify", async () => {
  const short = await hmacCryptoKey("HS256", 16);
  await rejectsWith(sign({}, short), "ERR_KEY_INVALID");
  await rejectsWith(verify(await rawToken({ alg: "HS256" }, {}, new Uint8Array(16), "HS256"), short), "ERR_KEY_INVALID");
  const jwk = octJWK(fixedSecret(40));
  await sign({}, jwk);
  await rejectsWith(sign({}, jwk, { alg: "HS384" }), "ERR_KEY_INVALID");
  await rejectsWith(verify(await rawToken({ alg: "HS512" }, {}, fixedSecret(40), "HS512"), jwk), "ERR_KEY_INVALID");
});

test("RSA keys under 2048 bits are ERR_KEY_INVALID on sign and on verify (CryptoKey and JWK)", async () => {
  const weak = await weakRSA();
  await rejectsWith(sign({}, weak.privateKey), "ERR_KEY_INVALID");
  const token = await rawToken({ alg: "RS256" }, { sub: "x" }, weak.privateKey, "RS256");
  await rejectsWith(verify(token, weak.publicKey), "ERR_KEY_INVALID");
  await rejectsWith(verifyJWS(token, weak.publicKey), "ERR_KEY_INVALID");
  const privateJWK = bare(await crypto.subtle.exportKey("jwk", weak.privateKey));
  const publicJWK = bare(await crypto.subtle.exportKey("jwk", weak.publicKey));
  await rejectsWith(sign({}, privateJWK, { alg: "RS256" }), "ERR_KEY_INVALID");
  await rejectsWith(sign({}, { ...privateJWK, alg: "PS256" }), "ERR_KEY_INVALID");
  await rejectsWith(verify(token, publicJWK), "ERR_KEY_INVALID");
  await rejectsWith(importJWK(publicJWK, "RS256"), "ERR_KEY_INVALID");
});

test("a PEM block, an OpenSSH key or a JWK's JSON text used as a secret is ERR_KEY_INVALID (string and bytes)", async () => {
  const { privateKey, publicKey } = await keyPair("RS256");
  const spki = pem("PUBLIC KEY", await crypto.subtle.exportKey("spki", publicKey));
  const pkcs8 = pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", privateKey));
  const jwkText = JSON.stringify(await crypto.subtle.exportKey("jwk", publicKey));
  const texts: [string, string][] = [
    ["SPKI PEM", spki],
    ["PKCS#8 PEM", pkcs8],
    ["PEM with text before it", `Subject: test\n${spki}`],
    ["certificate PEM", pem("CERTIFICATE", new Uint8Array(300).fill(48))],
    ["PKCS#1 PEM", pem("RSA PUBLIC KEY", new Uint8Array(270).fill(2))],
    ["SEC 1 PEM", pem("EC PRIVATE KEY", new Uint8Array(121).fill(3))],
    ["OpenSSH private key", `-----BEGIN OPENSSH PRIVATE KEY-----\n${"b3BlbnNzaC1rZXktdjEAAAAA".repeat(4)}\n-----END OPENSSH PRIVATE KEY-----\n`],
    ["OpenSSH public key", `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ3${"Q".repeat(40)} user@host`],
    ["OpenSSH RSA public key", `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${"C".repeat(300)} me`],
    ["JWK JSON text", jwkText],
    ["pretty JWK JSON text", JSON.stringify(JSON.parse(jwkText), null, 2)],
    ["JWK JSON text after whitespace", `\n  ${jwkText}`],
  ];
  for (const [what, text] of texts) {
    const bytes = new TextEncoder().encode(text);
    // the algorithm-confusion attack: an HS256 token "signed" with the public key's text
    const forged = await rawToken({ alg: "HS256" }, { admin: true }, bytes, "HS256");
    for (const key of [text, bytes] as KeyLike[]) {
      const kind = `${what} as ${typeof key === "string" ? "string" : "bytes"}`;
      await rejectsWith(sign({}, key), "ERR_KEY_INVALID", undefined, `sign: ${kind}`);
      await rejectsWith(signJWS("x", key), "ERR_KEY_INVALID", undefined, `signJWS: ${kind}`);
      await rejectsWith(verify(forged, key), "ERR_KEY_INVALID", undefined, `verify: ${kind}`);
      await rejectsWith(verify(forged, () => key), "ERR_KEY_INVALID", undefined, `verify with a resolver: ${kind}`);
    }
  }
  // ordinary secrets that merely mention such words are fine
  for (const text of ["a secret that mentions BEGIN PUBLIC KEY and ssh-rsa in passing", `{"k": "${"x".repeat(40)}"}`]) {
    await verify(await sign({}, text), text);
  }
});

test("CryptoKeys of the wrong kind or use are ERR_KEY_INVALID", async () => {
  const { privateKey, publicKey } = await keyPair("ES256");
  await rejectsWith(sign({}, publicKey), "ERR_KEY_INVALID");
  const token = await sign({}, privateKey);
  await rejectsWith(verify(token, privateKey), "ERR_KEY_INVALID");
  const verifyOnly = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  await rejectsWith(sign({}, verifyOnly), "ERR_KEY_INVALID");
  await verify(await sign({}, secret), verifyOnly);
  const signOnly = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  await rejectsWith(verify(await sign({}, secret), signOnly), "ERR_KEY_INVALID");
  const aes = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt"]);
  const ecdh = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"])) as CryptoKeyPair;
  for (const key of [aes, ecdh.publicKey, ecdh.privateKey]) {
    await rejectsWith(sign({}, key), "ERR_KEY_INVALID");
    await rejectsWith(verify(token, key), "ERR_KEY_INVALID");
  }
});

test("JWKs that are not usable are ERR_KEY_INVALID: bad kty/crv/members, use, key_ops (repeated values too), alg that does not fit, private to verify", async () => {
  const { privateJWK, publicJWK } = await jwkPair("ES256");
  const token = await sign({}, privateJWK);
  await verify(token, publicJWK);
  const bad: [string, JWK][] = [
    ["unknown kty", { ...publicJWK, kty: "XYZ" }],
    ["no kty", { x: publicJWK.x, y: publicJWK.y, crv: "P-256" } as unknown as JWK],
    ["unknown crv", { ...publicJWK, crv: "secp256k1" }],
    ["no x", { ...publicJWK, x: undefined }],
    ["x not base64url", { ...publicJWK, x: publicJWK.x + "=" }],
    ["x a number", { ...publicJWK, x: 5 as unknown as string }],
    ["use enc", { ...publicJWK, use: "enc" }],
    ["key_ops without verify", { ...publicJWK, key_ops: ["sign"] }],
    ["key_ops not an array", { ...publicJWK, key_ops: "verify" as unknown as string[] }],
    ["key_ops repeating a value (RFC 7517 §4.3)", { ...publicJWK, key_ops: ["verify", "verify"] }],
    ["alg of another family", { ...publicJWK, alg: "RS256" }],
    ["alg of another curve", { ...publicJWK, alg: "ES384" }],
    ["alg unknown", { ...publicJWK, alg: "ES256K" }],
    ["alg none", { ...publicJWK, alg: "none" }],
    ["a private JWK used to verify", privateJWK],
    ["an empty object", {} as JWK],
    ["coordinates of another key", { ...publicJWK, x: b64(new Uint8Array(32).fill(1)) }],
  ];
  for (const [what, jwk] of bad) await rejectsWith(verify(token, jwk), "ERR_KEY_INVALID", undefined, what);
  await rejectsWith(sign({}, publicJWK), "ERR_KEY_INVALID");
  await rejectsWith(sign({}, { ...privateJWK, key_ops: ["verify"] }), "ERR_KEY_INVALID");
  await sign({}, { ...privateJWK, key_ops: ["sign"], use: "sig" });
  await verify(token, { ...publicJWK, key_ops: ["verify"], use: "sig", kid: "k" });
});

test("values that are not keys at all are ERR_KEY_INVALID", async () => {
  const token = await sign({}, secret);
  class Key {}
  for (const key of [undefined, null, 0, 42, NaN, true, Symbol("k"), 10n, [], [secret], new Map(), new Date(), new Key(), new ArrayBuffer(64), new DataView(new ArrayBuffer(64)), new Uint16Array(64), Promise.resolve(secret)]) {
    await rejectsWith(sign({}, key as KeyLike), "ERR_KEY_INVALID", undefined, String(key));
    await rejectsWith(verify(token, key as KeyLike), "ERR_KEY_INVALID", undefined, String(key));
  }
});

test("a resolver gets the header and returns a key, synchronously or not; its key decides the permitted algs", async () => {
  const { privateKey, publicKey } = await keyPair("EdDSA");
  const token = await sign({ a: 1 }, privateKey, { kid: "ed" });
  const headers: unknown[] = [];
  const { payload } = await verify(token, (header) => (headers.push(header), publicKey));
  assert.deepEqual(payload.a, 1);
  assert.deepEqual(headers, [{ alg: "EdDSA", typ: "JWT", kid: "ed" }]);
  await verify(token, async () => publicKey);
  await verifyJWS(token, (header) => (header.kid === "ed" ? publicKey : secret));
  // the key it returns must fit the token's alg
  await rejectsWith(verify(token, () => secret), "ERR_JWT_ALG_NOT_ALLOWED");
  await rejectsWith(verify(token, async () => (await keyPair("ES256")).publicKey), "ERR_JWT_ALG_NOT_ALLOWED");
  // and must be a key
  for (const returned of [undefined, null, 5, {}, [publicKey]]) {
    await rejectsWith(verify(token, () => returned as KeyLike), "ERR_KEY_INVALID", undefined, String(returned));
  }
});

test("an error a resolver throws or rejects with passes through unchanged", async () => {
  const token = await sign({}, secret);
  const error = new Error("no key for you");
  const oddity = Object.freeze({ reason: "not an Error" });
  const jwtError = new JWTError("ERR_JWKS_NO_MATCHING_KEY", "from the resolver");
  for (const thrown of [error, oddity, jwtError, "a string", 0]) {
    for (const resolver of [() => { throw thrown; }, async () => { throw thrown; }, () => Promise.reject(thrown)]) {
      await assert.rejects(verify(token, resolver), (e) => e === thrown);
      await assert.rejects(verifyJWS(token, resolver), (e) => e === thrown);
    }
  }
});

test("importJWK: oct to an HMAC CryptoKey, public to verify, private to sign; alg chooses, and must fit", async () => {
  const hmac = await importJWK(octJWK(secret));
  assert.equal(hmac.algorithm.name, "HMAC");
  await verify(await sign({}, secret), hmac);
  const hs512 = await importJWK(octJWK(secret), "HS512");
  assert.equal((hs512.algorithm as HmacKeyAlgorithm).hash.name, "SHA-512");
  await verify(await sign({}, hmac), hmac);

  const ec = await jwkPair("ES256");
  const ecPublic = await importJWK(ec.publicJWK);
  const ecPrivate = await importJWK(ec.privateJWK);
  assert.equal(ecPublic.type, "public");
  assert.equal(ecPrivate.type, "private");
  await verify(await sign({}, ecPrivate), ecPublic);

  const rsa = await jwkPair("RS256");
  await rejectsWith(importJWK(rsa.publicJWK), "ERR_INVALID_ARGUMENT");
  const ps384 = await importJWK(rsa.publicJWK, "PS384");
  assert.equal(ps384.algorithm.name, "RSA-PSS");
  // the imported CryptoKey permits exactly the alg it was imported for
  const rs256Token = await sign({}, rsa.privateJWK, { alg: "RS256" });
  await rejectsWith(verify(rs256Token, ps384), "ERR_JWT_ALG_NOT_ALLOWED");
  await verify(rs256Token, await importJWK({ ...rsa.publicJWK, alg: "RS256" }));

  const okp = await jwkPair("EdDSA");
  assert.equal((await importJWK(okp.publicJWK)).algorithm.name, "Ed25519");
});

test("importJWK: unknown or none alg is ERR_INVALID_ARGUMENT; an alg the key cannot serve, or a bad JWK, ERR_KEY_INVALID", async () => {
  const ec = await jwkPair("ES256");
  for (const alg of ["none", "NONE", "ES999", "es256", ""]) await rejectsWith(importJWK(ec.publicJWK, alg), "ERR_INVALID_ARGUMENT", undefined, alg);
  await rejectsWith(importJWK(ec.publicJWK, "ES384"), "ERR_KEY_INVALID");
  await rejectsWith(importJWK(ec.publicJWK, "RS256"), "ERR_KEY_INVALID");
  await rejectsWith(importJWK({ ...ec.publicJWK, alg: "ES256" }, "ES384"), "ERR_KEY_INVALID");
  await rejectsWith(importJWK(octJWK(fixedSecret(16))), "ERR_KEY_INVALID");
  await rejectsWith(importJWK(octJWK(fixedSecret(32)), "HS384"), "ERR_KEY_INVALID");
  for (const notJWK of [undefined, null, "jwk", 5, [], new Map(), { kty: "oct" }, { kty: "RSA", n: "AQAB" }]) {
    await rejectsWith(importJWK(notJWK as JWK), "ERR_KEY_INVALID", undefined, String(notJWK));
  }
});
