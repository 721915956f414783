/**
 * Refresh token rotation with reuse detection (RFC 9700 §4.14.2): each refresh token is exchanged once. The
 * exchange claims the token's id in the store with "set if absent", so of two refreshes racing with the same
 * token exactly one wins; the store entry lives until the token's `exp` (plus the verifier's clock tolerance). A retired token presented again means
 * that two parties hold it, the legitimate client and an attacker, and the server cannot tell which is which:
 * the whole session (every token with its `sid`) is revoked, and the presenter is refused with `ERR_JWT_REVOKED`.
 *
 * A loser of a genuine race (two tabs refreshing at once) is indistinguishable from a replay. By default it is
 * treated as one (strict, as the RFC advises); `reuseGracePeriod` refuses a retired token presented within that
 * many seconds of its exchange without revoking the session, for clients that cannot serialise their refreshes.
 */
import { JWTRevoked } from "../errors.js";
import type { LifecycleStore } from "./store.js";
import { STORE_PREFIX, type RevocationList } from "./revocation.js";
import type { RefreshTokenClaims, TokenPair } from "./tokens.js";

/** What a refresh needs from the token service. */
export interface RotationContext {
  readonly store: LifecycleStore;
  readonly revocations: RevocationList;
  readonly reuseGracePeriod: number;
  /** How long a session may still hold a refresh token that verifies, after `now`: its lifetime plus the leeway. */
  readonly sessionLifetime: number;
  /** verify's `clockTolerance`: a token verifies until `exp + tolerance`, so its store entry lives as long. */
  readonly tolerance: number;
  /** Signs the next pair of the same session. */
  readonly issueNext: (claims: RefreshTokenClaims) => Promise<TokenPair>;
}

/** What the store keeps for an exchanged refresh token. */
interface UsedRecord {
  /** When it was exchanged, seconds since the epoch. */
  at: number;
}

function parseRecord(text: string | undefined): UsedRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && typeof (value as UsedRecord).at === "number") return value as UsedRecord;
  } catch {
    // a record written by something else: treated as an exchange of unknown time
  }
  return undefined;
}

/**
 * Exchanges a verified refresh token (its signature, type, audience, expiry and revocation already checked) for
 * the next pair of its session, or detects its reuse.
 *
 * @throws JWTRevoked (`ERR_JWT_REVOKED`, `claim: "jti"`) when the token was already exchanged; the session is
 *   revoked first unless the exchange was within `reuseGracePeriod`.
 */
export async function rotate(claims: RefreshTokenClaims, now: number, context: RotationContext): Promise<TokenPair> {
  const usedKey = STORE_PREFIX.used + claims.jti;
  const record = JSON.stringify({ at: now, sid: claims.sid } satisfies UsedRecord & { sid: string });
  // RFC 9700 §4.14.2: the token is retired here, atomically; the winner of a race is whoever stores first.
  if (!(await context.store.setIfAbsent(usedKey, record, claims.exp + context.tolerance))) {
    const previous = parseRecord(await context.store.get(usedKey));
    const withinGrace = context.reuseGracePeriod > 0 && previous !== undefined && now - previous.at <= context.reuseGracePeriod;
    if (!withinGrace) {
      // RFC 9700 §4.14.2: reuse of a retired refresh token revokes the whole family (the session).
      await context.revocations.revokeSession(claims.sid, now + context.sessionLifetime);
      throw new JWTRevoked("refresh token reuse detected: the token was already exchanged, and its whole session is now revoked (RFC 9700 §4.14.2)", claims);
    }
    throw new JWTRevoked("the refresh token was already exchanged by a concurrent refresh", claims);
  }
  try {
    return await context.issueNext(claims);
  } catch (error) {
    // Nothing was issued: give the token back, so that the client can try again.
    await context.store.delete(usedKey);
    throw error;
  }
}
