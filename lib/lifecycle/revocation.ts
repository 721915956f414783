/**
 * Revocation: the guide's "blacklist compromised tokens", as a denylist kept in a `LifecycleStore`. A token id
 * (`jti`, RFC 7519 §4.1.7) or a whole session (`sid`) is denied until a time you give, normally the token's own
 * `exp` (or the session's last possible expiry), so an entry never outlives the tokens it denies and the list
 * stays as small as the set of live revoked tokens. `isRevoked` plugs into verify's step 6 (API.md), which turns
 * `true` into `ERR_JWT_REVOKED` with `claim: "jti"`: nothing here re-implements verification.
 */
import { InvalidArgument } from "../errors.js";
import { currentTime, invalidArgument, optionalFunction, readOptions, readSafely } from "../arguments.js";
import type { JWTPayload } from "../jwt/claims.js";
import type { LifecycleStore } from "./store.js";

/** The store keys keycard writes, by what they hold. */
export const STORE_PREFIX = {
  /** A revoked token id. */
  token: "keycard:revoked-jti:",
  /** A revoked session (token family). */
  session: "keycard:revoked-sid:",
  /** A refresh token id already exchanged, with what replaced it. */
  used: "keycard:used-refresh:",
} as const;

/** The options of `createRevocationList`. */
export interface RevocationListOptions {
  /** The time in seconds since the epoch (default: the system clock). For tests. */
  clock?: () => number;
}

/** A denylist of token ids and sessions over a `LifecycleStore`. */
export interface RevocationList {
  /**
   * Denies the token whose `jti` is `jti` until `until` (a Date or seconds since the epoch: pass the token's
   * `exp`, plus the `clockTolerance` of your verifiers if they have one, since they accept it that much longer).
   * Revoking twice is harmless.
   */
  revoke(jti: string, until: Date | number): Promise<void>;
  /** Denies every token whose `sid` is `sessionId` until `until`. */
  revokeSession(sessionId: string, until: Date | number): Promise<void>;
  /**
   * verify's step 6 hook: whether the token's `jti` or `sid` is denied. Pass it as `isRevoked` to `verify`,
   * `createVerifier` or `authenticate`. A bound function: it can be passed around on its own.
   */
  isRevoked(payload: JWTPayload): Promise<boolean>;
}

/** `until` in seconds since the epoch. */
export function readUntil(until: unknown): number {
  const seconds = until instanceof Date ? until.getTime() / 1000 : until;
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) {
    throw new InvalidArgument("until must be a Date or a number of seconds since the epoch (the token's exp)");
  }
  return seconds;
}

function readId(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") throw new InvalidArgument(`${name} must be a non-empty string`);
  return value;
}

/**
 * A revocation list (denylist) over `store`: `revoke(jti, until)`, `revokeSession(sid, until)` and the
 * `isRevoked` hook for verify (step 6, `ERR_JWT_REVOKED`).
 *
 * @param store Where the list lives; share it between every process that verifies (docs/lifecycle.md).
 * @param options `clock` (seconds since the epoch) for tests.
 * @throws InvalidArgument when `store` is not a `LifecycleStore` or an option is bad.
 */
export function createRevocationList(store: LifecycleStore, options?: RevocationListOptions): RevocationList {
  const clock = readSafely(() => {
    checkStore(store);
    const opts = readOptions<RevocationListOptions>(options, "createRevocationList", new Set(["clock"]));
    return optionalFunction<() => number>(opts.clock, "clock") ?? currentTime;
  }, invalidArgument);
  const deny = async (key: string, until: number) => {
    if (until > clock()) await store.setIfAbsent(key, String(Math.ceil(until)), Math.ceil(until));
  };
  return {
    async revoke(jti, until) {
      await deny(STORE_PREFIX.token + readId(jti, "jti"), readSafely(() => readUntil(until), invalidArgument));
    },
    async revokeSession(sessionId, until) {
      await deny(STORE_PREFIX.session + readId(sessionId, "sessionId"), readSafely(() => readUntil(until), invalidArgument));
    },
    async isRevoked(payload) {
      const { jti, sid } = readSafely(() => {
        const { jti, sid } = (typeof payload === "object" && payload !== null ? payload : {}) as JWTPayload;
        return { jti, sid };
      }, invalidArgument);
      const [byId, bySession] = await Promise.all([
        typeof jti === "string" ? store.get(STORE_PREFIX.token + jti) : undefined,
        typeof sid === "string" ? store.get(STORE_PREFIX.session + sid) : undefined,
      ]);
      return byId !== undefined || bySession !== undefined;
    },
  };
}

/** @throws InvalidArgument when `store` lacks one of the three methods. */
export function checkStore(store: unknown): asserts store is LifecycleStore {
  const ok = typeof store === "object" && store !== null &&
    ["get", "setIfAbsent", "delete"].every((name) => typeof (store as Record<string, unknown>)[name] === "function");
  if (!ok) throw new InvalidArgument("store must have get, setIfAbsent and delete methods (a LifecycleStore)");
}
