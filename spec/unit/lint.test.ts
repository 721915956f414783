// lintToken (lib/lint/): each finding on a token crafted to have it (and not on one that does not), the order of
// severities, the key review (weak and mismatched keys, keys keycard would refuse), and hostile input: only
// JWTMalformed or InvalidArgument, never another exception. Runs on both backends (the key review imports keys).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { JWTError, lintToken, type LintFinding } from "../../lib/index.js";
import { RULES } from "../../lib/lint/findings.js";
import { describeTimeClaim, formatSpan } from "../../lib/lint/time.js";
import { fixedSecret, jwkPair, keyPair, part } from "../helpers/keys.js";

const NOW = 1_795_978_800; // 2026-11-29T19:00:00Z
/** A well-made access token's claims: lint finds nothing of low severity or more in them. */
const GOOD = { iss: "https://auth.example.com", sub: "user-42", aud: "orders-api", iat: NOW, exp: NOW + 900, jti: "a1" };
const HEADER = { alg: "ES256", typ: "at+jwt", kid: "2026-11" };

/** A token with this header and payload and a dummy signature: lint verifies nothing. */
const token = (header: Record<string, unknown>, payload: Record<string, unknown>) => `${part(header)}.${part(payload)}.c2ln`;
const ids = (findings: LintFinding[]) => findings.map((f) => f.id);
const lint = (header: Record<string, unknown>, payload: Record<string, unknown>, options = {}) => lintToken(token(header, payload), { now: NOW, ...options });

describe("lintToken", () => {
  test("a well-made ES256 access token has no findings", async () => {
    assert.deepEqual(await lint(HEADER, GOOD), []);
  });

  test("each finding of the header, on a token crafted for it", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...HEADER, alg: "none" }, "alg-none"],
      [{ ...HEADER, alg: "nOnE" }, "alg-none"],
      [{ ...HEADER, alg: "RSA1_5" }, "alg-unknown"],
      [{ ...HEADER, alg: "HS256" }, "alg-hmac"],
      [{ ...HEADER, jku: "https://attacker.example/jwks" }, "header-jku"],
      [{ ...HEADER, x5u: "https://attacker.example/cert" }, "header-x5u"],
      [{ ...HEADER, jwk: { kty: "EC" } }, "header-jwk"],
      [{ ...HEADER, x5c: ["MIIB"] }, "header-x5c"],
      [{ ...HEADER, kid: "../../../dev/null" }, "kid-suspicious"],
      [{ ...HEADER, kid: "1' UNION SELECT 'secret" }, "kid-suspicious"],
      [{ ...HEADER, kid: "a\u0000b" }, "kid-suspicious"],
      [{ ...HEADER, kid: "https://attacker.example/key" }, "kid-suspicious"],
      [{ ...HEADER, kid: "" }, "kid-suspicious"],
      [{ ...HEADER, kid: 7 }, "kid-not-string"],
      [{ alg: "ES256", kid: "2026-11" }, "no-typ"],
      [{ ...HEADER, crit: ["exp"], exp: 1 }, "crit-present"],
    ];
    for (const [header, id] of cases) {
      const found = await lint(header, GOOD);
      assert.deepEqual(ids(found), [id], `${JSON.stringify(header)}`);
      assert.equal(found[0]!.severity, RULES[id as keyof typeof RULES].severity);
      assert.match(found[0]!.rfc, /^RFC \d+ §[\d.]+$/);
    }
    // Ordinary kids are fine.
    for (const kid of ["2026-11", "key_1", "a9Xk3-p0", "urn:example:key:1", "arn:aws:kms:eu-west-1:123:key/abc", "select-key", "union-2026"]) {
      assert.deepEqual(ids(await lint({ ...HEADER, kid }, GOOD)), [], kid);
    }
  });

  test("each finding of the claims, on a token crafted for it", async () => {
    const without = (name: string) => Object.fromEntries(Object.entries(GOOD).filter(([key]) => key !== name));
    const cases: [Record<string, unknown>, string[]][] = [
      [without("exp"), ["no-exp"]],
      [without("iss"), ["no-iss"]],
      [without("aud"), ["no-aud"]],
      [without("iat"), ["no-iat"]],
      [without("jti"), ["no-jti"]],
      [{ ...GOOD, exp: NOW + 86400 + 1 }, ["long-lifetime"]],
      [{ ...GOOD, exp: (NOW + 900) * 1000 }, ["exp-milliseconds"]],
      [{ ...GOOD, exp: NOW - 1 }, ["expired"]],
      [{ ...GOOD, nbf: NOW + 60 }, ["not-yet-valid"]],
      [{ ...GOOD, nbf: NOW + 900 }, ["never-valid", "not-yet-valid"]],
      [{ ...GOOD, iat: NOW + 3600, exp: NOW + 4000 }, ["iat-future"]],
      [{ ...GOOD, exp: "tomorrow" }, ["claim-type"]],
      [{ ...GOOD, aud: [1] }, ["claim-type"]],
      [{ ...GOOD, password: "hunter2" }, ["sensitive-claim"]],
      [{ ...GOOD, client_secret: "s3cr3t" }, ["sensitive-claim"]],
      [{ ...GOOD, user: { SSN: "078-05-1120" } }, ["sensitive-claim"]],
      [{ ...GOOD, note: "123-45-6789" }, ["sensitive-claim"]],
      [{ ...GOOD, pay: "4111 1111 1111 1111" }, ["sensitive-claim"]],
      [{ ...GOOD, pay: 4111111111111111 }, ["sensitive-claim"]],
      [{ ...GOOD, account: "DE89 3704 0044 0532 0130 00" }, ["sensitive-claim"]],
      [{ ...GOOD, key: "-----BEGIN PRIVATE KEY-----\nMIIE..." }, ["sensitive-claim"]],
    ];
    for (const [payload, expected] of cases) {
      const found = await lint(HEADER, payload);
      assert.deepEqual(ids(found).sort(), [...expected].sort(), JSON.stringify(payload));
    }
    // Not sensitive: a card-like number that fails the Luhn check, an empty password member, an order id.
    for (const extra of [{ pay: "4111 1111 1111 1112" }, { password: "" }, { order: "1234567890123" }, { has_password: false }, { className: "admin" }]) {
      assert.deepEqual(ids(await lint(HEADER, { ...GOOD, ...extra })), [], JSON.stringify(extra));
    }
    // The lifetime bound is an option.
    assert.deepEqual(ids(await lint(HEADER, { ...GOOD, exp: NOW + 7200 }, { maxLifetime: "1h" })), ["long-lifetime"]);
    assert.deepEqual(ids(await lint(HEADER, { ...GOOD, exp: NOW + 7200 }, { maxLifetime: "2h" })), []);
  });

  test("the size of the token: large over 8 KiB, too large over verify's 64 KiB default", async () => {
    assert.deepEqual(ids(await lint(HEADER, { ...GOOD, roles: "r".repeat(9000) })), ["token-large"]);
    const huge = await lint(HEADER, { ...GOOD, roles: "r".repeat(70_000) });
    assert.deepEqual(ids(huge), ["token-too-large"]);
    assert.equal(huge[0]!.severity, "high");
  });

  test("findings come most serious first, and carry where and which name", async () => {
    const found = await lint({ alg: "HS256", jku: "https://x.example" }, { sub: "x", password: "p" });
    const order = ["high", "medium", "low", "info"];
    assert.deepEqual(found.map((f) => order.indexOf(f.severity)), found.map((f) => order.indexOf(f.severity)).sort((a, b) => a - b));
    assert.deepEqual(ids(found), ["no-exp", "sensitive-claim", "header-jku", "no-iss", "no-aud", "no-typ", "no-iat", "no-jti", "alg-hmac"]);
    const jku = found.find((f) => f.id === "header-jku")!;
    assert.equal(jku.where, "header");
    assert.equal(jku.name, "jku");
    for (const f of found) assert.ok(!f.message.includes("\n") && f.message.length < 240, f.message);
  });

  test("the key: short, typed or other-kind secrets; a key that does not permit the token's alg; a private key", async () => {
    const hs = token({ alg: "HS256", typ: "JWT" }, GOOD);
    const keyIds = async (key: unknown) => ids((await lintToken(hs, { now: NOW, key: key as string })).filter((f) => f.where === "key"));
    assert.deepEqual(await keyIds(fixedSecret(32)), []);
    assert.deepEqual(await keyIds("changeme"), ["weak-secret"]);
    assert.deepEqual(await keyIds(fixedSecret(31)), ["weak-secret"]);
    assert.deepEqual(await keyIds("password".repeat(4)), ["secret-low-entropy"]);
    assert.deepEqual(await keyIds("-----BEGIN PUBLIC KEY-----\nMFkw...\n-----END PUBLIC KEY-----\n"), ["key-confusion"]);
    assert.deepEqual(await keyIds({ kty: "oct", k: Buffer.from(fixedSecret(16)).toString("base64url") }), ["weak-secret"]);
    const { publicJWK, privateJWK } = await jwkPair("ES256");
    assert.deepEqual(await keyIds(publicJWK), ["key-alg-mismatch"], "an EC key for an HS256 token: algorithm confusion");
    const es = token(HEADER, GOOD);
    const esKey = async (key: unknown) => ids((await lintToken(es, { now: NOW, key: key as string })).filter((f) => f.where === "key"));
    assert.deepEqual(await esKey(publicJWK), []);
    assert.deepEqual(await esKey({ ...publicJWK, alg: "ES256" }), []);
    assert.deepEqual(await esKey(privateJWK), ["key-private"]);
    assert.deepEqual(await esKey((await keyPair("ES256")).publicKey), []);
    assert.deepEqual(await esKey((await keyPair("ES384")).publicKey), ["key-alg-mismatch"]);
    assert.deepEqual(await esKey("a secret that is long enough for HS256!!"), ["key-alg-mismatch"]);
    assert.deepEqual(await esKey({ ...publicJWK, x: publicJWK.y }), ["key-unusable"], "a point off the curve");
    assert.deepEqual(await esKey({ kty: "EC" }), ["key-unusable"]);
    assert.deepEqual(await esKey(42), ["key-unusable"]);
  });

  test("not a token: JWTMalformed (a rejection); a bad option: InvalidArgument; never another error", async () => {
    for (const input of ["", "abc", "a.b", "a.b.c.d", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.", "eyJhbGciOjF9.e30.", "x".repeat(2_000_000), 42, null, undefined, {}]) {
      const result = lintToken(input as string);
      assert.ok(result instanceof Promise);
      await assert.rejects(result, (error: unknown) => error instanceof JWTError && error.code === "ERR_JWT_MALFORMED", String(input).slice(0, 20));
    }
    const valid = token(HEADER, GOOD);
    for (const options of [{ nope: 1 }, { now: "yesterday" }, { maxLifetime: "forever" }, { key: null }, [], "x"]) {
      await assert.rejects(lintToken(valid, options as never), (error: unknown) => error instanceof JWTError && error.code === "ERR_INVALID_ARGUMENT", JSON.stringify(options));
    }
    // Deeply nested or wide claims are bounded work.
    let nested: unknown = "4111 1111 1111 1111";
    for (let i = 0; i < 60; i++) nested = { password: "", inner: nested };
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`c${i}`, [i, "x"]]));
    assert.ok((await lint(HEADER, { ...GOOD, nested, ...wide })).some((f) => f.id === "sensitive-claim"));
  });
});

test("human times: spans rounded down to their unit, dates in ISO 8601", () => {
  assert.equal(formatSpan(59.9), "59 s");
  assert.equal(formatSpan(14 * 60 + 59), "14 min");
  assert.equal(formatSpan(-3 * 3600 - 1), "3 h");
  assert.equal(formatSpan(47 * 3600), "47 h");
  assert.equal(formatSpan(3 * 86400), "3 days");
  assert.equal(formatSpan(3 * 365.25 * 86400), "3 years");
  assert.equal(describeTimeClaim("exp", NOW + 900, NOW + 60), "2026-11-29T19:15:00Z, expires in 14 min");
  assert.equal(describeTimeClaim("exp", NOW, NOW + 3 * 3600 + 5), "2026-11-29T19:00:00Z, expired 3 h ago");
  assert.equal(describeTimeClaim("iat", NOW, NOW + 120), "2026-11-29T19:00:00Z, issued 2 min ago");
  assert.equal(describeTimeClaim("nbf", NOW + 300, NOW), "2026-11-29T19:05:00Z, valid in 5 min");
  assert.equal(describeTimeClaim("exp", "soon", NOW), undefined);
  assert.equal(describeTimeClaim("exp", 1e300, NOW), undefined);
  assert.equal(describeTimeClaim("sub", NOW, NOW), undefined);
});
