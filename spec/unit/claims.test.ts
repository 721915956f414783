/**
 * verify step 5 (RFC 7519 §4.1) at its boundaries: exp, nbf, iat and maxTokenAge edges with and without
 * clockTolerance, the claims that options make required, aud intersection, typ comparison, requiredClaims,
 * and step 6 (isRevoked). Claim errors carry `claim` and the verified `payload`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, JWTClaimError, JWTExpired, JWTNotYetValid, JWTClaimInvalid, JWTRevoked, JWTError, type VerifyOptions } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { fixedSecret, hs256 } from "../helpers/keys.js";

const NOW = 1_700_000_000;
const secret = fixedSecret(32);

async function check(claims: Record<string, unknown>, options: VerifyOptions, header: Record<string, unknown> = { alg: "HS256" }) {
  return verify(await hs256(header, claims, secret), secret, options);
}
async function fails(claims: Record<string, unknown>, options: VerifyOptions, code: string, claim: string, header?: Record<string, unknown>) {
  const token = await hs256(header ?? { alg: "HS256" }, claims, secret);
  return rejectsWith(verify(token, secret, options), code as "ERR_JWT_EXPIRED", { claim, payload: claims }, JSON.stringify([claims, options]));
}

test("exp: now == exp is expired, now == exp - 1 is not; clockTolerance moves the edge", async () => {
  await fails({ exp: NOW }, { now: NOW }, "ERR_JWT_EXPIRED", "exp");
  await fails({ exp: NOW - 1 }, { now: NOW }, "ERR_JWT_EXPIRED", "exp");
  await check({ exp: NOW + 1 }, { now: NOW });
  await check({ exp: NOW }, { now: NOW - 0.001 });
  await check({ exp: NOW - 4 }, { now: NOW, clockTolerance: 5 });
  await fails({ exp: NOW - 5 }, { now: NOW, clockTolerance: 5 }, "ERR_JWT_EXPIRED", "exp");
  await check({ exp: NOW - 4 }, { now: NOW, clockTolerance: "5s" });
  await fails({ exp: NOW - 5 }, { now: NOW, clockTolerance: "5000ms" }, "ERR_JWT_EXPIRED", "exp");
  // fractional exp and now
  await check({ exp: NOW + 0.5 }, { now: NOW + 0.25 });
  await fails({ exp: NOW + 0.5 }, { now: NOW + 0.5 }, "ERR_JWT_EXPIRED", "exp");
});

test("nbf: now == nbf is valid, now == nbf - 1 is not yet; clockTolerance moves the edge", async () => {
  await check({ nbf: NOW }, { now: NOW });
  await check({ nbf: NOW - 100 }, { now: NOW });
  await fails({ nbf: NOW + 1 }, { now: NOW }, "ERR_JWT_NOT_YET_VALID", "nbf");
  await fails({ nbf: NOW }, { now: NOW - 0.001 }, "ERR_JWT_NOT_YET_VALID", "nbf");
  await check({ nbf: NOW + 5 }, { now: NOW, clockTolerance: 5 });
  await fails({ nbf: NOW + 6 }, { now: NOW, clockTolerance: 5 }, "ERR_JWT_NOT_YET_VALID", "nbf");
  await check({ nbf: NOW + 60, exp: NOW + 120 }, { now: NOW, clockTolerance: "1m" });
});

test("iat in the future: later than now + clockTolerance is ERR_JWT_CLAIM_INVALID (claim iat)", async () => {
  await check({ iat: NOW }, { now: NOW });
  await check({ iat: 0 }, { now: NOW });
  await fails({ iat: NOW + 1 }, { now: NOW }, "ERR_JWT_CLAIM_INVALID", "iat");
  await check({ iat: NOW + 5 }, { now: NOW, clockTolerance: 5 });
  await fails({ iat: NOW + 6 }, { now: NOW, clockTolerance: 5 }, "ERR_JWT_CLAIM_INVALID", "iat");
  await fails({ iat: NOW + 0.5 }, { now: NOW }, "ERR_JWT_CLAIM_INVALID", "iat");
});

test("now may be a Date; the clock is used without it", async () => {
  await check({ exp: NOW + 1 }, { now: new Date(NOW * 1000) });
  await fails({ exp: NOW }, { now: new Date(NOW * 1000) }, "ERR_JWT_EXPIRED", "exp");
  await fails({ exp: NOW }, { now: new Date(NOW * 1000 + 1) }, "ERR_JWT_EXPIRED", "exp");
  await check({ exp: NOW }, { now: new Date(NOW * 1000 - 1) });
  const clock = Math.floor(Date.now() / 1000);
  await check({ exp: clock + 3600, nbf: clock - 3600, iat: clock - 10 }, {});
  await fails({ exp: clock - 3600 }, {}, "ERR_JWT_EXPIRED", "exp");
});

test("maxTokenAge needs iat and fails when now - iat > maxTokenAge + clockTolerance (claim iat)", async () => {
  await check({ iat: NOW - 60 }, { now: NOW, maxTokenAge: 60 });
  await fails({ iat: NOW - 61 }, { now: NOW, maxTokenAge: 60 }, "ERR_JWT_CLAIM_INVALID", "iat");
  await check({ iat: NOW - 65 }, { now: NOW, maxTokenAge: "1m", clockTolerance: 5 });
  await fails({ iat: NOW - 66 }, { now: NOW, maxTokenAge: "1m", clockTolerance: 5 }, "ERR_JWT_CLAIM_INVALID", "iat");
  await fails({}, { now: NOW, maxTokenAge: "1h" }, "ERR_JWT_CLAIM_INVALID", "iat");
  await fails({ exp: NOW + 10 }, { now: NOW, maxTokenAge: 3600 }, "ERR_JWT_CLAIM_INVALID", "iat");
  await check({ iat: NOW }, { now: NOW, maxTokenAge: 0 });
  await fails({ iat: NOW - 1 }, { now: NOW, maxTokenAge: 0 }, "ERR_JWT_CLAIM_INVALID", "iat");
});

test("issuer: one value or any of a list; makes iss required", async () => {
  await check({ iss: "a" }, { issuer: "a" });
  await check({ iss: "b" }, { issuer: ["a", "b"] });
  await fails({ iss: "c" }, { issuer: ["a", "b"] }, "ERR_JWT_CLAIM_INVALID", "iss");
  await fails({ iss: "A" }, { issuer: "a" }, "ERR_JWT_CLAIM_INVALID", "iss");
  await fails({}, { issuer: "a" }, "ERR_JWT_CLAIM_INVALID", "iss");
  await check({}, {}); // without the option, no iss is fine
});

test("audience: the token's aud string or list must share one value with the option's; makes aud required", async () => {
  await check({ aud: "a" }, { audience: "a" });
  await check({ aud: "a" }, { audience: ["b", "a"] });
  await check({ aud: ["x", "a"] }, { audience: "a" });
  await check({ aud: ["x", "y"] }, { audience: ["z", "y"] });
  await fails({ aud: ["x", "y"] }, { audience: ["z", "w"] }, "ERR_JWT_CLAIM_INVALID", "aud");
  await fails({ aud: "ab" }, { audience: "a" }, "ERR_JWT_CLAIM_INVALID", "aud");
  await fails({ aud: [] }, { audience: "a" }, "ERR_JWT_CLAIM_INVALID", "aud");
  await fails({}, { audience: "a" }, "ERR_JWT_CLAIM_INVALID", "aud");
  await check({ aud: "anything" }, {});
});

test("subject: exact match; makes sub required", async () => {
  await check({ sub: "u1" }, { subject: "u1" });
  await fails({ sub: "u2" }, { subject: "u1" }, "ERR_JWT_CLAIM_INVALID", "sub");
  await fails({}, { subject: "u1" }, "ERR_JWT_CLAIM_INVALID", "sub");
});

test("typ: compared without case and without an application/ prefix (claim typ)", async () => {
  const pairs: [string, string][] = [
    ["JWT", "JWT"], ["jwt", "JWT"], ["application/jwt", "JWT"], ["Application/JWT", "jwt"], ["at+jwt", "application/AT+JWT"],
    ["APPLICATION/at+JWT", "at+jwt"],
  ];
  for (const [inHeader, option] of pairs) await check({}, { typ: option }, { alg: "HS256", typ: inHeader });
  for (const [inHeader, option] of [["at+jwt", "jwt"], ["jwt", "at+jwt"], ["app/jwt", "jwt"], ["application/", "jwt"], ["xapplication/jwt", "jwt"]]) {
    await fails({}, { typ: option }, "ERR_JWT_CLAIM_INVALID", "typ", { alg: "HS256", typ: inHeader });
  }
  await fails({}, { typ: "jwt" }, "ERR_JWT_CLAIM_INVALID", "typ", { alg: "HS256" });
  await fails({}, { typ: "jwt" }, "ERR_JWT_CLAIM_INVALID", "typ", { alg: "HS256", typ: 1 });
  await check({}, {}, { alg: "HS256", typ: "anything" });
});

test("requiredClaims: each must be present, whatever its value", async () => {
  await check({ a: 0, b: null, c: false }, { requiredClaims: ["a", "b", "c"] });
  await fails({ a: 1 }, { requiredClaims: ["a", "b"] }, "ERR_JWT_CLAIM_INVALID", "b");
  await fails({}, { requiredClaims: ["exp"] }, "ERR_JWT_CLAIM_INVALID", "exp");
  await check({}, { requiredClaims: [] });
  // a claim inherited from Object.prototype is not present
  await fails({}, { requiredClaims: ["toString"] }, "ERR_JWT_CLAIM_INVALID", "toString");
  await fails({}, { requiredClaims: ["__proto__"] }, "ERR_JWT_CLAIM_INVALID", "__proto__");
});

test("isRevoked: sync and async, true is ERR_JWT_REVOKED (claim jti); false passes; it sees payload and header", async () => {
  const claims = { jti: "t1", sub: "s" };
  const token = await hs256({ alg: "HS256", kid: "k" }, claims, secret);
  const seen: unknown[] = [];
  for (const isRevoked of [() => true, async () => true, () => Promise.resolve(true)]) {
    await rejectsWith(verify(token, secret, { isRevoked }), "ERR_JWT_REVOKED", { claim: "jti", payload: claims });
  }
  for (const isRevoked of [(p: unknown, h: unknown) => (seen.push([p, h]), false), async () => false]) {
    assert.deepEqual((await verify(token, secret, { isRevoked })).payload, claims);
  }
  assert.deepEqual(seen, [[claims, { alg: "HS256", kid: "k" }]]);
  // a token without jti can be revoked too; the error still names jti
  const plain = await hs256({ alg: "HS256" }, { sub: "s" }, secret);
  await rejectsWith(verify(plain, secret, { isRevoked: () => true }), "ERR_JWT_REVOKED", { claim: "jti" });
});

test("isRevoked: an error it throws or rejects with passes through unchanged", async () => {
  const token = await hs256({ alg: "HS256" }, {}, secret);
  class StoreDown extends Error {}
  const error = new StoreDown("revocation store unavailable");
  for (const isRevoked of [() => { throw error; }, async () => { throw error; }, () => Promise.reject(error)]) {
    await assert.rejects(verify(token, secret, { isRevoked }), (e) => e === error);
  }
  const odd = { not: "an Error" };
  await assert.rejects(verify(token, secret, { isRevoked: () => { throw odd; } }), (e) => e === odd);
  const jwtError = new JWTRevoked("mine", {});
  await assert.rejects(verify(token, secret, { isRevoked: () => { throw jwtError; } }), (e) => e === jwtError);
});

test("isRevoked returning a truthy non-boolean (a revocation record) revokes; falsy values do not", async () => {
  const token = await hs256({ alg: "HS256" }, { jti: "x" }, secret);
  for (const answer of [{ revokedAt: 1 }, 1, "yes", [0]]) {
    await rejectsWith(verify(token, secret, { isRevoked: (() => answer) as never }), "ERR_JWT_REVOKED", undefined, JSON.stringify(answer));
  }
  for (const answer of [undefined, null, 0, ""]) {
    await verify(token, secret, { isRevoked: (() => answer) as never });
  }
});

test("claim errors are JWTClaimErrors of the right class, carrying claim and the verified payload", async () => {
  const classes: [Record<string, unknown>, VerifyOptions, new (...a: never[]) => JWTError][] = [
    [{ exp: NOW }, { now: NOW }, JWTExpired],
    [{ nbf: NOW + 1 }, { now: NOW }, JWTNotYetValid],
    [{ iss: "x" }, { issuer: "y" }, JWTClaimInvalid],
    [{}, { isRevoked: () => true }, JWTRevoked],
  ];
  for (const [claims, options, cls] of classes) {
    const token = await hs256({ alg: "HS256" }, claims, secret);
    try {
      await verify(token, secret, options);
      assert.fail("expected a claim error");
    } catch (error) {
      assert.ok(error instanceof cls);
      assert.ok(error instanceof JWTClaimError);
      assert.ok(error instanceof JWTError);
      assert.deepEqual((error as JWTClaimError).payload, claims);
      assert.equal(typeof (error as JWTClaimError).claim, "string");
    }
  }
});

test("claim options of the wrong type are ERR_INVALID_ARGUMENT", async () => {
  const token = await hs256({ alg: "HS256" }, {}, secret);
  const bad: Record<string, unknown>[] = [
    { issuer: 5 }, { issuer: [] }, { issuer: [1] }, { audience: {} }, { audience: [] }, { subject: ["a"] }, { typ: 1 },
    { requiredClaims: "exp" }, { requiredClaims: [1] }, { maxTokenAge: "60" }, { maxTokenAge: -1 }, { clockTolerance: NaN },
    { clockTolerance: "1 fortnight" }, { isRevoked: true }, { now: "now" }, { now: -5 }, { now: new Date("nope") },
  ];
  for (const options of bad) await rejectsWith(verify(token, secret, options as VerifyOptions), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(options));
});
