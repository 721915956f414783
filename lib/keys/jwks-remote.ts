/**
 * createRemoteJWKSet: a `KeyResolver` over a JWK Set (RFC 7517 §5) published at a URL, such as an OpenID
 * provider's `jwks_uri`, kept in memory (and, optionally, in a store the caller provides).
 *
 * - One request at a time: every verification that needs the set while a request is under way waits for that
 *   request (no thundering herd when a gateway starts under load).
 * - Freshness comes from the server's Cache-Control, bounded by the caller (`jwks-cache-policy.ts`); a stale
 *   set is revalidated with its ETag, and a 304 keeps the same JWK objects, so nothing is parsed or imported again.
 * - A token naming a `kid` the set does not have triggers a refetch, at most one per `cooldownDuration`.
 *   The cooldown counts from the end of the last request, failed ones included, and holds for every request
 *   keycard makes on its own; `reload()` is the one way to ask sooner.
 * - A failed refresh keeps serving the keys already trusted until `cacheMaxAge` has passed since they were
 *   last fetched or revalidated; after that the failure is reported.
 * - The fetched set is judged like a local one, except that `oct` keys are never selected, and a set holding
 *   private key material is refused (`ERR_JWKS_FETCH_FAILED`): whoever publishes it has leaked a key.
 */
import { InvalidArgument, JWKSFetchFailed, JWKSNoMatchingKey } from "../errors.js";
import { isPlainObject, optionalFunction, readOptions } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import { algorithmByName } from "../jwa/algorithms.js";
import { freshnessLifetime, type CacheLimits } from "./jwks-cache-policy.js";
import { fetchJWKS, type FetchFunction } from "./jwks-fetch.js";
import { entryForStore, entryFromStore, makeEntry, type Entry, type JWKSCache } from "./jwks-entry.js";
import { mayBeUnknownKey, selectKey, type JSONWebKeySet } from "./jwks-select.js";
import type { JWK, JWSHeader } from "./types.js";

export type { CachedJWKS, JWKSCache } from "./jwks-entry.js";

/** The options of `createRemoteJWKSet`: caching, timing and transport of the JWK Set's requests. */
export interface RemoteJWKSetOptions {
  /** How long keys are trusted after a fetch or revalidation, and the longest freshness (default `"10m"`). */
  cacheMaxAge?: Duration;
  /** The least time between two requests keycard makes on its own (default `"30s"`; at most `cacheMaxAge`). */
  cooldownDuration?: Duration;
  /** How long one request may take, body included (default `"5s"`). */
  timeoutDuration?: Duration;
  /** Extra request headers (such as `user-agent`). */
  headers?: Record<string, string>;
  /** The `fetch` to use (default: the global one). Errors it throws pass through unchanged. */
  fetch?: FetchFunction;
  /** Allow an `http:` URL (default `false`: `https:` only). For tests and private networks. */
  allowHttp?: boolean;
  /** A store that keeps the set between processes (see `JWKSCache`). */
  cache?: JWKSCache;
}

/** The resolver `createRemoteJWKSet` returns, with a few handles for tests and operations. */
export interface RemoteJWKSet {
  (header: JWSHeader): Promise<JWK>;
  /** Fetches the set now, ignoring the cooldown (sharing a request under way). Rejects when it fails; the keys in hand stay. */
  reload(): Promise<void>;
  /** A copy of the set in hand, or `undefined` before the first successful fetch. */
  jwks(): JSONWebKeySet | undefined;
  /** Whether the set in hand is within its freshness lifetime. */
  readonly fresh: boolean;
  /** Whether the cooldown currently forbids keycard to send a request on its own. */
  readonly coolingDown: boolean;
  /** Whether a request is under way. */
  readonly reloading: boolean;
}

interface Settings extends CacheLimits {
  readonly url: string;
  readonly headers: Headers;
  readonly fetch: FetchFunction | undefined;
  readonly timeoutMs: number;
  readonly store: JWKSCache | undefined;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
}

/** The state of one remote set and the rules above. */
class RemoteKeySet {
  private entry: Entry | undefined;
  private inflight: Promise<Entry> | undefined;
  private warming: Promise<void> | undefined;
  private warmed: boolean;
  private lastRequestEnd: number | undefined;
  private lastError: unknown;

  constructor(private readonly settings: Settings) {
    this.warmed = settings.store === undefined;
  }

  async resolve(header: JWSHeader): Promise<JWK> {
    if (!isPlainObject(header)) throw new InvalidArgument("a key resolver takes a JOSE header object");
    const alg = algorithmByName(header.alg);
    if (alg === undefined || alg.kty === "oct") {
      throw new JWKSNoMatchingKey(alg === undefined
        ? `no key of a JWK Set fits alg ${JSON.stringify(String(header.alg).slice(0, 40))}`
        : `a remote JWK Set never selects oct keys, so it cannot verify ${alg.name}`);
    }
    const entry = await this.current();
    try {
      return selectKey(entry.index, header);
    } catch (error) {
      if (!(error instanceof JWKSNoMatchingKey)) throw error;
      const latest = this.entry;
      if (latest !== undefined && latest !== entry) return selectKey(latest.index, header);
      if (!mayBeUnknownKey(entry.index, header, false)) throw error;
      if (this.inflight === undefined && this.coolingDown) throw error;
      const next = await this.refresh();
      return selectKey(next.index, header);
    }
  }

  /** A set to select from: the one in hand while fresh, else a refreshed one, else the one in hand while trusted. */
  private async current(): Promise<Entry> {
    if (!this.warmed) await this.warm();
    const entry = this.entry;
    if (entry !== undefined && this.isFresh(entry)) return entry;
    if (this.inflight === undefined && this.coolingDown) {
      if (entry !== undefined && this.isTrusted(entry)) return entry;
      throw this.lastError ?? new JWKSFetchFailed(`the JWK Set at ${this.settings.url} is older than cacheMaxAge`);
    }
    try {
      return await this.refresh();
    } catch (error) {
      // A failed request (not a failed store write) leaves the keys in hand in use while they are trusted.
      const latest = this.entry;
      if (error === this.lastError && latest !== undefined && this.isTrusted(latest)) return latest;
      throw error;
    }
  }

  private isFresh(entry: Entry): boolean {
    return this.settings.clock() - entry.fetchedAt < freshnessLifetime(entry.maxAge, this.settings);
  }

  private isTrusted(entry: Entry): boolean {
    return this.settings.clock() - entry.fetchedAt < this.settings.cacheMaxAge;
  }

  get fresh(): boolean {
    return this.entry !== undefined && this.isFresh(this.entry);
  }

  get coolingDown(): boolean {
    return this.lastRequestEnd !== undefined && this.settings.clock() - this.lastRequestEnd < this.settings.cooldown;
  }

  get reloading(): boolean {
    return this.inflight !== undefined;
  }

  jwks(): JSONWebKeySet | undefined {
    return this.entry === undefined ? undefined : entryForStore(this.entry).jwks;
  }

  /** The one request under way, started if there is none. */
  refresh(): Promise<Entry> {
    this.inflight ??= this.request().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async request(): Promise<Entry> {
    const { settings } = this;
    const previous = this.entry;
    let entry: Entry;
    try {
      const response = await fetchJWKS({ ...settings, etag: previous?.etag });
      const meta = { etag: response.etag, fetchedAt: settings.clock(), maxAge: response.maxAge };
      entry = response.modified
        ? makeEntry(response.body, meta, previous, (message) => new JWKSFetchFailed(`${settings.url}: ${message}`))
        // RFC 9110 §15.4.5: a 304 confirms the set in hand; RFC 9111 §4.3.4: its Cache-Control, if any, replaces the stored one
        : { ...previous!, ...meta, maxAge: response.maxAge ?? previous!.maxAge };
    } catch (error) {
      this.lastRequestEnd = settings.clock();
      this.lastError = error;
      throw error;
    }
    this.lastRequestEnd = settings.clock();
    this.lastError = undefined;
    this.entry = entry;
    this.warmed = true; // the store has nothing newer to offer
    if (settings.store !== undefined) await settings.store.set(entryForStore(entry));
    return entry;
  }

  /** Reads the caller's store once, before the first request. */
  private warm(): Promise<void> {
    this.warming ??= (async () => {
      const stored = await this.settings.store!.get();
      this.warmed = true;
      this.entry ??= entryFromStore(stored, this.settings.clock());
    })().finally(() => {
      this.warming = undefined;
    });
    return this.warming;
  }
}

/** The URL of the set, checked. @throws InvalidArgument */
function readURL(url: unknown, allowHttp: boolean): string {
  if (typeof url !== "string" && !(url instanceof URL)) throw new InvalidArgument("createRemoteJWKSet: url must be a string or a URL");
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new InvalidArgument(`createRemoteJWKSet: ${JSON.stringify(String(url).slice(0, 200))} is not a URL`);
  }
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && allowHttp)) {
    throw new InvalidArgument(parsed.protocol === "http:"
      ? "createRemoteJWKSet: the URL must be https: (an http: URL needs allowHttp: true, for tests and private networks only)"
      : `createRemoteJWKSet: the URL must be https:, not ${parsed.protocol}`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new InvalidArgument("createRemoteJWKSet: the URL must not hold credentials (send them with options.headers)");
  }
  return parsed.href;
}

/** The request headers: the caller's, and an `accept` for a JWK Set unless they set one. @throws InvalidArgument */
function readHeaders(value: unknown): Headers {
  if (value !== undefined && !(isPlainObject(value) && Object.values(value).every((item) => typeof item === "string"))) {
    throw new InvalidArgument("createRemoteJWKSet: headers must be an object of strings");
  }
  let headers: Headers;
  try {
    headers = new Headers(value as Record<string, string> | undefined);
  } catch (cause) {
    throw new InvalidArgument(`createRemoteJWKSet: headers: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
  if (!headers.has("accept")) headers.set("accept", "application/jwk-set+json, application/json");
  return headers;
}

const REMOTE_OPTIONS: ReadonlySet<string> = new Set([
  "cacheMaxAge", "cooldownDuration", "timeoutDuration", "headers", "fetch", "allowHttp", "cache",
]);

/** A duration option in milliseconds. */
function readMilliseconds(value: unknown, fallback: number, name: string): number {
  return parseDuration(value === undefined ? fallback : value, name) * 1000;
}

/**
 * createRemoteJWKSet with its clock as an argument (milliseconds since the epoch), for tests that must not
 * wait for minutes to pass. Not part of the public API.
 */
export function createRemoteJWKSetWithClock(url: string | URL, options: RemoteJWKSetOptions | undefined, clock: () => number): RemoteJWKSet {
  const opts = readOptions<RemoteJWKSetOptions>(options, "createRemoteJWKSet", REMOTE_OPTIONS);
  if (opts.allowHttp !== undefined && typeof opts.allowHttp !== "boolean") throw new InvalidArgument("allowHttp must be a boolean");
  const cacheMaxAge = readMilliseconds(opts.cacheMaxAge, 600, "cacheMaxAge");
  const cooldown = readMilliseconds(opts.cooldownDuration, 30, "cooldownDuration");
  const timeoutMs = Math.min(readMilliseconds(opts.timeoutDuration, 5, "timeoutDuration"), 2 ** 31 - 1);
  if (cooldown > cacheMaxAge) throw new InvalidArgument("cooldownDuration must not be longer than cacheMaxAge");
  if (timeoutMs <= 0) throw new InvalidArgument("timeoutDuration must be more than 0");
  const fetch = optionalFunction<FetchFunction>(opts.fetch, "fetch");
  if (fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new InvalidArgument("createRemoteJWKSet: this runtime has no global fetch; pass options.fetch");
  }
  const store = opts.cache;
  if (store !== undefined && !(typeof store === "object" && store !== null && typeof store.get === "function" && typeof store.set === "function")) {
    throw new InvalidArgument("cache must be an object with get() and set(entry) methods");
  }
  const set = new RemoteKeySet({
    url: readURL(url, opts.allowHttp === true), headers: readHeaders(opts.headers), fetch, timeoutMs, store, clock,
    cacheMaxAge, cooldown,
  });
  const resolver = (header: JWSHeader) => set.resolve(header);
  return Object.defineProperties(resolver, {
    reload: { value: async () => void (await set.refresh()) },
    jwks: { value: () => set.jwks() },
    fresh: { get: () => set.fresh },
    coolingDown: { get: () => set.coolingDown },
    reloading: { get: () => set.reloading },
  }) as RemoteJWKSet;
}

/**
 * A resolver for the JWK Set at `url` (https: only, unless `allowHttp`; RFC 7517 §5), for `verify`,
 * `verifyJWS` and `createVerifier`. Concurrent callers share one request; the set is trusted for `cacheMaxAge`
 * (10 minutes), refreshed as the server's `Cache-Control` says, revalidated with `If-None-Match`; an unknown
 * `kid` triggers one refetch per `cooldownDuration` (30 s); a request taking longer than `timeoutDuration` (5 s)
 * fails. Redirects are not followed and `oct` keys are never selected. See the module comment for the rules.
 * The resolver rejects with `ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWKS_MULTIPLE_MATCHING_KEYS`,
 * `ERR_JWKS_TIMEOUT` or `ERR_JWKS_FETCH_FAILED`.
 * @throws InvalidArgument (synchronously) for a bad URL or option.
 * @example
 * const keys = createRemoteJWKSet("https://issuer.example/.well-known/jwks.json");
 * const { payload } = await verify(token, keys, { issuer: "https://issuer.example" });
 */
export function createRemoteJWKSet(url: string | URL, options?: RemoteJWKSetOptions): RemoteJWKSet {
  return createRemoteJWKSetWithClock(url, options, Date.now);
}
