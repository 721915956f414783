/**
 * verify step 1, the shape of a compact JWS (RFC 7515 §7.1, §2): a string of at most maxTokenLength
 * characters, exactly three parts, each strict base64url (no padding, no other characters, canonical
 * trailing bits), and `alg` a string. Everything here is ERR_JWT_MALFORMED for verify, verifyJWS and decode.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, verifyJWS, decode, sign, createVerifier } from "../../lib/index.js";
import { rejectsWith, throwsWith } from "../helpers/assert.js";
import { fixedSecret, hs256, withPart } from "../helpers/keys.js";

const secret = fixedSecret(32);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

async function malformedEverywhere(token: unknown, what: string): Promise<void> {
  await rejectsWith(verify(token as string, secret), "ERR_JWT_MALFORMED", undefined, what);
  await rejectsWith(verifyJWS(token as string, secret), "ERR_JWT_MALFORMED", undefined, what);
  await rejectsWith(createVerifier(secret, { cache: { max: 4 } })(token as string), "ERR_JWT_MALFORMED", undefined, what);
  throwsWith(() => decode(token as string), "ERR_JWT_MALFORMED", undefined, what);
}

/** The same part with its last character's unused bits set: same bytes under a lax decoder. */
function nonCanonical(encoded: string): string | undefined {
  const unused = encoded.length % 4 === 2 ? 0x0f : encoded.length % 4 === 3 ? 0x03 : 0;
  if (unused === 0) return undefined;
  const last = ALPHABET.indexOf(encoded[encoded.length - 1]!);
  return encoded.slice(0, -1) + ALPHABET[last | 1]!;
}

test("anything but a string is ERR_JWT_MALFORMED", async () => {
  const token = await sign({}, secret);
  for (const value of [undefined, null, 0, 1n, true, Symbol("t"), {}, [], [token], new String(token), new TextEncoder().encode(token), () => token]) {
    await malformedEverywhere(value, typeof value);
  }
});

test("not exactly three parts, or empty header/payload, is ERR_JWT_MALFORMED", async () => {
  const token = await sign({ a: 1 }, secret);
  const [h, p, s] = token.split(".") as [string, string, string];
  for (const bad of ["", ".", "..", "...", h, `${h}.${p}`, `${h}.${p}.${s}.`, `${h}.${p}.${s}.${s}`, `.${p}.${s}`, `${h}.${p}..${s}`, `${token}.`, `.${token}`]) {
    await malformedEverywhere(bad, JSON.stringify(bad.slice(0, 20)));
  }
  // an empty payload is a well-formed JWS (verifyJWS: the signature no longer matches) but not a JWT
  await rejectsWith(verify(`${h}..${s}`, secret), "ERR_JWT_MALFORMED");
  throwsWith(() => decode(`${h}..${s}`), "ERR_JWT_MALFORMED");
  await rejectsWith(verifyJWS(`${h}..${s}`, secret), "ERR_JWT_SIGNATURE_INVALID");
  // an empty signature is well-formed; it simply does not verify
  await rejectsWith(verify(`${h}.${p}.`, secret), "ERR_JWT_SIGNATURE_INVALID");
  assert.equal(decode(`${h}.${p}.`).signature.length, 0);
});

test("padding, whitespace and characters outside base64url in any part are ERR_JWT_MALFORMED", async () => {
  const token = await sign({ a: 1 }, secret);
  for (let index = 0 as 0 | 1 | 2; index <= 2; index++) {
    const original = token.split(".")[index]!;
    const variants = [
      `${original}=`, `${original}==`, ` ${original}`, `${original} `, `${original}\n`, `${original.slice(0, 4)}\t${original.slice(4)}`,
      `${original.slice(0, 3)}+${original.slice(4)}`, `${original.slice(0, 3)}/${original.slice(4)}`, `${original.slice(0, 3)}é${original.slice(4)}`,
      `${original.slice(0, 3)}\u0000${original.slice(4)}`, `${original.slice(0, 3)}\ud800${original.slice(4)}`,
      `${original.slice(0, 3)}%${original.slice(4)}`, original + "A".repeat(original.length % 4 === 0 ? 1 : 5 - (original.length % 4)),
    ];
    for (const variant of variants) await malformedEverywhere(withPart(token, index, variant), `part ${index}: ${JSON.stringify(variant.slice(0, 12))}`);
  }
});

test("non-canonical trailing bits (another spelling of the same bytes) are ERR_JWT_MALFORMED in every part", async () => {
  // choose claims so that every part has a length leaving unused bits
  for (let pad = 0; pad < 3; pad++) {
    const token = await sign({ x: "y".repeat(pad) }, secret, { iat: false });
    for (let index = 0 as 0 | 1 | 2; index <= 2; index++) {
      const respelled = nonCanonical(token.split(".")[index]!);
      if (respelled === undefined) continue;
      assert.deepEqual(Buffer.from(respelled, "base64url"), Buffer.from(token.split(".")[index]!, "base64url"), "same bytes, lax decoder");
      await malformedEverywhere(withPart(token, index, respelled), `part ${index} re-spelled`);
    }
  }
});

test("maxTokenLength: a token of exactly that many characters passes, one more is ERR_JWT_MALFORMED", async () => {
  const token = await sign({ data: "x".repeat(100) }, secret);
  await verify(token, secret, { maxTokenLength: token.length });
  await verifyJWS(token, secret, { maxTokenLength: token.length });
  await rejectsWith(verify(token, secret, { maxTokenLength: token.length - 1 }), "ERR_JWT_MALFORMED");
  await rejectsWith(verifyJWS(token, secret, { maxTokenLength: token.length - 1 }), "ERR_JWT_MALFORMED");
  await rejectsWith(createVerifier(secret, { maxTokenLength: token.length - 1 })(token), "ERR_JWT_MALFORMED");
  // the default is 65 536 characters, for verify and decode alike
  const big = await sign({ data: "x".repeat(65536) }, secret);
  assert.ok(big.length > 65536);
  await rejectsWith(verify(big, secret), "ERR_JWT_MALFORMED");
  throwsWith(() => decode(big), "ERR_JWT_MALFORMED");
  await verify(big, secret, { maxTokenLength: big.length });
  const limit = "A".repeat(65536 - 2);
  await rejectsWith(verify(`${limit}..`, secret), "ERR_JWT_MALFORMED"); // well within the limit: malformed for other reasons
  for (const bad of [0, -1, 1.5, NaN, "100", null, Infinity]) {
    await rejectsWith(verify(token, secret, { maxTokenLength: bad as number }), "ERR_INVALID_ARGUMENT", undefined, String(bad));
  }
});

test("a header without a string alg is ERR_JWT_MALFORMED", async () => {
  for (const header of [{}, { alg: null }, { alg: 1 }, { alg: ["HS256"] }, { typ: "JWT" }]) {
    await malformedEverywhere(await hs256(header, {}, secret), JSON.stringify(header));
  }
});

test("header texts read once (lib/jws/compact.ts) never let a bad header through, and callers get their own objects", async () => {
  const good = await hs256({ alg: "HS256", typ: "JWT" }, { sub: "x" }, secret);
  const first = await verify(good, secret);
  const second = await verify(good, secret);
  assert.notEqual(first.header, second.header, "a fresh header object per call");
  first.header.typ = "changed";
  assert.equal((await verify(good, secret)).header.typ, "JWT", "a caller changing its header changes nobody else's");
  // A bad header is never remembered, however often it comes; a good one seen before does not vouch for it.
  const duplicate = await hs256('{"alg":"HS256","alg":"HS256"}', { sub: "x" }, secret);
  for (let i = 0; i < 3; i++) await malformedEverywhere(duplicate, "duplicate header member, again");
  // More distinct headers than are remembered: each is still read in full, the first still verifies.
  for (let i = 0; i < 80; i++) {
    const token = await hs256({ alg: "HS256", kid: `k${i}` }, { sub: "x" }, secret);
    assert.equal((await verify(token, secret)).header.kid, `k${i}`);
  }
  assert.equal((await verify(good, secret)).payload.sub, "x");
});
