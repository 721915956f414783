/**
 * Durations, as API.md fixes them for every option that takes one (token lifetimes, clock tolerance,
 * JWKS timings): a number of seconds (finite, at least 0, fractions allowed) or a string with one unit,
 * such as "500ms", "90s", "15m", "1h", "7d" or "2 weeks". A string without a unit is refused: "60" could
 * mean seconds or milliseconds depending on which library one learned first.
 */
import { InvalidArgument } from "./errors.js";

/** A number of seconds, or a string such as `"15m"`. */
export type Duration = number | string;

const SECOND = 1, MINUTE = 60, HOUR = 3600, DAY = 86400;

const UNITS: Record<string, number> = {
  ms: 0.001, msec: 0.001, msecs: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: SECOND, sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY,
  w: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY,
  y: 365.25 * DAY, yr: 365.25 * DAY, yrs: 365.25 * DAY, year: 365.25 * DAY, years: 365.25 * DAY,
};

const PATTERN = /^(\d+(?:\.\d+)?|\.\d+) ?([a-z]+)$/;

/**
 * The duration `value` in seconds.
 * @param name The option's name, for the error message.
 * @throws InvalidArgument for anything that is not a duration.
 */
export function parseDuration(value: unknown, name: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new InvalidArgument(`${name} must be a finite number of seconds, at least 0; got ${String(value)}`);
  }
  if (typeof value === "string") {
    const match = PATTERN.exec(value.trim());
    const unit = match !== null && Object.hasOwn(UNITS, match[2]!) ? UNITS[match[2]!]! : undefined;
    const seconds = match !== null && unit !== undefined ? Number(match[1]) * unit : NaN;
    // A string of 400 digits reads as Infinity: a duration must be finite, whichever way it is written.
    if (Number.isFinite(seconds)) return seconds;
    throw new InvalidArgument(
      `${name} must be a number of seconds or a string with a unit such as "500ms", "90s", "15m", "1h", "7d" ` +
        `or "2 weeks"; got ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`,
    );
  }
  throw new InvalidArgument(`${name} must be a duration (seconds, or a string such as "15m"); got ${typeof value}`);
}
