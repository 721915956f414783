/**
 * Token pairs: a short-lived access token in the JWT profile of RFC 9068 (header `typ: at+jwt`, claims `iss`,
 * `sub`, `aud`, `exp`, `iat`, `jti`, `client_id`, `scope`) and a long-lived refresh token of keycard's own type
 * (`typ: rt+jwt`) whose audience is the issuer itself. Distinct `typ` and audience make each refused where the
 * other is expected (RFC 8725 §3.11, §3.12): a gateway checking `typ: at+jwt` and its own audience never takes a
 * refresh token, and the token service checking `typ: rt+jwt` and its own audience never takes an access token.
 * Both carry `sid`, the session (the "family" of RFC 9700 §4.14.2) that rotation and logout revoke as a whole.
 */
import { InvalidArgument } from "../errors.js";
import { invalidArgument, isPlainObject, optionalString, optionalStringList, optionalTime, readOptions, readSafely, currentTime } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import type { AlgorithmName } from "../jwa/algorithms.js";
import type { KeyLike } from "../keys/types.js";
import { sign } from "../jwt/sign.js";
import type { JWTPayload } from "../jwt/claims.js";
import { readScope } from "./scope.js";

/** The header `typ` of access tokens (RFC 9068 §2.1). */
export const ACCESS_TOKEN_TYPE = "at+jwt";
/** The header `typ` of keycard's refresh tokens: not an access token's, so never accepted as one. */
export const REFRESH_TOKEN_TYPE = "rt+jwt";
/** Access tokens live 15 minutes unless told otherwise: short enough that a stolen one is soon useless. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME = 15 * 60;
/** Refresh tokens live 7 days unless told otherwise; each refresh replaces the token (rotation). */
export const DEFAULT_REFRESH_TOKEN_LIFETIME = 7 * 24 * 60 * 60;

/** A private key (or HMAC secret) to sign with, its algorithm and key id. */
export interface SigningKey {
  /** The private key or HMAC secret (any `KeyLike`). */
  key: KeyLike;
  /** Default: the key's own (see `sign`). */
  alg?: AlgorithmName;
  /** The `kid` header parameter, which lets verifiers pick the key from a JWK Set (RFC 7515 §4.1.4). */
  kid?: string;
}

/** The claims of an access token issued by keycard (RFC 9068 §2.2). */
export interface AccessTokenClaims extends JWTPayload {
  /** The token service that issued it (RFC 9068 §2.2, RFC 7519 §4.1.1). */
  iss: string;
  /** The user (or client) it was issued for (RFC 7519 §4.1.2). */
  sub: string;
  /** The resource servers that accept it (RFC 9068 §3, RFC 7519 §4.1.3). */
  aud: string | string[];
  /** Expiry, seconds since the epoch (RFC 7519 §4.1.4). */
  exp: number;
  /** Time of issue, seconds since the epoch (RFC 7519 §4.1.6). */
  iat: number;
  /** A unique id, the handle for revocation and rotation (RFC 7519 §4.1.7). */
  jti: string;
  /** The OAuth client the token was issued to (RFC 9068 §2.2, RFC 8693 §4.3). */
  client_id: string;
  /** Space-separated scopes (RFC 9068 §2.2.3), when any were granted. */
  scope?: string;
  /** The session, shared by every token of one login (RFC 9700 §4.14.2's token family). */
  sid: string;
}

/** The claims of a refresh token issued by keycard. */
export interface RefreshTokenClaims extends AccessTokenClaims {
  /** The refresh audience (default: the issuer), never an access token's audience. */
  aud: string;
}

/** The options of `issueTokens`. */
export interface IssueTokensOptions {
  /** The key to sign with: a `KeyLike`, or `{ key, alg, kid }`. */
  key: KeyLike | SigningKey;
  /** `iss` of both tokens: the token service's identifier (RFC 9068 §2.2). Required. */
  issuer: string;
  /** `aud` of the access token: the resource servers that accept it (RFC 9068 §3). Required. */
  audience: string | string[];
  /** `client_id` of both tokens (RFC 9068 §2.2). Required. */
  clientId: string;
  /** `aud` of the refresh token (default: `issuer`, the service that takes it back). Must not be an access audience. */
  refreshAudience?: string;
  /** The scopes granted: a space-separated string or a list (RFC 6749 §3.3). */
  scope?: string | string[];
  /** More claims for the access token (not the registered ones above). */
  claims?: Record<string, unknown>;
  /** Default `"15m"`. */
  accessTokenLifetime?: Duration;
  /** Default `"7d"`. */
  refreshTokenLifetime?: Duration;
  /** `sid`, the session the pair belongs to (default: a new random UUID, a new session). */
  sessionId?: string;
  /** The time of issue: a Date or seconds since the epoch (default: the clock). */
  now?: Date | number;
}

/** What `issueTokens` returns: both tokens and what an OAuth token response (RFC 6749 §5.1) needs. */
export interface TokenPair {
  /** The access token (`typ: at+jwt`), for the `Authorization: Bearer` header. */
  accessToken: string;
  /** The refresh token (`typ: rt+jwt`), for the refresh endpoint only (best kept in an HttpOnly cookie). */
  refreshToken: string;
  /** Always `"Bearer"` (RFC 6750 §4). */
  tokenType: "Bearer";
  /** The access token's lifetime in seconds (RFC 6749 §5.1 `expires_in`). */
  expiresIn: number;
  /** The refresh token's lifetime in seconds. */
  refreshExpiresIn: number;
  /** The scopes granted, space-separated, or `undefined`. */
  scope: string | undefined;
  /** `sid` of both tokens. */
  sessionId: string;
  /** The claims signed into the access token. */
  accessClaims: AccessTokenClaims;
  /** The claims signed into the refresh token. */
  refreshClaims: RefreshTokenClaims;
}

const ISSUE_OPTIONS: ReadonlySet<string> = new Set([
  "key", "issuer", "audience", "clientId", "refreshAudience", "scope", "claims", "accessTokenLifetime",
  "refreshTokenLifetime", "sessionId", "now",
]);

/** Claims keycard sets itself; `claims` may not carry them. */
const RESERVED = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "sid"]);

/** The checked settings of a pair, shared by `issueTokens` and the token service (the key is apart: it may rotate). */
export interface PairSettings {
  readonly issuer: string;
  readonly audience: string | readonly string[];
  readonly clientId: string;
  readonly refreshAudience: string;
  readonly accessTokenLifetime: number;
  readonly refreshTokenLifetime: number;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") throw new InvalidArgument(`${name} is required: a non-empty string`);
  return value;
}

/** Reads `{ key, alg, kid }` or a bare key. */
export function readSigningKey(value: unknown, name: string): SigningKey {
  if (value === undefined || value === null) throw new InvalidArgument(`${name} is required`);
  if (isPlainObject(value) && "key" in value && !("kty" in value)) {
    const { key, alg, kid } = value as Partial<SigningKey>;
    if (key === undefined) throw new InvalidArgument(`${name}.key is required`);
    optionalString(alg, `${name}.alg`);
    return { key, alg, kid: optionalString(kid, `${name}.kid`) };
  }
  return { key: value as KeyLike };
}

/** @throws InvalidArgument */
export function readPairSettings(options: Partial<IssueTokensOptions>): PairSettings {
  const issuer = requiredString(options.issuer, "issuer");
  const audienceList = optionalStringList(options.audience, "audience");
  if (audienceList === undefined) throw new InvalidArgument("audience is required: the resource servers that accept the access token");
  const refreshAudience = optionalString(options.refreshAudience, "refreshAudience") ?? issuer;
  if (audienceList.includes(refreshAudience)) {
    // RFC 8725 §3.12: an audience that accepts access tokens must never be the refresh token's.
    throw new InvalidArgument(`the refresh audience ${JSON.stringify(refreshAudience)} is also an access token audience: they must differ`);
  }
  return {
    issuer,
    audience: typeof options.audience === "string" ? options.audience : audienceList,
    clientId: requiredString(options.clientId, "clientId"),
    refreshAudience,
    accessTokenLifetime: lifetime(options.accessTokenLifetime, "accessTokenLifetime", DEFAULT_ACCESS_TOKEN_LIFETIME),
    refreshTokenLifetime: lifetime(options.refreshTokenLifetime, "refreshTokenLifetime", DEFAULT_REFRESH_TOKEN_LIFETIME),
  };
}

function lifetime(value: unknown, name: string, fallback: number): number {
  const seconds = value === undefined ? fallback : parseDuration(value, name);
  if (seconds < 1) throw new InvalidArgument(`${name} must be at least 1 second`);
  return seconds;
}

/** The extra claims of an access token, checked. */
export function readExtraClaims(claims: unknown): Record<string, unknown> {
  if (claims === undefined) return {};
  if (!isPlainObject(claims)) throw new InvalidArgument("claims must be a plain object");
  for (const name of Object.keys(claims)) {
    if (RESERVED.has(name)) throw new InvalidArgument(`claims may not set "${name}": issueTokens sets it`);
  }
  return claims;
}

/** What changes from one pair to the next: who, what, which session, when. */
export interface PairRequest {
  readonly subject: string;
  readonly scope: string | undefined;
  readonly claims: Record<string, unknown>;
  readonly sessionId: string;
  readonly now: number;
}

/** Signs a pair. The `SigningKey` may differ per call (a key rotation), the settings do not. */
export async function signPair(settings: PairSettings, signingKey: SigningKey, request: PairRequest): Promise<TokenPair> {
  const iat = Math.floor(request.now);
  const common = { iss: settings.issuer, sub: request.subject, iat, client_id: settings.clientId, sid: request.sessionId };
  const scope = request.scope === undefined ? {} : { scope: request.scope };
  const accessClaims = {
    ...request.claims, ...common, ...scope,
    aud: Array.isArray(settings.audience) ? [...settings.audience] : settings.audience as string,
    exp: iat + Math.ceil(settings.accessTokenLifetime),
    jti: crypto.randomUUID(),
  } as AccessTokenClaims;
  const refreshClaims = {
    ...common, ...scope, aud: settings.refreshAudience, exp: iat + Math.ceil(settings.refreshTokenLifetime), jti: crypto.randomUUID(),
  } as RefreshTokenClaims;
  const header = { alg: signingKey.alg, kid: signingKey.kid };
  const [accessToken, refreshToken] = await Promise.all([
    sign(accessClaims, signingKey.key, { ...defined(header), typ: ACCESS_TOKEN_TYPE }), // RFC 9068 §2.1
    sign(refreshClaims, signingKey.key, { ...defined(header), typ: REFRESH_TOKEN_TYPE }),
  ]);
  return {
    accessToken, refreshToken, tokenType: "Bearer",
    expiresIn: accessClaims.exp - iat, refreshExpiresIn: refreshClaims.exp - iat,
    scope: request.scope, sessionId: request.sessionId, accessClaims, refreshClaims,
  };
}

function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * Issues an access token and a refresh token for `subject` (RFC 9068, RFC 6749 §1.5).
 *
 * The access token: header `typ: at+jwt` (RFC 9068 §2.1), claims `iss`, `sub`, `aud`, `exp`, `iat`, `jti`,
 * `client_id` (RFC 9068 §2.2), `scope` when given (§2.2.3), `sid`, and your `claims`; lifetime 15 minutes by
 * default. The refresh token: header `typ: rt+jwt`, the same claims but `aud` = `refreshAudience` (default: the
 * issuer) and no extra claims; lifetime 7 days by default. Neither verifies where the other is expected.
 * For rotation, reuse detection and revocation, use `createTokenService`, which calls this for you.
 *
 * @param subject `sub`: who the tokens are for (a non-empty string).
 * @param options `key`, `issuer`, `audience`, `clientId` (required); `refreshAudience`, `scope`, `claims`,
 *   `accessTokenLifetime` (`"15m"`), `refreshTokenLifetime` (`"7d"`), `sessionId` (a new UUID), `now`.
 * @returns The `TokenPair`.
 * @throws InvalidArgument for a missing or bad option; KeyInvalid when the key cannot sign.
 */
export async function issueTokens(subject: string, options: IssueTokensOptions): Promise<TokenPair> {
  const { settings, signingKey, request } = readSafely(() => {
    const opts = readOptions<IssueTokensOptions>(options, "issueTokens", ISSUE_OPTIONS);
    const settings = readPairSettings(opts);
    const signingKey = readSigningKey(opts.key, "key");
    const sessionId = opts.sessionId === undefined ? crypto.randomUUID() : requiredString(opts.sessionId, "sessionId");
    const request: PairRequest = {
      subject: requiredString(subject, "subject"),
      scope: readScope(opts.scope),
      claims: readExtraClaims(opts.claims),
      sessionId,
      now: optionalTime(opts.now, "now") ?? currentTime(),
    };
    return { settings, signingKey, request };
  }, invalidArgument);
  return signPair(settings, signingKey, request);
}
