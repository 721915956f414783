/**
 * Wycheproof json_web_signature_test.json: compact JWS strings with JWK keys (HS256, ES256, RS256/384/512,
 * PS256/384/512, the RFC 7520 examples, alg none, bad base64url, wrong key use), through keycard's public
 * verifyJWS with the group's public JWK (or its secret, for oct keys).
 *
 * Valid must verify and invalid must be refused with a JWTError, with these readings of keycard's rules:
 * - refused although Wycheproof calls them valid (each asserted to fail with exactly the code below):
 *   a JWK whose alg is "ES521" (no such JWA algorithm) is not a key keycard uses (ERR_KEY_INVALID); a JWK
 *   whose alg is PS256 does not verify a PS384 token (RFC 7517 §4.4, ERR_JWT_ALG_NOT_ALLOWED); a "?" inside a
 *   base64url part is malformed (strict base64url, API.md step 1, ERR_JWT_MALFORMED);
 * - tcId 367 and 370 ("invalidBase64Padding", "...InPayload") are marked invalid but are byte for byte the
 *   string of valid tcId 357 (the padding they name is missing from the file): keycard must accept them like
 *   357, and the test adds the padding they meant and asserts that is refused (ERR_JWT_MALFORMED);
 * - invalid cases whose refusal has a precise reason are held to its code: the JSON serialization (keycard
 *   reads only the compact one), alg none, a key for encryption, an HMAC token against an EC key.
 */
import { test } from "node:test";
import { verifyJWS, type ErrorCode, type JWK } from "../../lib/index.js";
import { JWTError } from "../../lib/index.js";
import { Scorecard, describeError, loadWycheproof, type WycheproofGroup, type WycheproofTest } from "../helpers/wycheproof.js";

const FILE = "json_web_signature_test.json";

interface Expectation {
  code: ErrorCode;
  why: string;
}

/** The cases keycard must refuse with a specific code, and why (see the header comment). */
function expectation(group: WycheproofGroup, vector: WycheproofTest): Expectation | undefined {
  const key = (group.public ?? group.private) as JWK;
  const header = (() => {
    try {
      return JSON.parse(Buffer.from(String(vector.jws).split(".")[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      return {};
    }
  })();
  if (vector.flags.includes("JsonSerialization")) {
    return { code: "ERR_JWT_MALFORMED", why: "JWS JSON serialization (RFC 7515 §7.2): keycard reads only the compact serialization" };
  }
  if (typeof header.alg === "string" && header.alg.toLowerCase() === "none") {
    return { code: "ERR_JWT_ALG_NOT_ALLOWED", why: 'alg "none" is never accepted (RFC 8725 §3.1)' };
  }
  if (key.use === "enc" || (key.key_ops !== undefined && !key.key_ops.includes("verify"))) {
    return { code: "ERR_KEY_INVALID", why: `a key for encryption (use ${JSON.stringify(key.use)}, key_ops ${JSON.stringify(key.key_ops)}) does not verify (RFC 7517 §4.2, §4.3)` };
  }
  if (key.alg === "ES521") {
    return { code: "ERR_KEY_INVALID", why: 'the JWK\'s alg "ES521" is no JWA algorithm (P-521 is ES512): keycard refuses a JWK whose alg does not fit it' };
  }
  if (typeof header.alg === "string" && typeof key.alg === "string" && header.alg !== key.alg && /^[A-Z]{2}\d{3}$/.test(header.alg)) {
    return {
      code: "ERR_JWT_ALG_NOT_ALLOWED",
      why: `a ${header.alg} token against a JWK with alg ${key.alg}: a JWK's alg is the one algorithm it permits (RFC 7517 §4.4, RFC 8725 §3.1)`,
    };
  }
  if (vector.result === "valid" && /[^A-Za-z0-9_.-]/.test(String(vector.jws))) {
    return { code: "ERR_JWT_MALFORMED", why: "a character outside the base64url alphabet: keycard's base64url is strict (RFC 7515 §2, API.md step 1)" };
  }
  return undefined;
}

/** The token with `=` padding added to one part (1: payload, 2: signature), as RFC 4648 §3.2 would pad it. */
function padded(token: string, part: 1 | 2): string {
  const parts = token.split(".");
  parts[part] = parts[part]! + "=".repeat((4 - (parts[part]!.length % 4)) % 4);
  return parts.join(".");
}

test(`Wycheproof ${FILE}`, async (t) => {
  const vectors = loadWycheproof(FILE);
  const validTokens = new Map<string, number>();
  for (const group of vectors.testGroups) {
    const key = JSON.stringify(group.public ?? group.private);
    for (const vector of group.tests) if (vector.result === "valid") validTokens.set(`${key} ${String(vector.jws)}`, vector.tcId);
  }
  const score = new Scorecard(FILE, "verifyJWS");
  const codes = new Map<string, number>();
  const interpretations = new Map<string, number[]>();
  for (const group of vectors.testGroups) {
    const key = (group.public ?? group.private) as JWK;
    for (const vector of group.tests) {
      let outcome: string;
      try {
        await verifyJWS(vector.jws as string, key);
        outcome = "verified";
      } catch (error) {
        outcome = describeError(error);
        if (!(error instanceof JWTError)) score.failures.push(`tcId ${vector.tcId}: not a JWTError: ${outcome}`);
      }
      codes.set(`${vector.result} → ${outcome}`, (codes.get(`${vector.result} → ${outcome}`) ?? 0) + 1);
      const expected = expectation(group, vector);
      const twin = validTokens.get(`${JSON.stringify(key)} ${String(vector.jws)}`);
      if (vector.result === "invalid" && twin !== undefined) {
        // Wycheproof data defect: the very string of a valid case, without the padding its comment names.
        // keycard must accept it as it accepts the twin, and refuse the padded spelling the case meant.
        const part = /InPayload/.test(vector.comment) ? 1 : 2;
        const intended = padded(vector.jws as string, part);
        let intendedOutcome: string;
        try {
          await verifyJWS(intended, key);
          intendedOutcome = "verified";
        } catch (error) {
          intendedOutcome = describeError(error);
        }
        score.interpreted(
          vector,
          `"invalid" but the very token and key of valid tcId ${twin} (the padding it names is missing from the file): `
            + `accepted like it; with the ${part === 1 ? "payload" : "signature"} padded ("${intended.split(".")[part]}") refused with ERR_JWT_MALFORMED`,
          outcome === "verified" && intendedOutcome === "ERR_JWT_MALFORMED",
          `${outcome}; padded: ${intendedOutcome}`,
        );
      } else if (expected === undefined) {
        score.verdict(vector, { accepted: outcome === "verified", detail: outcome });
      } else if (vector.result === "valid") {
        // Valid for Wycheproof, refused by keycard's rules: counted as an interpretation, held to its code.
        score.interpreted(vector, `refused with ${expected.code}: ${expected.why}`, outcome === expected.code, outcome);
      } else {
        score.verdict(vector, { accepted: outcome === "verified", detail: outcome });
        if (outcome !== expected.code && outcome !== "verified") {
          score.failures.push(`tcId ${vector.tcId}: refused with ${outcome}, expected ${expected.code} (${expected.why})`);
        }
        interpretations.set(expected.why, [...(interpretations.get(expected.why) ?? []), vector.tcId]);
      }
    }
  }
  for (const [why, ids] of interpretations) t.diagnostic(`invalid, held to a specific code: tcId ${ids.join(", ")}: ${why}`);
  for (const [what, n] of [...codes].sort()) t.diagnostic(`outcomes: ${what}: ${n}`);
  score.finish(t, vectors.numberOfTests);
});
