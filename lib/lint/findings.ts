/**
 * The findings of `lintToken`: what one looks like, and the catalogue of every finding it can report, each
 * with its severity and the RFC section that explains it (RFC 8725, the JWT Best Current Practices, first).
 */

/** How much a finding matters: `high` is exploitable or refused by verifiers, `info` is worth knowing. */
export type LintSeverity = "high" | "medium" | "low" | "info";

/** One finding of `lintToken`. */
export interface LintFinding {
  /** A stable identifier, such as `"alg-none"` or `"no-exp"` (the list is in docs/api.md). */
  id: string;
  /** How much it matters. */
  severity: LintSeverity;
  /** One line: what was found and why it matters. */
  message: string;
  /** The RFC section behind it, such as `"RFC 8725 §3.2"`. */
  rfc: string;
  /** Where it was found: the token's header, its claims, the token as a whole, or the key given. */
  where: "header" | "payload" | "token" | "key";
  /** The header parameter or claim concerned, when there is one. */
  name?: string;
}

/** Severities from the most to the least serious. */
export const SEVERITIES: readonly LintSeverity[] = ["high", "medium", "low", "info"];

interface Rule {
  readonly severity: LintSeverity;
  readonly rfc: string;
  readonly where: LintFinding["where"];
}

/** Every finding `lintToken` reports, by id. */
export const RULES = {
  "alg-none": { severity: "high", rfc: "RFC 8725 §3.2", where: "header" },
  "alg-unknown": { severity: "high", rfc: "RFC 8725 §3.2", where: "header" },
  "alg-hmac": { severity: "info", rfc: "RFC 7515 §10.5", where: "header" },
  "header-jku": { severity: "medium", rfc: "RFC 8725 §3.10", where: "header" },
  "header-x5u": { severity: "medium", rfc: "RFC 8725 §3.10", where: "header" },
  "header-jwk": { severity: "medium", rfc: "RFC 7515 §4.1.3", where: "header" },
  "header-x5c": { severity: "low", rfc: "RFC 7515 §4.1.6", where: "header" },
  "kid-suspicious": { severity: "medium", rfc: "RFC 8725 §3.10", where: "header" },
  "kid-not-string": { severity: "medium", rfc: "RFC 7515 §4.1.4", where: "header" },
  "no-typ": { severity: "low", rfc: "RFC 8725 §3.11", where: "header" },
  "crit-present": { severity: "info", rfc: "RFC 7515 §4.1.11", where: "header" },
  "token-large": { severity: "medium", rfc: "RFC 9110 §5.4", where: "token" },
  "token-too-large": { severity: "high", rfc: "RFC 9110 §5.4", where: "token" },
  "claim-type": { severity: "high", rfc: "RFC 7519 §4.1", where: "payload" },
  "no-exp": { severity: "high", rfc: "RFC 6750 §5.2", where: "payload" },
  "exp-milliseconds": { severity: "high", rfc: "RFC 7519 §2", where: "payload" },
  "long-lifetime": { severity: "medium", rfc: "RFC 6750 §5.3", where: "payload" },
  "expired": { severity: "info", rfc: "RFC 7519 §4.1.4", where: "payload" },
  "not-yet-valid": { severity: "info", rfc: "RFC 7519 §4.1.5", where: "payload" },
  "never-valid": { severity: "high", rfc: "RFC 7519 §4.1.5", where: "payload" },
  "iat-future": { severity: "medium", rfc: "RFC 7519 §4.1.6", where: "payload" },
  "no-iss": { severity: "medium", rfc: "RFC 8725 §3.8", where: "payload" },
  "no-aud": { severity: "medium", rfc: "RFC 8725 §3.9", where: "payload" },
  "no-iat": { severity: "low", rfc: "RFC 7519 §4.1.6", where: "payload" },
  "no-jti": { severity: "low", rfc: "RFC 7519 §4.1.7", where: "payload" },
  "sensitive-claim": { severity: "high", rfc: "RFC 7519 §12", where: "payload" },
  "weak-secret": { severity: "high", rfc: "RFC 7518 §3.2", where: "key" },
  "secret-low-entropy": { severity: "medium", rfc: "RFC 8725 §3.5", where: "key" },
  "key-confusion": { severity: "high", rfc: "RFC 8725 §2.1", where: "key" },
  "key-alg-mismatch": { severity: "high", rfc: "RFC 8725 §3.1", where: "key" },
  "key-unusable": { severity: "high", rfc: "RFC 7518 §3", where: "key" },
  "key-private": { severity: "low", rfc: "RFC 7515 §10.2", where: "key" },
} as const satisfies Record<string, Rule>;

/** The id of a finding. */
export type LintId = keyof typeof RULES;

/** A finding of rule `id` with `message`, about `name` when given. */
export function finding(id: LintId, message: string, name?: string): LintFinding {
  const rule: Rule = RULES[id];
  const out: LintFinding = { id, severity: rule.severity, message, rfc: rule.rfc, where: rule.where };
  if (name !== undefined) out.name = name;
  return out;
}
