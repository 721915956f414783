/**
 * decode(token): synchronous, verifies nothing, same shape checks as verify step 1; reads unsecured tokens;
 * throws JWTMalformed synchronously for anything else, including values that are not strings.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, sign, JWTMalformed, JWTError } from "../../lib/index.js";
import { throwsWith } from "../helpers/assert.js";
import { b64, badSignature, fixedSecret, part } from "../helpers/keys.js";

const secret = fixedSecret(32);

test("decode returns header, payload and signature bytes, synchronously", async () => {
  const token = await sign({ sub: "me", n: [1, 2] }, secret, { kid: "k", iat: false });
  const result = decode(token);
  assert.ok(!(result instanceof Promise));
  assert.deepEqual(result.header, { alg: "HS256", typ: "JWT", kid: "k" });
  assert.deepEqual(result.payload, { sub: "me", n: [1, 2] });
  assert.ok(result.signature instanceof Uint8Array);
  assert.deepEqual(result.signature, new Uint8Array(Buffer.from(token.split(".")[2]!, "base64url")));
  assert.equal(result.signature.length, 32);
});

test("decode verifies nothing: bad signatures, expired tokens, unknown algorithms and crit are read", async () => {
  const token = await sign({ exp: 1 }, secret);
  assert.deepEqual(decode(badSignature(token)).payload, { exp: 1, iat: decode(token).payload.iat });
  const odd = `${part({ alg: "XYZ", crit: ["nope"], b64: false })}.${part({ nbf: 9e9 })}.${b64("sig")}`;
  assert.equal(decode(odd).header.alg, "XYZ");
});

test("decode reads unsecured (alg none) tokens", () => {
  const token = `${part({ alg: "none" })}.${part({ sub: "anonymous" })}.`;
  const { header, payload, signature } = decode(token);
  assert.equal(header.alg, "none");
  assert.equal(payload.sub, "anonymous");
  assert.equal(signature.length, 0);
});

test("decode throws JWTMalformed synchronously for non-strings and malformed tokens", () => {
  const values: unknown[] = [undefined, null, 42, NaN, true, Symbol("x"), 1n, {}, [], () => "a.b.c", new String("a.b.c"), "", "a.b", "a.b.c.d", "e30.e30.=", `${part("[]")}.${part({})}.`, `${part({ alg: "HS256" })}.${part("[1]")}.`];
  for (const value of values) {
    let threw: unknown;
    let returned: unknown;
    try {
      returned = decode(value as string);
    } catch (error) {
      threw = error;
    }
    assert.equal(returned, undefined, `returned for ${String(value)}`);
    assert.ok(threw instanceof JWTMalformed, `JWTMalformed for ${String(value)}`);
    assert.ok(threw instanceof JWTError);
  }
  throwsWith(() => decode(`${part({ alg: "HS256" })}.${part('{"a":1,"a":2}')}.`), "ERR_JWT_MALFORMED");
});

test("decode returns fresh objects each call", async () => {
  const token = await sign({ list: [1] }, secret);
  const first = decode(token);
  (first.payload.list as number[]).push(2);
  first.header.alg = "changed";
  const second = decode(token);
  assert.deepEqual(second.payload.list, [1]);
  assert.equal(second.header.alg, "HS256");
});
