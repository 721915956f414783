/**
 * The errors of API.md: one exported JWTError subclass per code, instanceof-checkable; every code the core
 * can raise provoked through a public function; promise-returning functions reject and never throw
 * synchronously, while decode throws synchronously. (The JWKS codes are raised by the JWK Set resolvers,
 * which have their own tests; here only their classes are checked.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as keycard from "../../lib/index.js";
import {
  JWTError, JWTClaimError, InvalidArgument, JWTMalformed, JWTHeaderUnsupported, JWTAlgorithmNotAllowed, JWTSignatureInvalid,
  JWTExpired, JWTNotYetValid, JWTClaimInvalid, JWTRevoked, KeyInvalid, JWKSNoMatchingKey, JWKSMultipleMatchingKeys,
  JWKSFetchFailed, JWKSTimeout, sign, verify, signJWS, verifyJWS, importJWK, createSigner, createVerifier, decode,
  type ErrorCode,
} from "../../lib/index.js";
import { ERROR_CODES, assertJWTError, callAsync } from "../helpers/assert.js";
import { badSignature, fixedSecret, hs256 } from "../helpers/keys.js";

const secret = fixedSecret(32);
const NOW = 1_700_000_000;

const CLASSES: [ErrorCode, Function, (message: string) => JWTError][] = [
  ["ERR_INVALID_ARGUMENT", InvalidArgument, (m) => new InvalidArgument(m)],
  ["ERR_JWT_MALFORMED", JWTMalformed, (m) => new JWTMalformed(m)],
  ["ERR_JWT_HEADER_UNSUPPORTED", JWTHeaderUnsupported, (m) => new JWTHeaderUnsupported(m)],
  ["ERR_JWT_ALG_NOT_ALLOWED", JWTAlgorithmNotAllowed, (m) => new JWTAlgorithmNotAllowed(m)],
  ["ERR_JWT_SIGNATURE_INVALID", JWTSignatureInvalid, (m) => new JWTSignatureInvalid(m)],
  ["ERR_JWT_EXPIRED", JWTExpired, (m) => new JWTExpired(m, {})],
  ["ERR_JWT_NOT_YET_VALID", JWTNotYetValid, (m) => new JWTNotYetValid(m, {})],
  ["ERR_JWT_CLAIM_INVALID", JWTClaimInvalid, (m) => new JWTClaimInvalid(m, "iss", {})],
  ["ERR_JWT_REVOKED", JWTRevoked, (m) => new JWTRevoked(m, {})],
  ["ERR_KEY_INVALID", KeyInvalid, (m) => new KeyInvalid(m)],
  ["ERR_JWKS_NO_MATCHING_KEY", JWKSNoMatchingKey, (m) => new JWKSNoMatchingKey(m)],
  ["ERR_JWKS_MULTIPLE_MATCHING_KEYS", JWKSMultipleMatchingKeys, (m) => new JWKSMultipleMatchingKeys(m)],
  ["ERR_JWKS_FETCH_FAILED", JWKSFetchFailed, (m) => new JWKSFetchFailed(m)],
  ["ERR_JWKS_TIMEOUT", JWKSTimeout, (m) => new JWKSTimeout(m)],
];

test("one exported subclass per code of the table, each a JWTError and an Error with its own name", () => {
  assert.deepEqual(CLASSES.map(([code]) => code), ERROR_CODES);
  const seen = new Set<Function>();
  for (const [code, cls, make] of CLASSES) {
    const error = make("m");
    assert.ok(error instanceof cls, code);
    assert.ok(error instanceof JWTError, code);
    assert.ok(error instanceof Error, code);
    assert.equal(error.code, code);
    assert.equal(error.name, cls.name);
    assert.equal(error.message, "m");
    assert.equal((keycard as Record<string, unknown>)[cls.name], cls, `${cls.name} is exported from the package root`);
    assert.ok(!seen.has(cls));
    seen.add(cls);
  }
  for (const cls of [JWTExpired, JWTNotYetValid, JWTClaimInvalid, JWTRevoked]) assert.ok(cls.prototype instanceof JWTClaimError);
  assert.equal(new JWTExpired("m", {}).claim, "exp");
  assert.equal(new JWTNotYetValid("m", {}).claim, "nbf");
  assert.equal(new JWTRevoked("m", {}).claim, "jti");
});

test("every code the core can raise is provoked through a public function, as the subclass of its code", async () => {
  const provoke: [ErrorCode, () => unknown][] = [
    ["ERR_INVALID_ARGUMENT", () => sign({}, secret, { alg: "none" as "HS256" })],
    ["ERR_INVALID_ARGUMENT", () => verify("a.b.c", secret, { algorithms: ["none" as "HS256"] })],
    ["ERR_JWT_MALFORMED", () => verify("a.b", secret)],
    ["ERR_JWT_MALFORMED", () => decode("a.b")],
    ["ERR_JWT_HEADER_UNSUPPORTED", async () => verify(await hs256({ alg: "HS256", b64: false, crit: ["b64"] }, {}, secret), secret)],
    ["ERR_JWT_ALG_NOT_ALLOWED", async () => verify(await hs256({ alg: "none" }, {}, secret), secret)],
    ["ERR_JWT_SIGNATURE_INVALID", async () => verify(badSignature(await sign({}, secret)), secret)],
    ["ERR_JWT_EXPIRED", async () => verify(await sign({}, secret, { now: NOW, expiresIn: 1 }), secret, { now: NOW + 1 })],
    ["ERR_JWT_NOT_YET_VALID", async () => verify(await sign({}, secret, { now: NOW, notBefore: 1 }), secret, { now: NOW })],
    ["ERR_JWT_CLAIM_INVALID", async () => verify(await sign({}, secret), secret, { issuer: "me" })],
    ["ERR_JWT_REVOKED", async () => verify(await sign({}, secret), secret, { isRevoked: () => true })],
    ["ERR_KEY_INVALID", () => sign({}, new Uint8Array(8))],
    ["ERR_KEY_INVALID", () => importJWK({ kty: "oct" })],
  ];
  const provoked = new Set<ErrorCode>();
  for (const [code, run] of provoke) {
    let error: unknown;
    try {
      await run();
    } catch (e) {
      error = e;
    }
    assertJWTError(error, code);
    const cls = CLASSES.find(([c]) => c === code)![1];
    assert.ok(error instanceof cls, `${code} is a ${cls.name}`);
    provoked.add(code);
  }
  const core = ERROR_CODES.filter((code) => !code.startsWith("ERR_JWKS_"));
  assert.deepEqual([...provoked].sort(), [...core].sort());
});

test("promise-returning functions reject, never throw synchronously, whatever they are given", async () => {
  const garbage: unknown[] = [undefined, null, 5, Symbol("s"), "x", {}, [], () => {}];
  const calls: [string, (v: unknown) => unknown][] = [
    ["sign payload", (v) => sign(v as object, secret)],
    ["sign key", (v) => sign({}, v as string)],
    ["sign options", (v) => sign({}, secret, v as object)],
    ["verify token", (v) => verify(v as string, secret)],
    ["verify key", (v) => verify("a.b.c", v as string)],
    ["verify options", (v) => verify("a.b.c", secret, v as object)],
    ["signJWS payload", (v) => signJWS(v as string, secret)],
    ["signJWS options", (v) => signJWS("x", secret, v as object)],
    ["verifyJWS token", (v) => verifyJWS(v as string, secret)],
    ["verifyJWS options", (v) => verifyJWS("a.b.c", secret, v as object)],
    ["importJWK jwk", (v) => importJWK(v as keycard.JWK)],
    ["importJWK alg", (v) => importJWK({ kty: "oct", k: "x".repeat(43) }, v as string)],
    ["signer payload", (v) => createSigner(secret)(v as never)],
    ["signer bad key", (v) => createSigner(v as string)({})],
    ["verifier token", (v) => createVerifier(secret)(v as string)],
    ["verifier bad key", (v) => createVerifier(v as string)("a.b.c")],
  ];
  for (const [what, call] of calls) {
    for (const value of garbage) {
      const promise = callAsync(() => call(value), `${what}: ${String(value)}`);
      // some of these values are acceptable ({} as options, "x" as a JWS payload): a result is fine too
      await promise.catch((error: unknown) => assert.ok(error instanceof JWTError, `${what}: ${String(value)} rejected with ${String(error)}`));
    }
  }
});

test("decode throws synchronously; createSigner and createVerifier throw synchronously for bad options", () => {
  assert.throws(() => decode(5 as never), JWTMalformed);
  assert.throws(() => createSigner(secret, { alg: "none" as "HS256" }), InvalidArgument);
  assert.throws(() => createVerifier(secret, { algorithms: [] }), InvalidArgument);
});

test("claim errors carry the verified payload; errors before the signature carry none", async () => {
  const token = await sign({ sub: "user-1" }, secret, { now: NOW, expiresIn: 10 });
  const expired = await verify(token, secret, { now: NOW + 10 }).catch((e: unknown) => e);
  assert.ok(expired instanceof JWTExpired);
  assert.deepEqual(expired.payload, { sub: "user-1", iat: NOW, exp: NOW + 10 });
  const forged = await verify(badSignature(token), secret, { now: NOW + 10 }).catch((e: unknown) => e);
  assert.ok(forged instanceof JWTSignatureInvalid);
  assert.equal(Object.hasOwn(forged, "payload"), false);
  assert.equal(Object.hasOwn(forged, "claim"), false);
});
