/**
 * sign and createSigner: a JWT (RFC 7519 §7.1) as a compact JWS. The registered claims come from options
 * as API.md says: defaults (`iat`) never touch a claim the payload already has, and an option given
 * explicitly that would overwrite one of the payload's claims is an error rather than a silent choice.
 */
import { InvalidArgument } from "../errors.js";
import {
  currentTime, invalidArgument, isPlainObject, optionalString, optionalStringList, optionalTime, readOptions, readSafely,
} from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import { utf8Binary } from "../bytes/utf8.js";
import type { KeyLike } from "../keys/types.js";
import { createJWSSigner, readHeaderOptions, SIGN_JWS_OPTIONS, type SignJWSOptions } from "../jws/sign.js";
import type { JWTPayload } from "./claims.js";

/**
 * The options of `sign` and `createSigner`: the header options of `signJWS` (`alg`, `kid`, `typ`, default
 * `"JWT"`, `header`) and the registered claims to write (RFC 7519 §4.1). Defaults never touch a claim the payload
 * already has; an option given explicitly that would overwrite one is `ERR_INVALID_ARGUMENT`.
 */
export interface SignOptions extends SignJWSOptions {
  /** Lifetime: `exp` = now + this duration (RFC 7519 §4.1.4). Default: no `exp`. */
  expiresIn?: Duration;
  /** `nbf` = now + this duration (RFC 7519 §4.1.5). Default: no `nbf`. */
  notBefore?: Duration;
  /** `iss`, the issuer (RFC 7519 §4.1.1). Default: none. */
  issuer?: string;
  /** `sub`, the subject (RFC 7519 §4.1.2). Default: none. */
  subject?: string;
  /** `aud`, the audience: a string or a non-empty array of strings (RFC 7519 §4.1.3). Default: none. */
  audience?: string | string[];
  /** `jti`: a string, or `true` for a random UUID. */
  jwtId?: string | true;
  /** `iat`: `true` (the default) for now, `false` to leave it out, or a number of seconds since the epoch. */
  iat?: boolean | number;
  /** The time to count from: a Date or seconds since the epoch (default: the clock at each signature). */
  now?: Date | number;
}

const SIGN_OPTIONS: ReadonlySet<string> = new Set([
  ...SIGN_JWS_OPTIONS, "expiresIn", "notBefore", "issuer", "subject", "audience", "jwtId", "iat", "now",
]);

/** The claim-setting options, checked. */
interface ClaimSettings {
  expiresIn: number | undefined;
  notBefore: number | undefined;
  issuer: string | undefined;
  subject: string | undefined;
  audience: string | readonly string[] | undefined;
  jwtId: string | true | undefined;
  iat: boolean | number;
  /** Whether `iat` was given explicitly (then it must not overwrite the payload's). */
  iatExplicit: boolean;
  now: number | undefined;
}

function readClaimSettings(options: Partial<SignOptions>): ClaimSettings {
  const { jwtId, iat } = options;
  if (jwtId !== undefined && jwtId !== true && typeof jwtId !== "string") throw new InvalidArgument("jwtId must be a string or true");
  if (iat !== undefined && typeof iat !== "boolean" && !(typeof iat === "number" && Number.isFinite(iat) && iat >= 0)) {
    throw new InvalidArgument("iat must be true, false or a number of seconds since the epoch");
  }
  const audience = optionalStringList(options.audience, "audience");
  return {
    expiresIn: options.expiresIn === undefined ? undefined : parseDuration(options.expiresIn, "expiresIn"),
    notBefore: options.notBefore === undefined ? undefined : parseDuration(options.notBefore, "notBefore"),
    issuer: optionalString(options.issuer, "issuer"),
    subject: optionalString(options.subject, "subject"),
    audience: typeof options.audience === "string" ? options.audience : audience,
    jwtId,
    iat: iat ?? true,
    iatExplicit: iat !== undefined,
    now: optionalTime(options.now, "now"),
  };
}

/** Registered claims must have the types RFC 7519 §4.1 gives them, or verify would refuse the token. */
function checkPayloadTypes(payload: Record<string, unknown>): void {
  for (const name of ["exp", "nbf", "iat"]) {
    const value = payload[name];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value))) {
      throw new InvalidArgument(`payload.${name} must be a number of seconds since the epoch (RFC 7519 §4.1)`);
    }
  }
  for (const name of ["iss", "sub", "jti"]) {
    if (payload[name] !== undefined && typeof payload[name] !== "string") throw new InvalidArgument(`payload.${name} must be a string`);
  }
  const { aud } = payload;
  if (aud !== undefined && typeof aud !== "string" && !(Array.isArray(aud) && aud.every((a) => typeof a === "string"))) {
    throw new InvalidArgument("payload.aud must be a string or an array of strings");
  }
}

/** The claims set to sign: the payload's claims plus those the options set. */
function claimsFor(payload: unknown, settings: ClaimSettings): Record<string, unknown> {
  if (!isPlainObject(payload)) throw new InvalidArgument("the payload of a JWT must be a plain object");
  checkPayloadTypes(payload);
  const claims: Record<string, unknown> = { ...payload };
  const set = (name: string, value: unknown) => {
    if (Object.hasOwn(payload, name)) {
      throw new InvalidArgument(`the payload already has "${name}"; an option would overwrite it. Set it in one place.`);
    }
    claims[name] = value;
  };
  const now = settings.now ?? currentTime();
  if (settings.iat !== false && (settings.iatExplicit || !Object.hasOwn(payload, "iat"))) {
    set("iat", settings.iat === true ? Math.floor(now) : settings.iat);
  }
  if (settings.expiresIn !== undefined) set("exp", Math.floor(now + settings.expiresIn));
  if (settings.notBefore !== undefined) set("nbf", Math.floor(now + settings.notBefore));
  if (settings.issuer !== undefined) set("iss", settings.issuer);
  if (settings.subject !== undefined) set("sub", settings.subject);
  if (settings.audience !== undefined) set("aud", settings.audience);
  if (settings.jwtId !== undefined) set("jti", settings.jwtId === true ? crypto.randomUUID() : settings.jwtId);
  return claims;
}

/** The claims set's JSON, as UTF-8 bytes in a binary string (one character per byte). */
function encodeClaims(claims: Record<string, unknown>): string {
  let json: string;
  try {
    json = JSON.stringify(claims);
  } catch (cause) {
    throw new InvalidArgument(`the payload cannot be written as JSON: ${(cause as Error).message}`, { cause });
  }
  return utf8Binary(json);
}

/**
 * Returns a function that signs payloads with `key` and `options`, both checked once: for servers that sign all
 * day (the protected header is encoded once). Each call reads the clock and, with `jwtId: true`, draws a new `jti`.
 * Semantics are those of `sign` (RFC 7519 §7.1, RFC 7515 §5.1).
 * @throws InvalidArgument (synchronously) for a bad option, or an RSA JWK without `alg` and no `alg` option.
 *   Each call rejects with `ERR_INVALID_ARGUMENT` for a payload that is not a plain object or whose registered
 *   claims have the wrong type, and with `ERR_KEY_INVALID` when the key cannot sign.
 * @example
 * const issue = createSigner(secret, { expiresIn: "15m", issuer: "https://auth.example.com" });
 * const token = await issue({ sub: "user-42" });
 */
export function createSigner<P extends object = JWTPayload>(key: KeyLike, options?: SignOptions): (payload: P) => Promise<string> {
  const { settings, signJWS } = readSafely(() => {
    const opts = readOptions<SignOptions>(options, "sign", SIGN_OPTIONS);
    return { settings: readClaimSettings(opts), signJWS: createJWSSigner(key, readHeaderOptions(opts, "JWT")) };
  }, invalidArgument);
  // Not an async function: returning signJWS's promise from one would cost two more turns of the microtask queue.
  return (payload) => {
    let claims: string;
    try {
      claims = encodeClaims(readSafely(() => claimsFor(payload, settings), invalidArgument));
    } catch (error) {
      return Promise.reject(error);
    }
    return signJWS(claims);
  };
}

/**
 * Signs `payload` as a JWT (RFC 7519 §7.1) with `key`: a compact JWS (RFC 7515 §7.1) whose header is `alg`,
 * `typ` (default `"JWT"`), `kid`, then `header`'s parameters. `alg` defaults to the key's own (HS256 for a
 * secret, EdDSA for an Ed25519 key without one). `iat` is written by default; `exp`, `nbf`, `iss`, `sub`,
 * `aud` and `jti` when their options ask. Times are whole seconds (NumericDate, RFC 7519 §2).
 * @throws InvalidArgument (as a rejection) for a bad option, `alg` `none` or unknown, a payload that is not a
 *   plain object or whose registered claims have the wrong type, or an option that would overwrite a claim.
 * @throws KeyInvalid (as a rejection) when the key cannot sign `alg`: weak, public, of another kind.
 * @example
 * const token = await sign({ sub: "user-42" }, secret, { expiresIn: "15m", audience: "orders-api" });
 */
export function sign<P extends object = JWTPayload>(payload: P, key: KeyLike, options?: SignOptions): Promise<string> {
  let signer: (payload: P) => Promise<string>;
  try {
    signer = createSigner<P>(key, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return signer(payload);
}
