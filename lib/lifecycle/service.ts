/**
 * createTokenService: the token lifecycle of one issuer in one object, created once with its keys, names,
 * lifetimes and store. Login issues a pair in a new session; refresh exchanges a refresh token for the next pair
 * of its session (rotation, with reuse detection: rotation.ts); logout and revoke deny tokens until they expire
 * (revocation.ts). Every failure is a `JWTError`: a refresh token that does not verify fails with verify's code,
 * a retired or revoked one with `ERR_JWT_REVOKED`.
 */
import { InvalidArgument, JWTError } from "../errors.js";
import { currentTime, invalidArgument, optionalFunction, readOptions, readSafely } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import type { AlgorithmName } from "../jwa/algorithms.js";
import type { KeyLike, KeyResolver } from "../keys/types.js";
import { verify, type VerifiedJWT, type VerifyOptions } from "../jwt/verify.js";
import type { JWTPayload } from "../jwt/claims.js";
import { readScope } from "./scope.js";
import { createMemoryStore, type LifecycleStore } from "./store.js";
import { checkStore, createRevocationList, readUntil, type RevocationList } from "./revocation.js";
import { rotate } from "./rotation.js";
import {
  ACCESS_TOKEN_TYPE, REFRESH_TOKEN_TYPE, readExtraClaims, readPairSettings, readSigningKey, signPair,
  type AccessTokenClaims, type IssueTokensOptions, type RefreshTokenClaims, type SigningKey, type TokenPair,
} from "./tokens.js";

/** The options of `createTokenService`. */
export interface TokenServiceOptions {
  /**
   * The key that signs new tokens: a `KeyLike`, `{ key, alg, kid }`, or a function returning the current
   * `{ key, alg, kid }` at each issue, for key rotation (docs/keys.md). Required.
   */
  signingKey: KeyLike | SigningKey | (() => SigningKey | Promise<SigningKey>);
  /**
   * What verifies the refresh (and access) tokens this service issued: the public key, or a `KeyResolver`
   * (such as `createLocalJWKSet` of the current and previous public keys). Required.
   */
  verificationKey: KeyLike | KeyResolver;
  /** `iss` (RFC 9068 §2.2). Required. */
  issuer: string;
  /** `aud` of access tokens: the resource servers. Required. */
  audience: string | string[];
  /** `client_id` (RFC 9068 §2.2). Required. */
  clientId: string;
  /** `aud` of refresh tokens (default: `issuer`). */
  refreshAudience?: string;
  /** Default `"15m"`. */
  accessTokenLifetime?: Duration;
  /** Default `"7d"`. */
  refreshTokenLifetime?: Duration;
  /** Extra access token claims for a subject, read at every issue and refresh (so a role change applies at the next refresh). */
  claims?: (subject: string, session: { sessionId: string; scope: string | undefined }) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Where retired refresh tokens and revocations live (default: `createMemoryStore()`, one process only). */
  store?: LifecycleStore;
  /** A retired refresh token presented within this duration of its exchange is refused without revoking the session (default 0). */
  reuseGracePeriod?: Duration;
  /** The algorithms accepted on refresh tokens (default: what `verificationKey` permits). */
  algorithms?: AlgorithmName[];
  /** Leeway for `exp`, `nbf` and `iat` when verifying (default 0). */
  clockTolerance?: Duration;
  /** The time in seconds since the epoch (default: the system clock). For tests. */
  clock?: () => number;
}

/** The options of `TokenService.issue`. */
export interface IssueOptions {
  /** The scopes granted (RFC 6749 §3.3). */
  scope?: string | string[];
}

/** A token service: see `createTokenService`. */
export interface TokenService {
  /** Login: a new pair in a new session for `subject`. */
  issue(subject: string, options?: IssueOptions): Promise<TokenPair>;
  /**
   * Exchanges a refresh token for the next pair of its session and retires it (RFC 9700 §4.14.2). A token that
   * was already exchanged revokes its whole session and is refused (`ERR_JWT_REVOKED`); of two concurrent
   * refreshes with one token, exactly one succeeds.
   */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Logout: revokes the session of a refresh token (every token of it, access tokens included). An expired token is a no-op. */
  logout(refreshToken: string): Promise<void>;
  /** Denies the token `jti` until `until` (its `exp`; the service adds its `clockTolerance`). */
  revoke(jti: string, until: Date | number): Promise<void>;
  /** Denies every token of a session until `until` (default: the longest a refresh token of it may still live). */
  revokeSession(sessionId: string, until?: Date | number): Promise<void>;
  /** verify's step 6 hook: whether a token's `jti` or `sid` is denied. Bound: pass it as `isRevoked`. */
  isRevoked(payload: JWTPayload): Promise<boolean>;
  /** Verifies an access token of this service (`typ: at+jwt`, issuer, audience, revocation). */
  verifyAccessToken(token: string): Promise<VerifiedJWT<AccessTokenClaims>>;
  /** Verifies a refresh token of this service (`typ: rt+jwt`, issuer, refresh audience, revocation) without exchanging it. */
  verifyRefreshToken(token: string): Promise<VerifiedJWT<RefreshTokenClaims>>;
  /** The store in use. */
  readonly store: LifecycleStore;
  /** The revocation list over that store. */
  readonly revocations: RevocationList;
}

const SERVICE_OPTIONS: ReadonlySet<string> = new Set([
  "signingKey", "verificationKey", "issuer", "audience", "clientId", "refreshAudience", "accessTokenLifetime",
  "refreshTokenLifetime", "claims", "store", "reuseGracePeriod", "algorithms", "clockTolerance", "clock",
]);

/**
 * Creates the token service of one issuer: access and refresh tokens (RFC 9068), refresh rotation with reuse
 * detection (RFC 9700 §4.14.2), logout and revocation through a store, so that any number of processes share
 * them when the store is shared.
 *
 * @param options `signingKey`, `verificationKey`, `issuer`, `audience`, `clientId` (required);
 *   `refreshAudience` (the issuer), `accessTokenLifetime` (`"15m"`), `refreshTokenLifetime` (`"7d"`), `claims`,
 *   `store` (`createMemoryStore()`), `reuseGracePeriod` (0), `algorithms`, `clockTolerance` (0), `clock`.
 * @throws InvalidArgument at once for a missing or bad option. The methods reject with `JWTError`s; errors of
 *   your store, key provider or `claims` function pass through unchanged.
 */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const config = readSafely(() => {
    const opts = readOptions<TokenServiceOptions>(options, "createTokenService", SERVICE_OPTIONS);
    const settings = readPairSettings(opts as Partial<IssueTokensOptions>);
    const provider = typeof opts.signingKey === "function" ? opts.signingKey as () => SigningKey | Promise<SigningKey> : undefined;
    const fixedKey = provider === undefined ? readSigningKey(opts.signingKey, "signingKey") : undefined;
    if (opts.verificationKey === undefined || opts.verificationKey === null) throw new InvalidArgument("verificationKey is required");
    const store = opts.store ?? createMemoryStore(opts.clock === undefined ? undefined : { clock: opts.clock });
    checkStore(store);
    const clock = optionalFunction<() => number>(opts.clock, "clock") ?? currentTime;
    return {
      settings, provider, fixedKey, store, clock,
      verificationKey: opts.verificationKey,
      claims: optionalFunction<NonNullable<TokenServiceOptions["claims"]>>(opts.claims, "claims"),
      reuseGracePeriod: opts.reuseGracePeriod === undefined ? 0 : parseDuration(opts.reuseGracePeriod, "reuseGracePeriod"),
      tolerance: opts.clockTolerance === undefined ? 0 : parseDuration(opts.clockTolerance, "clockTolerance"),
      verifyRules: {
        issuer: settings.issuer,
        ...(opts.algorithms === undefined ? {} : { algorithms: opts.algorithms }),
        ...(opts.clockTolerance === undefined ? {} : { clockTolerance: parseDuration(opts.clockTolerance, "clockTolerance") }),
      } satisfies VerifyOptions,
    };
  }, invalidArgument);
  const { settings, store, clock } = config;
  // How long a session may still hold a token that verifies: its newest refresh token's lifetime, plus the leeway
  // verify grants after exp. Store entries about tokens outlive them by the same leeway, or a replay would pass.
  const sessionLifetime = settings.refreshTokenLifetime + config.tolerance;
  const revocations = createRevocationList(store, { clock });
  const isRevoked = revocations.isRevoked;

  const currentKey = async (): Promise<SigningKey> => {
    if (config.provider === undefined) return config.fixedKey!;
    const given = await config.provider(); // the caller's own function: its errors pass through
    return readSafely(() => readSigningKey(given, "the signingKey function's result"), invalidArgument);
  };

  const issuePair = async (subject: string, scope: string | undefined, sessionId: string, now: number) => {
    const extra = config.claims === undefined ? undefined : await config.claims(subject, { sessionId, scope }); // yours: errors pass through
    const claims = readSafely(() => readExtraClaims(extra), invalidArgument);
    return signPair(settings, await currentKey(), { subject, scope, claims, sessionId, now });
  };

  const verifyAs = async <C extends JWTPayload>(token: string, typ: string, audience: string | readonly string[], now: number) =>
    verify<C>(token, config.verificationKey, {
      ...config.verifyRules, typ, audience, now, isRevoked,
      requiredClaims: ["sub", "exp", "iat", "jti", "sid", "client_id"],
    });

  const verifyRefreshToken = (token: string) => verifyAs<RefreshTokenClaims>(token, REFRESH_TOKEN_TYPE, settings.refreshAudience, clock());

  return {
    store,
    revocations,
    isRevoked,
    async issue(subject, issueOptions) {
      const scope = readSafely(() => {
        const opts = readOptions<IssueOptions>(issueOptions, "issue", new Set(["scope"]));
        if (typeof subject !== "string" || subject === "") throw new InvalidArgument("subject must be a non-empty string");
        return readScope(opts.scope);
      }, invalidArgument);
      return issuePair(subject, scope, crypto.randomUUID(), clock());
    },
    async refresh(refreshToken) {
      const now = clock();
      const { payload } = await verifyAs<RefreshTokenClaims>(refreshToken, REFRESH_TOKEN_TYPE, settings.refreshAudience, now);
      return rotate(payload, now, {
        store, revocations, reuseGracePeriod: config.reuseGracePeriod, sessionLifetime, tolerance: config.tolerance,
        issueNext: (claims) => issuePair(claims.sub, typeof claims.scope === "string" ? claims.scope : undefined, claims.sid, now),
      });
    },
    async logout(refreshToken) {
      let claims: RefreshTokenClaims;
      try {
        claims = (await verifyRefreshToken(refreshToken)).payload;
      } catch (error) {
        // Already expired or already revoked: the session can hold no usable refresh token; nothing to do.
        if (error instanceof JWTError && (error.code === "ERR_JWT_EXPIRED" || error.code === "ERR_JWT_REVOKED")) return;
        throw error;
      }
      await revocations.revokeSession(claims.sid, clock() + sessionLifetime);
    },
    async revoke(jti, until) {
      await revocations.revoke(jti, readSafely(() => readUntil(until), invalidArgument) + config.tolerance);
    },
    async revokeSession(sessionId, until) {
      const seconds = until === undefined ? clock() + sessionLifetime : readSafely(() => readUntil(until), invalidArgument) + config.tolerance;
      await revocations.revokeSession(sessionId, seconds);
    },
    verifyAccessToken: (token) => verifyAs<AccessTokenClaims>(token, ACCESS_TOKEN_TYPE, settings.audience, clock()),
    verifyRefreshToken,
  };
}
