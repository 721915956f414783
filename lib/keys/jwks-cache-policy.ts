/**
 * How long a fetched JWK Set stays fresh: the server's `Cache-Control` (RFC 9111 §5.2.2.1 max-age,
 * §5.2.2.4 no-cache, §5.2.2.5 no-store) less its `Age` (§5.1), bounded by the caller's limits.
 *
 * freshness = min(cacheMaxAge, max(cooldownDuration, server max-age − Age)); without a max-age, cacheMaxAge.
 * cacheMaxAge is the caller's ceiling on trusting a set at all; cooldownDuration is the floor, because a set
 * could not be refreshed sooner anyway. `no-cache` and `no-store` count as max-age 0 (so: cooldownDuration).
 * Only the freshness is the server's to set: keys are trusted for cacheMaxAge after a fetch, whatever it says.
 */

/** A response's header fields, as `Headers` gives them. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** RFC 9111 §1.2.2: delta-seconds past 2^31 are taken as 2^31. */
const MAX_DELTA_SECONDS = 2147483648;

/** A delta-seconds value (RFC 9111 §1.2.2): digits only; `undefined` when invalid. */
function deltaSeconds(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  return Math.min(Number(text), MAX_DELTA_SECONDS);
}

/**
 * The server's freshness lifetime for a response, in seconds: its max-age less its Age, at least 0; 0 for
 * `no-cache`, `no-store`, or a max-age given twice with different values or unreadable (RFC 9111 §4.2.1:
 * invalid freshness information makes a response stale); `undefined` when it states none.
 */
export function serverMaxAge(headers: HeaderSource): number | undefined {
  const field = headers.get("cache-control");
  if (field === null) return undefined;
  let maxAge: number | undefined;
  for (const directive of field.split(",")) {
    const [rawName = "", ...rest] = directive.split("=");
    const name = rawName.trim().toLowerCase();
    if (name === "no-cache" || name === "no-store") return 0;
    if (name !== "max-age") continue;
    const value = deltaSeconds(rest.join("=").trim().replace(/^"(.*)"$/, "$1"));
    if (value === undefined || (maxAge !== undefined && maxAge !== value)) return 0;
    maxAge = value;
  }
  if (maxAge === undefined) return undefined;
  const age = deltaSeconds(headers.get("age")?.trim() ?? "") ?? 0; // RFC 9111 §5.1; an unreadable Age is ignored
  return Math.max(0, maxAge - age);
}

/** The caller's bounds, in milliseconds. */
export interface CacheLimits {
  readonly cacheMaxAge: number;
  readonly cooldown: number;
}

/** How long a set stays fresh, in milliseconds, given the server's max-age in seconds (or none). */
export function freshnessLifetime(maxAge: number | undefined, limits: CacheLimits): number {
  if (maxAge === undefined) return limits.cacheMaxAge;
  return Math.min(limits.cacheMaxAge, Math.max(limits.cooldown, maxAge * 1000));
}
