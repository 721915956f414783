/**
 * JSON strictness of verify step 1 (RFC 7515 §4, RFC 7519 §4: member names MUST be unique) in the header and
 * the payload, through verify, verifyJWS and decode: duplicates at any depth, non-objects, invalid UTF-8, a
 * BOM, deep nesting, and `__proto__` / `constructor` members that must stay ordinary own properties.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, verifyJWS, decode, sign, createVerifier, JWTMalformed } from "../../lib/index.js";
import { assertNoPollution, rejectsWith, throwsWith } from "../helpers/assert.js";
import { b64, fixedSecret, hs256, rawToken } from "../helpers/keys.js";

const secret = fixedSecret(32);
const HEADER = '{"alg":"HS256"}';

/** Every reader of a token must call it malformed: verify, a verifier, decode; verifyJWS for the header. */
async function allMalformed(token: string, what: string, headerFault: boolean): Promise<void> {
  await rejectsWith(verify(token, secret), "ERR_JWT_MALFORMED", undefined, what);
  await rejectsWith(createVerifier(secret)(token), "ERR_JWT_MALFORMED", undefined, what);
  throwsWith(() => decode(token), "ERR_JWT_MALFORMED", undefined, what);
  if (headerFault) await rejectsWith(verifyJWS(token, secret), "ERR_JWT_MALFORMED", undefined, what);
}

const DUPLICATES = [
  '{"a":1,"a":1}',
  '{"a":1,"b":2,"a":3}',
  '{"a":{"x":1,"x":2}}',
  '{"a":[{"x":1},{"y":1,"y":1}]}',
  '{"a":[[[{"deep":{"x":1,"x":1}}]]]}',
  '{"a":1,"\\u0061":2}',
  '{"__proto__":1,"__proto__":2}',
  '{"exp":1,"exp":9999999999}',
  '{"":1,"":2}',
  '{"a:b":1,"a:b":1}',
  '{"a":"x:y","a":"z"}',
];

test("duplicate member names at any depth in the payload are ERR_JWT_MALFORMED", async () => {
  for (const payload of DUPLICATES) await allMalformed(await hs256(HEADER, payload, secret), payload, false);
});

test("duplicate member names at any depth in the header are ERR_JWT_MALFORMED", async () => {
  for (const extra of ['"alg":"HS256"', '"kid":"a","kid":"b"', '"x":{"y":1,"y":2}', '"crit":["a"],"a":[{"b":1,"b":1}]']) {
    await allMalformed(await hs256(`{"alg":"HS256",${extra}}`, "{}", secret), extra, true);
  }
  // the same names in different objects are not duplicates
  const fine = await hs256('{"alg":"HS256","x":{"alg":1,"y":{"alg":2}},"z":[{"alg":3},{"alg":4}]}', '{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}', secret);
  assert.deepEqual((await verify(fine, secret)).payload, { a: { a: { a: 1 } }, b: [{ a: 1 }, { a: 2 }] });
});

test("a header or payload that is not a JSON object is ERR_JWT_MALFORMED", async () => {
  const notObjects = ["[]", '["a"]', '"claims"', "1", "true", "null", "", " ", "{", '{"a":1', '{"a":1}}', "{'a':1}", '{"a":undefined}', '{"a":NaN}', "{a:1}", '{"a":1,}', '{"a":1} x', "\u00a0{}"];
  for (const text of notObjects) {
    await allMalformed(await hs256(HEADER, text, secret), `payload ${JSON.stringify(text)}`, false);
    await allMalformed(await hs256(text, "{}", secret), `header ${JSON.stringify(text)}`, true);
  }
  // whitespace around an object is JSON
  assert.deepEqual((await verify(await hs256(` ${HEADER}\n`, '\t{ "a" : 1 }\r\n', secret), secret)).payload, { a: 1 });
});

test("verifyJWS does not ask the payload to be JSON", async () => {
  for (const text of ["[]", "hello", "", '{"a":1,"a":2}']) {
    const signed = await rawToken(HEADER, text, secret);
    assert.deepEqual((await verifyJWS(signed, secret)).payload, new TextEncoder().encode(text));
  }
});

test("invalid UTF-8 and a byte-order mark are ERR_JWT_MALFORMED", async () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const cases: [string, Uint8Array][] = [
    ["lone continuation byte", Uint8Array.from([...enc('{"a":"'), 0x80, ...enc('"}')])],
    ["overlong encoding of /", Uint8Array.from([...enc('{"a":"'), 0xc0, 0xaf, ...enc('"}')])],
    ["encoded surrogate", Uint8Array.from([...enc('{"a":"'), 0xed, 0xa0, 0x80, ...enc('"}')])],
    ["truncated sequence", Uint8Array.from([...enc('{"a":"'), 0xe2, 0x82, ...enc('"}')])],
    ["0xff byte", Uint8Array.from([...enc('{"a":"'), 0xff, ...enc('"}')])],
    ["BOM", Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("{}")])],
    ["latin-1 é", Uint8Array.from([...enc('{"a":"'), 0xe9, ...enc('"}')])],
  ];
  for (const [what, bytes] of cases) {
    const input = `${b64(HEADER)}.${b64(bytes)}`;
    const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
    await allMalformed(`${input}.${b64(signature)}`, `payload: ${what}`, false);
    const headerBytes = Uint8Array.from([...bytes.slice(0, -2), ...enc('","alg":"HS256"}')]);
    const headerFirst = `${b64(what === "BOM" ? Uint8Array.from([0xef, 0xbb, 0xbf, ...enc(HEADER)]) : headerBytes)}.${b64("{}")}`;
    const headerSignature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(headerFirst)));
    await allMalformed(`${headerFirst}.${b64(headerSignature)}`, `header: ${what}`, true);
  }
  // valid multi-byte UTF-8 is fine, and a lone surrogate written as a JSON escape is valid JSON text
  const ok = await hs256(HEADER, '{"a":"é€😀","b":"\\ud800"}', secret);
  assert.deepEqual((await verify(ok, secret)).payload, { a: "é€😀", b: "\ud800" });
});

test("nesting deeper than the limit is refused at once, in header and payload, even 100 000 levels", async () => {
  for (const depth of [100, 100_000]) {
    const nested = `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const objects = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    for (const payload of [nested, objects]) {
      await rejectsWith(verify(await hs256(HEADER, payload, secret), secret, { maxTokenLength: 2_000_000 }), "ERR_JWT_MALFORMED");
      await rejectsWith(verify(await hs256(`{"alg":"HS256","x":${payload}}`, "{}", secret), secret, { maxTokenLength: 2_000_000 }), "ERR_JWT_MALFORMED");
    }
  }
  // a few levels are fine
  const shallow = await hs256(HEADER, `{"a":${"[".repeat(20)}${"]".repeat(20)}}`, secret);
  await verify(shallow, secret);
});

test("__proto__ and constructor members stay own properties and never pollute Object.prototype", async () => {
  const payloads = [
    '{"__proto__":{"polluted":1}}',
    '{"a":{"__proto__":{"polluted":1}}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"__proto__":{"__proto__":{"polluted":1}},"b":[{"__proto__":{"polluted":1}}]}',
    '{"__proto__":null}',
  ];
  for (const text of payloads) {
    const token = await hs256(`{"alg":"HS256","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}`, text, secret);
    const verified = await verify(token, secret);
    const decoded = decode(token);
    const jws = await verifyJWS(token, secret);
    assertNoPollution(text);
    for (const result of [verified, decoded]) {
      assert.deepEqual(Object.keys(result.payload), Object.keys(JSON.parse(text)));
      assert.equal(Object.getPrototypeOf(result.payload), Object.prototype);
      assert.ok(Object.hasOwn(result.header, "__proto__"));
      assert.ok(Object.hasOwn(result.header, "constructor"));
      assert.equal(Object.getPrototypeOf(result.header), Object.prototype);
      assert.equal((result.payload as Record<string, unknown>).polluted, undefined);
    }
    assert.ok(jws.payload instanceof Uint8Array);
  }
  const verified = await verify(await hs256(HEADER, payloads[0]!, secret), secret);
  assert.deepEqual(Object.getOwnPropertyDescriptor(verified.payload, "__proto__")?.value, { polluted: 1 });
  // claim options reading such payloads: requiredClaims sees __proto__ as present only when it is own
  await verify(await hs256(HEADER, payloads[0]!, secret), secret, { requiredClaims: ["__proto__"] });
  assertNoPollution();
});

test("signing a payload with an own __proto__ member keeps it as a member", async () => {
  const payload = JSON.parse('{"__proto__":{"polluted":1},"sub":"x"}') as Record<string, unknown>;
  const token = await sign(payload, secret, { iat: false });
  assert.equal(Buffer.from(token.split(".")[1]!, "base64url").toString(), '{"__proto__":{"polluted":1},"sub":"x"}');
  const { payload: verified } = await verify(token, secret);
  assert.ok(Object.hasOwn(verified, "__proto__"));
  assertNoPollution();
});

test("JWTMalformed is what a non-JSON part reports, and its message names the part", async () => {
  const error = await rejectsWith(verify(await hs256(HEADER, "[]", secret), secret), "ERR_JWT_MALFORMED");
  assert.ok(error instanceof JWTMalformed);
  assert.match(error.message, /payload/);
});
