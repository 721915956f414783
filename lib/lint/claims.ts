/**
 * lintToken's review of a token's registered claims (RFC 7519 §4.1): their types, a lifetime that is missing
 * (RFC 6750 §5.2: "the lifetime of the token MUST be limited") or long (RFC 6750 §5.3: short-lived bearer
 * tokens), times in milliseconds, times that make the token never valid, and the claims a verifier needs to
 * bind a token to its issuer and audience (RFC 8725 §3.8, §3.9) and to detect replay (RFC 7519 §4.1.7).
 */
import { describeValue } from "../arguments.js";
import { finding, type LintFinding } from "./findings.js";
import { formatSpan, isoDate } from "./time.js";

/** A NumericDate larger than this (the year 5138) is almost surely milliseconds since the epoch. */
const MILLISECONDS_THRESHOLD = 1e11;

const isString = (value: unknown): boolean => typeof value === "string";
const isAudience = (value: unknown): boolean =>
  typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));

/** The type each registered claim must have (RFC 7519 §4.1.1-4.1.7, NumericDate: §2). */
const TYPES: readonly [string, (value: unknown) => boolean, string][] = [
  ["iss", isString, "a string"],
  ["sub", isString, "a string"],
  ["aud", isAudience, "a string or an array of strings"],
  ["exp", Number.isFinite, "a NumericDate (a number of seconds)"],
  ["nbf", Number.isFinite, "a NumericDate (a number of seconds)"],
  ["iat", Number.isFinite, "a NumericDate (a number of seconds)"],
  ["jti", isString, "a string"],
];

/** The year of a NumericDate, for a message. */
function yearOf(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? "beyond 275760" : String(date.getUTCFullYear());
}

/** The findings about the registered claims of `payload`, judged at `now`, with `maxLifetime` (seconds). */
export function lintClaims(payload: Record<string, unknown>, now: number, maxLifetime: number): LintFinding[] {
  const out: LintFinding[] = [];
  const bad = new Set<string>();
  for (const [name, check, type] of TYPES) {
    if (Object.hasOwn(payload, name) && !check(payload[name])) {
      bad.add(name);
      out.push(finding("claim-type", `${name} must be ${type}; it is ${describeValue(payload[name])}, so verifiers refuse the token`, name));
    }
  }
  const time = (name: string): number | undefined =>
    Object.hasOwn(payload, name) && !bad.has(name) ? (payload[name] as number) : undefined;
  const exp = time("exp"), nbf = time("nbf"), iat = time("iat");

  for (const [name, value] of [["exp", exp], ["nbf", nbf], ["iat", iat]] as const) {
    if (value !== undefined && value > MILLISECONDS_THRESHOLD) {
      out.push(finding("exp-milliseconds", `${name} is ${value}, which is the year ${yearOf(value)} in seconds: it was probably written in milliseconds (NumericDate counts seconds)`, name));
    }
  }
  if (!Object.hasOwn(payload, "exp")) {
    out.push(finding("no-exp", "the token has no exp: it never expires, so a leaked copy works forever", "exp"));
  } else if (exp !== undefined) {
    const start = iat ?? nbf;
    const lifetime = start !== undefined ? exp - start : exp - now;
    if (exp <= MILLISECONDS_THRESHOLD && lifetime > maxLifetime) {
      const from = start !== undefined ? `from ${start === iat ? "iat" : "nbf"}` : "from now";
      out.push(finding("long-lifetime", `the token lives ${formatSpan(lifetime)} (${from} to exp): keep access tokens short-lived (at most ${formatSpan(maxLifetime)}) and refresh them`, "exp"));
    }
    if (exp <= now) out.push(finding("expired", `the token expired at ${isoDate(exp)}, ${formatSpan(now - exp)} ago`, "exp"));
    if (nbf !== undefined && nbf >= exp) {
      out.push(finding("never-valid", `nbf (${isoDate(nbf)}) is not before exp (${isoDate(exp)}): the token is never valid`, "nbf"));
    }
  }
  if (nbf !== undefined && nbf > now) out.push(finding("not-yet-valid", `the token is not valid before ${isoDate(nbf)}, in ${formatSpan(nbf - now)}`, "nbf"));
  if (iat !== undefined && iat > now + 60) {
    out.push(finding("iat-future", `iat (${isoDate(iat)}) is ${formatSpan(iat - now)} in the future: the issuer's clock is wrong, or the token was forged`, "iat"));
  }
  if (!Object.hasOwn(payload, "iss")) {
    out.push(finding("no-iss", "the token has no iss: a verifier cannot check that the key belongs to the issuer it trusts", "iss"));
  }
  if (!Object.hasOwn(payload, "aud")) {
    out.push(finding("no-aud", "the token has no aud: any service trusting its issuer will accept it, so it can be replayed from one service to another", "aud"));
  }
  if (!Object.hasOwn(payload, "iat")) {
    out.push(finding("no-iat", "the token has no iat: its age cannot be checked (maxTokenAge)", "iat"));
  }
  if (!Object.hasOwn(payload, "jti")) {
    out.push(finding("no-jti", "the token has no jti: it cannot be revoked or checked for replay one by one", "jti"));
  }
  return out;
}
