/**
 * The JWS layer (API.md "The JWS layer beneath", RFC 7515): signJWS over any bytes or text and verifyJWS
 * returning the payload bytes, with steps 1-4 of verify and no JSON asked of the payload.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { signJWS, verifyJWS, verify, type KeyLike } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { ASYMMETRIC_ALGS, HMAC_ALGS, badSignature, fixedSecret, keyPair, withPart, b64 } from "../helpers/keys.js";

const secret = fixedSecret(64);

test("signJWS/verifyJWS round-trip text and bytes for every algorithm", async () => {
  const text = "It’s a dangerous business, Frodo, going out your door."; // RFC 7520 §4 signs plain text
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 255);
  const keys: [string, KeyLike, KeyLike][] = HMAC_ALGS.map((alg) => [alg, secret, secret]);
  for (const alg of ASYMMETRIC_ALGS) {
    const { privateKey, publicKey } = await keyPair(alg);
    keys.push([alg, privateKey, publicKey]);
  }
  for (const [alg, signingKey, verifyingKey] of keys) {
    const options = { alg: alg as "HS256" };
    const fromText = await signJWS(text, signingKey, options);
    const verified = await verifyJWS(fromText, verifyingKey);
    assert.equal(verified.header.alg, alg);
    assert.equal(new TextDecoder().decode(verified.payload), text);
    const fromBytes = await signJWS(bytes, signingKey, options);
    assert.deepEqual((await verifyJWS(fromBytes, verifyingKey)).payload, bytes);
    await rejectsWith(verifyJWS(badSignature(fromBytes), verifyingKey), "ERR_JWT_SIGNATURE_INVALID", undefined, alg);
    await rejectsWith(verifyJWS(withPart(fromBytes, 1, b64(bytes.subarray(1))), verifyingKey), "ERR_JWT_SIGNATURE_INVALID", undefined, alg);
  }
});

test("signJWS: the header has alg and only the parameters asked for (no typ by default)", async () => {
  const token = await signJWS("x", secret);
  assert.deepEqual(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()), { alg: "HS256" });
  const full = await signJWS(new Uint8Array(0), secret, { alg: "HS512", kid: "k", typ: "example", header: { cty: "text/plain", x: 1 } });
  const header = JSON.parse(Buffer.from(full.split(".")[0]!, "base64url").toString());
  assert.deepEqual(header, { alg: "HS512", typ: "example", kid: "k", cty: "text/plain", x: 1 });
  assert.equal(full.split(".")[1], "");
  assert.deepEqual((await verifyJWS(full, secret)).payload, new Uint8Array(0));
});

test("signJWS: a payload that is not a string or Uint8Array, or bad options, are ERR_INVALID_ARGUMENT", async () => {
  for (const payload of [undefined, null, 5, {}, [1, 2], new ArrayBuffer(2), new Uint16Array(2), new DataView(new ArrayBuffer(1))]) {
    await rejectsWith(signJWS(payload as string, secret), "ERR_INVALID_ARGUMENT", undefined, String(payload));
  }
  for (const options of [{ alg: "none" }, { alg: "NONE" }, { alg: "HS999" }, { header: { alg: "HS256" } }, { kid: 1 }, { typ: "a", header: { typ: "b" } }, null, "HS256"]) {
    await rejectsWith(signJWS("x", secret, options as never), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(options));
  }
  await rejectsWith(signJWS("x", secret, { alg: "ES256" }), "ERR_KEY_INVALID");
});

test("verifyJWS: a JWT verifies as a JWS without its claims being judged", async () => {
  const expired = await signJWS(JSON.stringify({ exp: 1, nbf: 9e9, iss: 5 }), secret, { typ: "JWT" });
  await rejectsWith(verify(expired, secret), "ERR_JWT_CLAIM_INVALID");
  const { payload } = await verifyJWS(expired, secret);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { exp: 1, nbf: 9e9, iss: 5 });
});

test("verifyJWS: options that are not a plain object are ERR_INVALID_ARGUMENT", async () => {
  const token = await signJWS("x", secret);
  for (const options of [null, 5, "x", [], new Map()]) {
    await rejectsWith(verifyJWS(token, secret, options as never), "ERR_INVALID_ARGUMENT", undefined, String(options));
  }
});
