/**
 * Small checks for the arguments and options of public functions. Each throws `InvalidArgument` with the
 * option's name, so a mistake in a call is reported where it was made, not as a strange verification failure.
 */
import { InvalidArgument, JWTError } from "./errors.js";

/**
 * Whether `value` is an object literal (or `Object.create(null)`): not an array, a class instance or a key.
 * A Proxy whose `getPrototypeOf` trap throws is not one.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  try {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/**
 * Runs `read`, which reads values a caller passed in, and lets only JWTErrors out: anything else it throws (a
 * Proxy trap, a throwing getter, a value with no string form such as a BigInt in a message) becomes the
 * JWTError `fail` makes, with the original as its cause. API.md: no other exception type escapes a public
 * function, for any input. Never wrap a call to the caller's own callbacks in this: their errors pass through.
 */
export function readSafely<T>(read: () => T, fail: (message: string, options: { cause: unknown }) => JWTError): T {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof JWTError) throw cause;
    let reason: string;
    try {
      reason = cause instanceof Error ? String(cause.message) : typeof cause;
    } catch {
      reason = "an unreadable error";
    }
    throw fail(`an argument could not be read: ${reason}`, { cause });
  }
}

/** `readSafely`'s `fail` for options and payloads. */
export function invalidArgument(message: string, options: { cause: unknown }): InvalidArgument {
  return new InvalidArgument(message, options);
}

/**
 * The options object of a public function: `undefined` is `{}`; anything but a plain object is refused, and so
 * is a name the function does not know. A misspelt option (`maxAge` for `maxTokenAge`) would otherwise turn a
 * check off without a word.
 */
export function readOptions<T extends object>(value: unknown, fn: string, known: ReadonlySet<string>): Partial<T> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw new InvalidArgument(`the options of ${fn} must be a plain object`);
  const names = readSafely(() => Object.keys(value), invalidArgument); // a Proxy may throw here
  for (const name of names) {
    if (!known.has(name)) {
      const near = [...known].find((option) => looksLike(name.toLowerCase(), option.toLowerCase()));
      throw new InvalidArgument(`${fn} has no option ${describeValue(name)}${near === undefined ? "" : ` (did you mean ${near}?)`}`);
    }
  }
  return value as Partial<T>;
}

/** Whether a misspelt name probably meant `option`: one is the other with letters left out, or one letter differs. */
function looksLike(name: string, option: string): boolean {
  const [short, long] = name.length <= option.length ? [name, option] : [option, name];
  let matched = 0;
  for (let i = 0; i < long.length && matched < short.length; i++) if (long[i] === short[matched]) matched++;
  if (matched === short.length && short.length >= 3) return true;
  if (name.length !== option.length) return false;
  let differences = 0;
  for (let i = 0; i < name.length; i++) if (name[i] !== option[i]) differences++;
  return differences <= 1;
}

/** An optional string option. */
export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  throw new InvalidArgument(`${name} must be a string`);
}

/** An optional "string or non-empty array of strings" option, as a list. */
export function optionalStringList(value: unknown, name: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) return [...value];
  throw new InvalidArgument(`${name} must be a string or a non-empty array of strings`);
}

/** An optional positive integer option. */
export function optionalPositiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw new InvalidArgument(`${name} must be a positive integer`);
}

/** An optional function option. */
export function optionalFunction<F extends (...args: never[]) => unknown>(value: unknown, name: string): F | undefined {
  if (value === undefined || typeof value === "function") return value as F | undefined;
  throw new InvalidArgument(`${name} must be a function`);
}

/**
 * The `now` option as seconds since the epoch: a `Date` or a number of seconds (RFC 7519 §2 NumericDate).
 * `undefined` means "read the clock at each use".
 */
export function optionalTime(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = value instanceof Date ? value.getTime() / 1000 : value;
  if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0) return seconds;
  throw new InvalidArgument(`${name} must be a valid Date or a number of seconds since the epoch, not before 1970`);
}

/** The current time in seconds since the epoch (fractions kept). */
export function currentTime(): number {
  return Date.now() / 1000;
}

/** A short, safe description of any value for an error message: a quoted string, a number, or its type. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 60) + "..." : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === null ? "null" : typeof value;
}
