/**
 * The set a remote JWK Set holds (RFC 7517 §5), and its plain-JSON form for a store the caller provides
 * (`options.cache`), so that an edge worker or a fleet of instances can share one fetch.
 *
 * Whatever the store returns is checked like a fetched set; an entry that is not valid is ignored, as if
 * the store were empty. A set holding private key material is refused: whoever publishes it has leaked a key.
 */
import { JWKSFetchFailed } from "../errors.js";
import { isPlainObject } from "../arguments.js";
import { indexKeySet, privateMember, readKeySet, type JSONWebKeySet, type KeyIndex } from "./jwks-select.js";
import type { JWK } from "./types.js";

/** A JWK Set as a store keeps it between processes: plain JSON. */
export interface CachedJWKS {
  /** The set as the server sent it. */
  jwks: JSONWebKeySet;
  /** The server's ETag for it, if it sent one. */
  etag?: string;
  /** When it was fetched or last revalidated, in milliseconds since the epoch. */
  fetchedAt: number;
  /** The server's freshness lifetime (Cache-Control max-age less Age) in seconds, if it stated one. */
  maxAge?: number;
}

/** A store for the set, shared between the instances of a worker or a fleet. Errors it throws pass through. */
export interface JWKSCache {
  /** The stored entry, or `undefined`. Called once, the first time the resolver needs keys. */
  get(): CachedJWKS | undefined | Promise<CachedJWKS | undefined>;
  /** Stores an entry; called after every successful fetch or revalidation. */
  set(entry: CachedJWKS): void | Promise<void>;
}

/** The set in hand. */
export interface Entry {
  readonly jwks: JSONWebKeySet;
  readonly index: KeyIndex;
  readonly etag: string | undefined;
  /** Milliseconds since the epoch. */
  readonly fetchedAt: number;
  /** Seconds, the server's. */
  readonly maxAge: number | undefined;
  /** The members by their JSON text, so a refetched set reuses the objects (and imports) of unchanged keys. */
  readonly members: ReadonlyMap<string, JWK>;
}

/**
 * An entry for `body`, or a thrown error from `fail` when it is not a verification set. Members identical to
 * one of `previous` are that member's object.
 */
export function makeEntry(body: unknown, meta: Omit<Entry, "jwks" | "index" | "members">, previous: Entry | undefined,
  fail: (message: string) => Error): Entry {
  const members = new Map<string, JWK>();
  const keys = readKeySet(body, fail).map((jwk, i) => {
    const member = privateMember(jwk);
    if (member !== undefined) throw fail(`member ${i} of the JWK Set holds private key material ("${member}")`);
    const text = JSON.stringify(jwk);
    const kept = previous?.members.get(text) ?? (jwk as JWK);
    members.set(text, kept);
    return kept;
  });
  return { ...meta, jwks: { ...(body as JSONWebKeySet), keys }, index: indexKeySet(keys, false), members };
}

/** An entry from the caller's store, or `undefined` when what it returned is not a valid entry. */
export function entryFromStore(value: unknown, now: number): Entry | undefined {
  if (!isPlainObject(value)) return undefined;
  const { jwks, etag, fetchedAt, maxAge } = value;
  if (typeof fetchedAt !== "number" || !Number.isFinite(fetchedAt)) return undefined;
  if (etag !== undefined && typeof etag !== "string") return undefined;
  if (maxAge !== undefined && (typeof maxAge !== "number" || !(maxAge >= 0))) return undefined;
  try {
    const meta = { etag, fetchedAt: Math.min(fetchedAt, now), maxAge };
    return makeEntry(jwks, meta, undefined, (message) => new JWKSFetchFailed(message));
  } catch {
    return undefined;
  }
}

/** An entry as plain JSON for the caller's store. */
export function entryForStore(entry: Entry): CachedJWKS {
  const stored: CachedJWKS = { jwks: JSON.parse(JSON.stringify(entry.jwks)) as JSONWebKeySet, fetchedAt: entry.fetchedAt };
  if (entry.etag !== undefined) stored.etag = entry.etag;
  if (entry.maxAge !== undefined) stored.maxAge = entry.maxAge;
  return stored;
}
