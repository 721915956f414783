/**
 * Human-readable times for JWT time claims (NumericDate, RFC 7519 §2): an ISO 8601 date and a phrase relative
 * to now ("expires in 14 min", "expired 3 h ago"). Shared by the `keycard` CLI and the debugger page; not part
 * of the package's exported API.
 */

/** The time claims described, with the phrases for a moment in the future and in the past. */
const PHRASES: Record<string, { future: string; past: string }> = {
  exp: { future: "expires in {}", past: "expired {} ago" },
  nbf: { future: "valid in {}", past: "valid since {} ago" },
  iat: { future: "issued in the future, in {}", past: "issued {} ago" },
  auth_time: { future: "authenticated in the future, in {}", past: "authenticated {} ago" },
};

/** The names of the claims `describeTimeClaim` knows. */
export const TIME_CLAIMS: readonly string[] = Object.keys(PHRASES);

/** A length of time in words, rounded down to its largest unit: "45 s", "14 min", "3 h", "2 days", "3 years". */
export function formatSpan(seconds: number): string {
  const s = Math.floor(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)} h`;
  if (s < 2 * 365.25 * 86400) return `${Math.floor(s / 86400)} days`;
  return `${Math.floor(s / (365.25 * 86400))} years`;
}

/** A NumericDate as an ISO 8601 date in UTC without milliseconds, or `undefined` when it is not a date. */
export function isoDate(seconds: unknown): string | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return undefined;
  const ms = seconds * 1000;
  if (Math.abs(ms) > 8.64e15) return undefined; // outside the range of a Date
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A time claim in words: its ISO date and its phrase relative to now. */
export interface TimeClaimText {
  /** `"2026-11-29T19:15:00Z"` */
  date: string;
  /** `"expires in 14 min"`, `"expired 3 h ago"`, `"issued 2 min ago"`... */
  relative: string;
}

/** The parts of `describeTimeClaim`, or `undefined` for another claim or a value that is not a NumericDate. */
export function timeClaimText(name: string, value: unknown, now: number): TimeClaimText | undefined {
  const phrases = Object.hasOwn(PHRASES, name) ? PHRASES[name]! : undefined;
  const date = isoDate(value);
  if (phrases === undefined || date === undefined) return undefined;
  const delta = (value as number) - now;
  return { date, relative: (delta > 0 ? phrases.future : phrases.past).replace("{}", formatSpan(delta)) };
}

/**
 * `"2026-11-29T19:15:00Z, expires in 14 min"` for `exp` (and likewise `nbf`, `iat`, `auth_time`), judged at
 * `now` (seconds since the epoch). `undefined` for another claim or a value that is not a NumericDate.
 */
export function describeTimeClaim(name: string, value: unknown, now: number): string | undefined {
  const text = timeClaimText(name, value, now);
  return text === undefined ? undefined : `${text.date}, ${text.relative}`;
}
