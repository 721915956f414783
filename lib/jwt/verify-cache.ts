/**
 * The opt-in cache of `createVerifier`: the exact token → what its verification found, for gateways that
 * see the same token many times a second. Only successes are kept. An entry is served until the cache's
 * `ttl` or the token's `exp`, whichever comes first; the caller still re-judges the claims (time moves on)
 * and `isRevoked` on every hit. Least recently used entries go first when `max` is reached.
 */
import { InvalidArgument } from "../errors.js";
import { isPlainObject, optionalPositiveInteger } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";

export interface VerifierCacheOptions {
  /** How many tokens to remember (default 1000). */
  max?: number;
  /** How long to trust a verified token without checking its signature again (a duration; default 60 s). */
  ttl?: Duration;
}

export const DEFAULT_CACHE_MAX = 1000;
export const DEFAULT_CACHE_TTL = 60;

/**
 * Remembers, for each verified token, until when its signature check may be skipped. The token itself is
 * decoded again on every hit (a few microseconds), so no caller ever shares objects with another.
 */
export class VerifierCache {
  readonly #until = new Map<string, number>();
  readonly #max: number;
  readonly #ttl: number;

  constructor(options: unknown) {
    const opts = options === true ? {} : options;
    if (!isPlainObject(opts)) throw new InvalidArgument("cache must be true or an object { max, ttl }");
    this.#max = optionalPositiveInteger(opts.max, "cache.max") ?? DEFAULT_CACHE_MAX;
    this.#ttl = opts.ttl === undefined ? DEFAULT_CACHE_TTL : parseDuration(opts.ttl, "cache.ttl");
  }

  /** Whether `token` was verified and may still be served at `now` (seconds since the epoch). */
  has(token: string, now: number): boolean {
    const until = this.#until.get(token);
    if (until === undefined) return false;
    this.#until.delete(token);
    if (now >= until) return false;
    this.#until.set(token, until); // most recently used goes last
    return true;
  }

  /** Remembers a verified token until `ttl` from now, or its `exp` if that comes first. */
  add(token: string, exp: number | undefined, now: number): void {
    const until = Math.min(now + this.#ttl, exp ?? Infinity);
    if (until <= now) return;
    this.#until.delete(token); // verified twice at once: one entry, and no other evicted for it
    if (this.#until.size >= this.#max) this.#until.delete(this.#until.keys().next().value!);
    this.#until.set(token, until);
  }

  /** The number of tokens remembered. */
  get size(): number {
    return this.#until.size;
  }
}
