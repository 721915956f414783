/**
 * lintToken: a security review of a JWT (and of the key it is checked with, when given) against RFC 8725 (JWT
 * Best Current Practices), RFC 7519 and RFC 6750 §5. It reads the token as `decode` does, verifies nothing,
 * and reports findings, each with a severity, a one-line reason and the RFC section behind it.
 */
import { InvalidArgument } from "../errors.js";
import { currentTime, optionalTime, readOptions } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import { jsonObjectOf, parseCompact, textOf } from "../jws/compact.js";
import type { KeyLike } from "../keys/types.js";
import { SEVERITIES, type LintFinding } from "./findings.js";
import { lintHeader } from "./header.js";
import { lintClaims } from "./claims.js";
import { lintSensitiveClaims } from "./sensitive.js";
import { lintKey } from "./key.js";

/** The options of `lintToken`. */
export interface LintOptions {
  /** The key the token is checked with (a secret, a JWK or a CryptoKey): it is reviewed too. */
  key?: KeyLike;
  /** The time to judge `exp`, `nbf` and `iat` at: a `Date` or seconds since the epoch. Default: the clock. */
  now?: Date | number;
  /** The longest lifetime (`exp` minus `iat`) not reported as `long-lifetime`: a duration, default one day. */
  maxLifetime?: Duration;
}

/** The longest text lintToken reads (1 MiB): long enough to report a huge token, short enough to stay fast. */
export const MAX_LINT_LENGTH = 1 << 20;

const OPTIONS = new Set(["key", "now", "maxLifetime"]);

/**
 * Reviews `token` for the security problems RFC 8725 and its companions describe: `alg: none` or an unknown
 * `alg`, header parameters that would make a verifier fetch or trust a key named by the token (`jku`, `x5u`,
 * `jwk`, `x5c`), hostile `kid` values, a missing `typ`, a huge token, no `exp`, a lifetime over
 * `maxLifetime`, times in milliseconds, missing `iss`, `aud`, `iat` or `jti`, sensitive-looking claims
 * (passwords, secrets, card numbers, national ids), and, with `options.key`, a weak or mismatched key.
 * Nothing is verified: a token without findings is not a valid token, only a well-made one.
 *
 * @returns the findings, the most serious first (`high`, `medium`, `low`, `info`), in a stable order.
 * @throws JWTMalformed (as a rejection) when `token` is not a JWT at all (not three base64url parts, header or
 *   payload not a JSON object, no `alg` string), since there is nothing to review; a token up to 1 MiB is read.
 * @throws InvalidArgument (as a rejection) for a bad option.
 */
export async function lintToken(token: string, options?: LintOptions): Promise<LintFinding[]> {
  const opts = readOptions<LintOptions>(options, "lintToken", OPTIONS);
  const now = optionalTime(opts.now, "now") ?? currentTime();
  const maxLifetime = opts.maxLifetime === undefined ? 86400 : parseDuration(opts.maxLifetime, "maxLifetime");
  const jws = parseCompact(token, MAX_LINT_LENGTH);
  const payload = jsonObjectOf(textOf(jws.payloadBinary, "payload"), "payload"); // RFC 7519 §7.2 step 10
  const findings = [
    ...lintHeader(jws.header, (token as string).length),
    ...lintClaims(payload, now, maxLifetime),
    ...lintSensitiveClaims(payload),
  ];
  if (opts.key !== undefined) {
    if (opts.key === null) throw new InvalidArgument("key must be a secret, a JWK or a CryptoKey");
    findings.push(...(await lintKey(opts.key, jws.header.alg)));
  }
  // Array.prototype.sort is stable: within a severity, findings keep the order above (header, claims, key).
  return findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
