// Wycheproof's json_web_key_test.json (JWK Sets: mixed sets, duplicate kid, small and weak RSA keys, wrong
// alg/use/kty/crv, invalid points, short HMAC keys) through createLocalJWKSet + verifyJWS. Each case's verdict
// is asserted; where keycard's verdict differs from Wycheproof's, the reason is written in DIVERGENCES and
// printed as a diagnostic, and the test asserts that exact verdict so a change is noticed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { verifyJWS, type JWK } from "../../lib/index.js";
import { createLocalJWKSet } from "../../lib/keys/jwks-local.js";

interface Case { tcId: number; comment: string; jws: string; result: "valid" | "invalid"; flags: string[] }
interface Group { comment: string; private?: { keys: JWK[] }; public?: { keys: JWK[] }; tests: Case[] }

const file = JSON.parse(readFileSync(new URL("../vectors/wycheproof/json_web_key_test.json", import.meta.url), "utf8")) as {
  numberOfTests: number; testGroups: Group[];
};

/**
 * Cases where keycard's verdict is not Wycheproof's, with keycard's verdict and why. Each stays asserted, so
 * closing the gap shows up as a failure to update here. (None today: tcId 7, a ROCA modulus, and tcId 9, an RSA
 * key with e = 1, are refused by lib/keys/strength.ts.)
 */
const DIVERGENCES: Record<number, { verdict: string; reason: string }> = {};

/** keycard's verdict on one case: "valid", or the code of the error that refused it (and where). */
async function verdictOf(keys: JWK[], jws: string): Promise<string> {
  let resolver: ReturnType<typeof createLocalJWKSet>;
  try {
    resolver = createLocalJWKSet({ keys });
  } catch (error) {
    return `createLocalJWKSet: ${(error as { code: string }).code}`;
  }
  try {
    await verifyJWS(jws, resolver);
    return "valid";
  } catch (error) {
    return `verifyJWS: ${(error as { code?: string }).code ?? String(error)}`;
  }
}

test("every test of json_web_key_test.json gets Wycheproof's verdict, or a documented one", async (t) => {
  let count = 0;
  for (const group of file.testGroups) {
    // The set a verifier holds: the public keys, or for HMAC groups (no public set) the secrets themselves.
    const keys = group.public?.keys ?? group.private!.keys;
    for (const tc of group.tests) {
      count++;
      const verdict = await verdictOf(keys, tc.jws);
      const label = `tcId ${tc.tcId} (${group.comment}, ${tc.comment}${tc.flags.length ? `, ${tc.flags.join("/")}` : ""})`;
      const divergence = DIVERGENCES[tc.tcId];
      if (divergence !== undefined) {
        t.diagnostic(`${label}: Wycheproof says ${tc.result}, keycard says ${verdict}: ${divergence.reason}`);
        assert.equal(verdict, divergence.verdict, label);
        continue;
      }
      if (tc.flags.length > 0) t.diagnostic(`${label}: expected ${tc.result}; keycard: ${verdict}`);
      if (tc.result === "valid") assert.equal(verdict, "valid", label);
      else assert.notEqual(verdict, "valid", label);
    }
  }
  assert.equal(count, file.numberOfTests);
});

test("the reason each invalid case is refused is the one keycard documents", async () => {
  const expected: Record<number, string> = {
    1: "createLocalJWKSet: ERR_KEY_INVALID", // oct secret next to a public key
    3: "verifyJWS: ERR_JWT_SIGNATURE_INVALID",
    4: "verifyJWS: ERR_JWKS_MULTIPLE_MATCHING_KEYS", // one kid, two secrets
    6: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", // use "enc", alg RSA1_5: skipped
    7: "verifyJWS: ERR_KEY_INVALID", // a ROCA modulus (CVE-2017-15361)
    8: "verifyJWS: ERR_KEY_INVALID", // 1024-bit RSA (RFC 7518 §3.3)
    9: "verifyJWS: ERR_KEY_INVALID", // public exponent e = 1 (RFC 8017 §3.1)
    10: "verifyJWS: ERR_KEY_INVALID", 11: "verifyJWS: ERR_KEY_INVALID", 12: "verifyJWS: ERR_KEY_INVALID", // short secrets
    16: "verifyJWS: ERR_KEY_INVALID", 17: "verifyJWS: ERR_KEY_INVALID", 18: "verifyJWS: ERR_KEY_INVALID", // empty secrets
    19: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", 20: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", // alg ES521/ES224 on P-256
    21: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", // use "enc"
    22: "verifyJWS: ERR_KEY_INVALID", // a point not on the curve fails to import
    23: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", 24: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", // wrong crv, wrong kty
    25: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", 26: "verifyJWS: ERR_JWKS_NO_MATCHING_KEY", // AES keys
  };
  for (const group of file.testGroups) {
    for (const tc of group.tests) {
      if (expected[tc.tcId] === undefined) continue;
      assert.equal(await verdictOf(group.public?.keys ?? group.private!.keys, tc.jws), expected[tc.tcId], `tcId ${tc.tcId}`);
    }
  }
});

test("every private set of the file is refused as a verification set when it holds private keys", () => {
  let refused = 0;
  for (const group of file.testGroups) {
    const keys = group.private!.keys;
    const holdsPrivate = keys.some((jwk) => jwk.kty !== "oct" && jwk.d !== undefined);
    if (holdsPrivate) {
      assert.throws(() => createLocalJWKSet({ keys }), (error: { code?: string }) => error.code === "ERR_KEY_INVALID", group.comment);
      refused++;
    }
  }
  assert.ok(refused >= 10, `${refused} private sets`);
});
