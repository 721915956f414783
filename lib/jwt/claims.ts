/**
 * The JWT Claims Set (RFC 7519 §4) and its validation: verify step 5 of API.md, run only after the
 * signature held. The order is fixed: the types of the registered claims first, then `exp`, then `nbf`,
 * then everything else, so that the same token always fails for the same reason.
 */
import { JWTClaimInvalid, JWTExpired, JWTNotYetValid } from "../errors.js";
import { InvalidArgument } from "../errors.js";
import { optionalString, optionalStringList } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import type { JWSHeader } from "../keys/types.js";

/** The registered claims (RFC 7519 §4.1) and any others. */
export interface JWTPayload {
  /** Issuer (§4.1.1). */
  iss?: string;
  /** Subject (§4.1.2). */
  sub?: string;
  /** Audience (§4.1.3). */
  aud?: string | string[];
  /** Expiration time, seconds since the epoch (§4.1.4). */
  exp?: number;
  /** Not before, seconds since the epoch (§4.1.5). */
  nbf?: number;
  /** Issued at, seconds since the epoch (§4.1.6). */
  iat?: number;
  /** JWT ID (§4.1.7). */
  jti?: string;
  [claim: string]: unknown;
}

/**
 * The options of `verify` that judge claims (verify step 5, RFC 7519 §4.1, RFC 8725 §3.8-§3.11). None is set by
 * default: a claim is checked against a value only when the option is given.
 */
export interface ClaimOptions {
  /** Expected `iss`: one value or any of a list. Makes `iss` required. */
  issuer?: string | readonly string[];
  /** Expected `aud`: the token's audience must include one of these. Makes `aud` required (RFC 7519 §4.1.3). */
  audience?: string | readonly string[];
  /** Expected `sub`. Makes `sub` required. */
  subject?: string;
  /** Expected header `typ`, compared without case and without an `application/` prefix (RFC 8725 §3.11). */
  typ?: string;
  /** Leeway for `exp`, `nbf`, `iat` and `maxTokenAge` (a duration; default 0). */
  clockTolerance?: Duration;
  /** The oldest `iat` accepted (a duration). Makes `iat` required. */
  maxTokenAge?: Duration;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
}

/** The claim options of `verify`, checked once: durations in seconds, lists as arrays, `typ` as a media type. */
export interface ClaimRules {
  readonly issuer: readonly string[] | undefined;
  readonly audience: readonly string[] | undefined;
  readonly subject: string | undefined;
  readonly typ: string | undefined;
  readonly clockTolerance: number;
  readonly maxTokenAge: number | undefined;
  readonly requiredClaims: readonly string[];
}

/** A media type as RFC 7515 §4.1.9 compares it: without case, `application/` left out. */
function mediaType(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith("application/") ? lower.slice("application/".length) : lower;
}

/** @throws InvalidArgument */
export function readClaimRules(options: Partial<ClaimOptions>): ClaimRules {
  const typ = optionalString(options.typ, "typ");
  const requiredClaims = options.requiredClaims ?? [];
  if (!Array.isArray(requiredClaims) || !requiredClaims.every((name) => typeof name === "string")) {
    throw new InvalidArgument("requiredClaims must be an array of claim names");
  }
  return {
    issuer: optionalStringList(options.issuer, "issuer"),
    audience: optionalStringList(options.audience, "audience"),
    subject: optionalString(options.subject, "subject"),
    typ: typ === undefined ? undefined : mediaType(typ),
    clockTolerance: options.clockTolerance === undefined ? 0 : parseDuration(options.clockTolerance, "clockTolerance"),
    maxTokenAge: options.maxTokenAge === undefined ? undefined : parseDuration(options.maxTokenAge, "maxTokenAge"),
    requiredClaims: [...requiredClaims],
  };
}

const NUMERIC_DATES = ["exp", "nbf", "iat"] as const;
const STRINGS = ["iss", "sub", "jti"] as const;

/** Checks the registered claims' types (RFC 7519 §4.1); a NumericDate is a finite number (§2). */
function checkTypes(payload: JWTPayload): void {
  for (const name of NUMERIC_DATES) {
    const value = payload[name];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value))) {
      throw new JWTClaimInvalid(`"${name}" must be a number of seconds since the epoch (RFC 7519 §4.1)`, name, payload);
    }
  }
  for (const name of STRINGS) {
    if (payload[name] !== undefined && typeof payload[name] !== "string") {
      throw new JWTClaimInvalid(`"${name}" must be a string (RFC 7519 §4.1)`, name, payload);
    }
  }
  const { aud } = payload;
  if (aud !== undefined && typeof aud !== "string" && !(Array.isArray(aud) && aud.every((item) => typeof item === "string"))) {
    throw new JWTClaimInvalid('"aud" must be a string or an array of strings (RFC 7519 §4.1.3)', "aud", payload);
  }
}

/**
 * Judges a verified token's claims at time `now` (seconds since the epoch).
 * @throws JWTExpired, JWTNotYetValid or JWTClaimInvalid, with the claim's name and the payload.
 */
export function checkClaims(payload: JWTPayload, header: JWSHeader, rules: ClaimRules, now: number): void {
  checkTypes(payload);
  const tolerance = rules.clockTolerance;
  const { exp, nbf, iat } = payload;
  // RFC 7519 §4.1.4: the token MUST NOT be accepted on or after its expiration time.
  if (exp !== undefined && now >= exp + tolerance) throw new JWTExpired(`the token expired at ${exp} (now ${Math.floor(now)})`, payload);
  // RFC 7519 §4.1.5: nor before its not-before time.
  if (nbf !== undefined && now < nbf - tolerance) throw new JWTNotYetValid(`the token is not valid before ${nbf} (now ${Math.floor(now)})`, payload);
  if (iat !== undefined && iat > now + tolerance) throw new JWTClaimInvalid(`the token claims to be issued in the future (iat ${iat})`, "iat", payload);
  if (rules.issuer !== undefined) {
    if (payload.iss === undefined) throw new JWTClaimInvalid('the token has no "iss" claim', "iss", payload);
    if (!rules.issuer.includes(payload.iss)) throw new JWTClaimInvalid(`unexpected "iss" ${JSON.stringify(payload.iss)}`, "iss", payload);
  }
  if (rules.audience !== undefined) {
    const { aud } = payload;
    if (aud === undefined) throw new JWTClaimInvalid('the token has no "aud" claim', "aud", payload);
    // RFC 7519 §4.1.3: the recipient MUST identify itself with a value in the audience claim.
    const audiences = typeof aud === "string" ? [aud] : aud;
    if (!audiences.some((value) => rules.audience!.includes(value))) {
      throw new JWTClaimInvalid('the token\'s "aud" does not include this audience', "aud", payload);
    }
  }
  if (rules.subject !== undefined) {
    if (payload.sub === undefined) throw new JWTClaimInvalid('the token has no "sub" claim', "sub", payload);
    if (payload.sub !== rules.subject) throw new JWTClaimInvalid(`unexpected "sub" ${JSON.stringify(payload.sub)}`, "sub", payload);
  }
  if (rules.typ !== undefined) {
    const { typ } = header;
    if (typeof typ !== "string" || mediaType(typ) !== rules.typ) {
      throw new JWTClaimInvalid(`the header "typ" is ${JSON.stringify(typ) ?? "missing"}; expected ${JSON.stringify(rules.typ)}`, "typ", payload);
    }
  }
  for (const name of rules.requiredClaims) {
    if (!Object.hasOwn(payload, name)) throw new JWTClaimInvalid(`the token has no "${name}" claim`, name, payload);
  }
  if (rules.maxTokenAge !== undefined) {
    if (iat === undefined) throw new JWTClaimInvalid('maxTokenAge needs an "iat" claim', "iat", payload);
    if (now - iat > rules.maxTokenAge + tolerance) throw new JWTClaimInvalid(`the token is older than maxTokenAge (iat ${iat})`, "iat", payload);
  }
}
