/**
 * Durations (API.md "Durations"): seconds as a finite number ≥ 0 (fractions allowed) or a string with one
 * unit. Checked through the public options that take one (sign's expiresIn/notBefore, verify's
 * clockTolerance/maxTokenAge, the verifier cache's ttl) and through parseDuration itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sign, decode, verify, createVerifier } from "../../lib/index.js";
import { parseDuration } from "../../lib/duration.js";
import { rejectsWith, throwsWith } from "../helpers/assert.js";
import { fixedSecret } from "../helpers/keys.js";

const NOW = 1_700_000_000;
const secret = fixedSecret(32);

/** A short name for a value in assertion messages. */
function label(value: unknown): string {
  const text = typeof value === "bigint" ? `${value}n` : typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 30 ? text.slice(0, 30) + "..." : text;
}

const GOOD: [unknown, number][] = [
  [0, 0], [1, 1], [1.5, 1.5], [0.001, 0.001], [86400 * 365, 86400 * 365],
  ["500ms", 0.5], ["90s", 90], ["15m", 900], ["1h", 3600], ["7d", 604800], ["2 weeks", 1209600],
  ["1.5h", 5400], ["0s", 0], ["1 second", 1], ["2 minutes", 120], ["1 hour", 3600], ["3 days", 259200], ["1w", 604800],
];

const BAD: unknown[] = [
  "60", "1.5", "", " ", "s", "h1", "1x", "1 fortnight", "-5s", "- 5s", "+5s", "1e3s", "Infinity", "NaN", "5 s s", "5ss",
  "1h30m", "1  h", "0x10s", NaN, Infinity, -Infinity, -1, -0.5, null, true, [], {}, [60], new Date(0), 10n,
  "1" + "0".repeat(400) + "s", // a number too large to be finite once read
];

test("parseDuration: numbers of seconds and strings with one unit", () => {
  for (const [value, seconds] of GOOD) assert.equal(parseDuration(value, "d"), seconds, label(value));
});

test("parseDuration: unitless strings, NaN, Infinity, negatives and non-durations are ERR_INVALID_ARGUMENT", () => {
  for (const value of BAD) throwsWith(() => parseDuration(value, "d"), "ERR_INVALID_ARGUMENT", undefined, label(value));
});

test("sign: expiresIn and notBefore take every duration form, from now", async () => {
  for (const [value, seconds] of GOOD) {
    const { payload } = decode(await sign({}, secret, { now: NOW, expiresIn: value as number, notBefore: value as number }));
    assert.equal(payload.exp, Math.floor(NOW + seconds), label(value));
    assert.equal(payload.nbf, Math.floor(NOW + seconds), label(value));
  }
});

test("sign: bad durations are ERR_INVALID_ARGUMENT", async () => {
  for (const value of BAD) {
    await rejectsWith(sign({}, secret, { expiresIn: value as number }), "ERR_INVALID_ARGUMENT", undefined, `expiresIn ${label(value)}`);
    await rejectsWith(sign({}, secret, { notBefore: value as number }), "ERR_INVALID_ARGUMENT", undefined, `notBefore ${label(value)}`);
  }
});

test("verify: clockTolerance and maxTokenAge take every duration form", async () => {
  for (const [value, seconds] of GOOD) {
    const edge = Math.ceil(seconds);
    // exp expired by exactly the tolerance, rounded up: still expired unless the tolerance is larger
    const token = await sign({}, secret, { now: NOW - edge, iat: NOW - edge, expiresIn: 0 });
    await rejectsWith(verify(token, secret, { now: NOW, clockTolerance: value as number }), "ERR_JWT_EXPIRED", undefined, label(value));
    const older = await sign({}, secret, { iat: NOW - seconds });
    await verify(older, secret, { now: NOW, maxTokenAge: value as number });
    await rejectsWith(verify(older, secret, { now: NOW + 0.01, maxTokenAge: value as number }), "ERR_JWT_CLAIM_INVALID", { claim: "iat" }, label(value));
  }
});

test("verify and createVerifier: bad durations are ERR_INVALID_ARGUMENT (verify rejects, createVerifier throws)", async () => {
  const token = await sign({}, secret);
  for (const value of BAD) {
    await rejectsWith(verify(token, secret, { clockTolerance: value as number }), "ERR_INVALID_ARGUMENT", undefined, `clockTolerance ${label(value)}`);
    await rejectsWith(verify(token, secret, { maxTokenAge: value as number }), "ERR_INVALID_ARGUMENT", undefined, `maxTokenAge ${label(value)}`);
    throwsWith(() => createVerifier(secret, { clockTolerance: value as number }), "ERR_INVALID_ARGUMENT", undefined, label(value));
    throwsWith(() => createVerifier(secret, { cache: { ttl: value as number } }), "ERR_INVALID_ARGUMENT", undefined, `ttl ${label(value)}`);
  }
});
