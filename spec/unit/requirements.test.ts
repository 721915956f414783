/**
 * RFC requirements of docs/conformance.md that no other test file proved on its own: each test here is named
 * in the map's "proof" column, and spec/reference/conformance-map.test.ts checks that the names still exist.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLocalJWKSet, createSigner, decode, exportJWK, generateKeyPair, sign, signJWS, verify, verifyJWS, type JWK } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { b64, fixedSecret, hs256, jwkPair, keyPair, unb64, withPart } from "../helpers/keys.js";

const secret = fixedSecret(32);

test("header parameters keycard does not use (jku, jwk, x5u, x5c, x5t, cty) are ignored: the caller's key alone decides", async (t) => {
  // RFC 7515 §4 (ignored when not understood), §4.1.2-§4.1.6, RFC 8725 §3.10: never followed, never trusted.
  const attacker = await jwkPair("ES256");
  const header = {
    alg: "ES256", jku: "https://attacker.example/jwks.json", x5u: "https://attacker.example/cert.pem",
    jwk: attacker.publicJWK, x5c: ["MIIBattacker"], x5t: "AAAA", "x5t#S256": "AAAA", cty: "example",
  };
  const realFetch = globalThis.fetch;
  let fetched = 0;
  globalThis.fetch = async () => { fetched++; throw new Error("no request may be made"); };
  t.after(() => { globalThis.fetch = realFetch; });
  // Signed by the attacker's key, which the header carries: refused under the key the caller trusts.
  const trusted = await generateKeyPair("ES256"); // not jwkPair's: that one is shared within a test file
  const publicJWK = await exportJWK(trusted.publicKey);
  const forged = await sign({ sub: "admin" }, attacker.privateJWK, { header: { jku: header.jku, jwk: attacker.publicJWK, x5c: header.x5c } });
  await rejectsWith(verify(forged, publicJWK), "ERR_JWT_SIGNATURE_INVALID");
  // The same parameters on a token the trusted key did sign: they are ignored, and it verifies.
  const { jku, x5u, jwk, x5c, x5t, cty } = header;
  const token = await sign({ sub: "user-42" }, trusted.privateKey, { header: { jku, x5u, jwk, x5c, x5t, "x5t#S256": "AAAA", cty } });
  assert.equal((await verify(token, publicJWK)).payload.sub, "user-42");
  assert.equal(fetched, 0);
});

test("a header parameter keycard does not know, not listed in crit, is ignored", async () => {
  // RFC 7515 §4, RFC 7519 §7.2 step 5
  const token = await hs256({ alg: "HS256", "urn:example:trace": { id: 7 }, zzz: [1, 2] }, { sub: "a" }, secret);
  const { header, payload } = await verify(token, secret);
  assert.equal(payload.sub, "a");
  assert.deepEqual(header["urn:example:trace"], { id: 7 });
});

test("claims keycard does not know are ignored and returned as they are", async () => {
  // RFC 7519 §4: claims not understood MUST be ignored
  const claims = { scope: "read:orders", "https://example.com/roles": ["admin"], nested: { a: [1, { b: null }] } };
  const { payload } = await verify(await sign(claims, secret, { iat: false }), secret);
  assert.deepEqual(payload, claims);
});

test("kid is compared case-sensitively when a key is chosen from a JWK Set", async () => {
  // RFC 7515 §4.1.4, RFC 7517 §4.5: kid is a case-sensitive string
  const { privateJWK, publicJWK } = await jwkPair("ES256");
  const keys = createLocalJWKSet({ keys: [{ ...publicJWK, kid: "Key-1" }] });
  assert.equal((await verify(await sign({}, privateJWK, { kid: "Key-1" }), keys)).header.kid, "Key-1");
  await rejectsWith(verify(await sign({}, privateJWK, { kid: "key-1" }), keys), "ERR_JWKS_NO_MATCHING_KEY");
});

test("string comparisons are exact: no case folding, no Unicode normalization", async () => {
  // RFC 7515 §5.3, RFC 7519 §7.3 (typ alone is compared as a media type, RFC 7515 §4.1.9)
  const composed = "jos\u00e9";
  const decomposed = "jose\u0301";
  const token = await sign({}, secret, { issuer: "https://issuer.example", subject: composed, audience: "Orders" });
  await rejectsWith(verify(token, secret, { issuer: "https://ISSUER.example" }), "ERR_JWT_CLAIM_INVALID", { claim: "iss" });
  await rejectsWith(verify(token, secret, { subject: decomposed }), "ERR_JWT_CLAIM_INVALID", { claim: "sub" });
  await rejectsWith(verify(token, secret, { audience: "orders" }), "ERR_JWT_CLAIM_INVALID", { claim: "aud" });
  assert.equal((await verify(token, secret, { subject: composed, audience: "Orders" })).payload.sub, composed);
});

test("characters outside the Basic Multilingual Plane survive sign and verify, and compare exactly", async () => {
  // RFC 7515 §10.13
  const name = "user-\u{1F511}-\u{10FFFD}";
  const token = await sign({ sub: name, note: "\u{1F600}" }, secret, { kid: "\u{1F5DD}", issuer: name });
  const { header, payload } = await verify(token, secret, { subject: name, issuer: name });
  assert.equal(header.kid, "\u{1F5DD}");
  assert.equal(payload.note, "\u{1F600}");
  await rejectsWith(verify(token, secret, { subject: "user-\u{1F512}-\u{10FFFD}" }), "ERR_JWT_CLAIM_INVALID", { claim: "sub" });
  // A lone surrogate cannot be UTF-8: written by hand into a token, it is malformed (RFC 8725 §3.7).
  const lone = new Uint8Array([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]); // {"s":"<D800>"}
  const bad = withPart(await hs256({ alg: "HS256" }, {}, secret), 1, b64(lone));
  await rejectsWith(verify(bad, secret), "ERR_JWT_MALFORMED");
});

test("a nested JWT (cty JWT) is not unwrapped: verify refuses it, verifyJWS returns the inner token", async () => {
  // RFC 7519 §7.2 step 8, RFC 8725 §3.11: nesting is the application's to handle, inner token included
  const inner = await sign({ sub: "user-42" }, secret);
  const outer = await signJWS(inner, secret, { typ: "JWT", header: { cty: "JWT" } });
  await rejectsWith(verify(outer, secret), "ERR_JWT_MALFORMED");
  const { payload } = await verifyJWS(outer, secret);
  const text = new TextDecoder().decode(payload);
  assert.equal(text, inner);
  assert.equal((await verify(text, secret)).payload.sub, "user-42");
});

test("ECDSA signatures are R and S at full length: 64, 96 and 132 bytes when signed, any other length refused", async () => {
  // RFC 7518 §3.4: never shortened, 64 octets for ES256
  for (const [alg, length] of [["ES256", 64], ["ES384", 96], ["ES512", 132]] as const) {
    const { privateKey, publicKey } = await keyPair(alg);
    const signer = createSigner(privateKey, {});
    for (let i = 0; i < 8; i++) assert.equal(decode(await signer({ i })).signature.length, length, alg);
    const token = await signer({ n: 1 });
    const signature = unb64(token.split(".")[2]!);
    // Without its first byte (what "shortening" a leading zero would give), or with one more: invalid.
    await rejectsWith(verify(withPart(token, 2, b64(signature.subarray(1))), publicKey), "ERR_JWT_SIGNATURE_INVALID");
    await rejectsWith(verify(withPart(token, 2, b64(Uint8Array.of(0, ...signature))), publicKey), "ERR_JWT_SIGNATURE_INVALID");
  }
});

test("JWK members keycard does not know are ignored: the key members alone make the key", async () => {
  // RFC 7517 §4: additional members MUST be ignored when not understood (x5c, x5u and x5t included)
  const { privateJWK, publicJWK } = await jwkPair("ES256");
  const extra = { "urn:example:owner": "billing", x5u: "https://attacker.example/c.pem", x5c: ["MIIB"], x5t: "AAAA", nested: { a: 1 } };
  const token = await sign({ ok: true }, { ...privateJWK, ...extra } as JWK);
  assert.equal((await verify(token, { ...publicJWK, ...extra } as JWK)).payload.ok, true);
});

test("a JWK Set's members other than keys are ignored", async () => {
  // RFC 7517 §5: additional members MUST be ignored when not understood
  const { privateJWK, publicJWK } = await jwkPair("EdDSA");
  const keys = createLocalJWKSet({ keys: [publicJWK], "urn:example:issuer": "https://issuer.example", version: 3 } as never);
  assert.equal((await verify(await sign({ ok: 1 }, privateJWK), keys)).payload.ok, 1);
});

test("a signer refuses to write a crit the RFC forbids: empty, not strings, repeated, JOSE-defined or absent names", async () => {
  // RFC 7515 §4.1.11: producers MUST NOT use [] nor list defined, duplicate or absent names
  const bad = [{ crit: [] }, { crit: "x", x: 1 }, { crit: [1] }, { crit: ["x", "x"], x: 1 }, { crit: ["alg"] }, { crit: ["exp"] }, { crit: ["typ"], typ: "JWT" }];
  for (const header of bad) {
    await rejectsWith(sign({}, secret, { header }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(header));
    await rejectsWith(signJWS("x", secret, { header }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(header));
    assert.throws(() => createSigner(secret, { header }), { code: "ERR_INVALID_ARGUMENT" });
  }
  const token = await sign({}, secret, { header: { crit: ["urn:x", "b64"], "urn:x": 1, b64: true } });
  assert.deepEqual(decode(token).header.crit, ["urn:x", "b64"]);
});

test("an exported public key and a generated secret round-trip through a JWK Set", async () => {
  // RFC 7517 §5: a JWK Set is { keys: [...] }; RFC 7518 §3.2: exported secrets keep their full length
  const { privateJWK, publicJWK } = await jwkPair("ES384");
  const set = { keys: [{ ...publicJWK, kid: "a", use: "sig" }] };
  assert.equal((await verify(await sign({}, privateJWK, { kid: "a" }), createLocalJWKSet(set))).header.alg, "ES384");
  const oct = await exportJWK(secret);
  assert.equal(unb64(oct.k!).length, 32);
});

test("JSON followed by extra characters is refused, in the header and in the payload", async () => {
  // RFC 7515 §10.12: input with extra significant characters after a valid JSON text MUST be invalid
  const header = b64('{"alg":"HS256"}');
  const payload = b64('{"sub":"a"}');
  for (const [h, p] of [[b64('{"alg":"HS256"}ABCD'), payload], [header, b64('{"sub":"a"}ABCD')], [header, b64('{"sub":"a"} {"sub":"b"}')]] as const) {
    const signingInput = `${h}.${p}`;
    const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(signingInput)));
    await rejectsWith(verify(`${signingInput}.${b64(mac)}`, secret), "ERR_JWT_MALFORMED", undefined, signingInput);
  }
});
