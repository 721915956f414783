/**
 * The refresh token in a cookie, as the guide advises rather than localStorage: `HttpOnly` (no script reads it,
 * so an XSS cannot steal it), `Secure` (never sent in clear), `SameSite=Strict` (never sent by another site's
 * request) and `Path=` the refresh endpoint (never sent to the API). RFC 6265 §4.1 for `Set-Cookie`; reading a
 * `Cookie` header follows RFC 6265 §5.4 / §4.2.1 and is built for hostile input: no object is built from the
 * header (no prototype pollution), one linear pass, and a name that appears twice with different values is
 * refused rather than guessed (a cookie planted by a sibling subdomain, "cookie tossing").
 */
import { InvalidArgument, JWTMalformed } from "../errors.js";
import { currentTime, readOptions } from "../arguments.js";
import { parseDuration, type Duration } from "../duration.js";
import { decode } from "../jwt/decode.js";

/** The options of `refreshCookie` and `clearRefreshCookie`. */
export interface RefreshCookieOptions {
  /** The path of the refresh (and logout) endpoints, such as `"/auth"`. Required: the cookie goes nowhere else. */
  path: string;
  /** The cookie's name (default `"__Secure-refresh"`; the `__Secure-` prefix makes browsers insist on `Secure`). */
  name?: string;
  /** `Max-Age` (default: until the token's `exp`, read from the token; a session cookie when it has none). */
  maxAge?: Duration;
  /** `Domain` (default: none, the host only, which is the safest). */
  domain?: string;
}

/** The default cookie name. */
export const REFRESH_COOKIE_NAME = "__Secure-refresh";

const COOKIE_OPTIONS: ReadonlySet<string> = new Set(["path", "name", "maxAge", "domain"]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 6265 §4.1.1 cookie-name = token (RFC 2616 §2.2)
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/; // RFC 6265 §4.1.1 cookie-octet
const ATTRIBUTE_VALUE = /^[\x20-\x3a\x3c-\x7e]+$/; // RFC 6265 §4.1.1 path-value / domain: no CTL, no ";"

interface CookieSettings {
  name: string;
  path: string;
  domain: string | undefined;
  maxAge: number | undefined;
}

function readCookieOptions(options: unknown, fn: string): CookieSettings {
  const opts = readOptions<RefreshCookieOptions>(options, fn, COOKIE_OPTIONS);
  const name = opts.name ?? REFRESH_COOKIE_NAME;
  if (typeof name !== "string" || !TOKEN.test(name)) throw new InvalidArgument("name must be a cookie name (an RFC 9110 token)");
  const path = opts.path;
  if (typeof path !== "string" || !path.startsWith("/") || !ATTRIBUTE_VALUE.test(path)) {
    throw new InvalidArgument('path is required: the path of the refresh endpoint, starting with "/" (no ";" or control characters)');
  }
  if (opts.domain !== undefined && (typeof opts.domain !== "string" || !ATTRIBUTE_VALUE.test(opts.domain))) {
    throw new InvalidArgument("domain must be a host name");
  }
  if (name.startsWith("__Host-") && (path !== "/" || opts.domain !== undefined)) {
    throw new InvalidArgument('a "__Host-" cookie must have Path=/ and no Domain: use the default "__Secure-" name with a refresh path');
  }
  return { name, path, domain: opts.domain, maxAge: opts.maxAge === undefined ? undefined : Math.floor(parseDuration(opts.maxAge, "maxAge")) };
}

/** The seconds until the `exp` of a JWT, read without verifying it (it is ours, just signed), or undefined. */
function secondsToExpiry(token: string): number | undefined {
  try {
    const { exp } = decode(token).payload;
    return typeof exp === "number" && Number.isFinite(exp) ? Math.max(0, Math.floor(exp - currentTime())) : undefined;
  } catch {
    return undefined; // not a JWT: a session cookie
  }
}

function serialize(name: string, value: string, settings: CookieSettings, maxAge: number | undefined): string {
  const parts = [`${name}=${value}`, `Path=${settings.path}`];
  if (settings.domain !== undefined) parts.push(`Domain=${settings.domain}`);
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  if (maxAge === 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT"); // for clients that ignore Max-Age=0
  parts.push("HttpOnly", "Secure", "SameSite=Strict");
  return parts.join("; ");
}

/**
 * The `Set-Cookie` value that stores a refresh token: `name=token; Path=<path>; Max-Age=...; HttpOnly; Secure;
 * SameSite=Strict` (RFC 6265 §4.1).
 *
 * @param refreshToken The token (its characters must be cookie-octets, as a JWT's are).
 * @param options `path` (required), `name` (`"__Secure-refresh"`), `maxAge` (until the token's `exp`), `domain`.
 * @throws InvalidArgument for a bad option or a token that cannot be a cookie value.
 */
export function refreshCookie(refreshToken: string, options: RefreshCookieOptions): string {
  const settings = readCookieOptions(options, "refreshCookie");
  if (typeof refreshToken !== "string" || refreshToken === "" || !COOKIE_OCTETS.test(refreshToken)) {
    throw new InvalidArgument("the refresh token must be a non-empty string of cookie characters (RFC 6265 §4.1.1)");
  }
  return serialize(settings.name, refreshToken, settings, settings.maxAge ?? secondsToExpiry(refreshToken));
}

/**
 * The `Set-Cookie` value that deletes the refresh cookie (logout): same name, path and domain, empty, `Max-Age=0`.
 *
 * @throws InvalidArgument for a bad option.
 */
export function clearRefreshCookie(options: RefreshCookieOptions): string {
  const settings = readCookieOptions(options, "clearRefreshCookie");
  return serialize(settings.name, "", settings, 0);
}

/**
 * The value of the cookie `name` in a `Cookie` request header (RFC 6265 §5.4, §4.2.1), or `undefined` when it
 * is not there. Pairs are split on `;`, spaces around them ignored, a value in double quotes unquoted, pairs
 * without `=` skipped; nothing is decoded.
 *
 * @param cookieHeader The header's value (`request.headers.get("cookie")`, `req.headers.cookie`), or null/undefined.
 * @param name The cookie's name (default `"__Secure-refresh"`).
 * @throws JWTMalformed (`ERR_JWT_MALFORMED`) when the cookie appears twice with different values, or its value
 *   holds characters a cookie value may not; InvalidArgument when an argument is not a string.
 */
export function readCookie(cookieHeader: string | null | undefined, name: string = REFRESH_COOKIE_NAME): string | undefined {
  if (typeof name !== "string" || !TOKEN.test(name)) throw new InvalidArgument("name must be a cookie name (an RFC 9110 token)");
  if (cookieHeader === undefined || cookieHeader === null) return undefined;
  if (typeof cookieHeader !== "string") throw new InvalidArgument("the Cookie header must be a string, null or undefined");
  let found: string | undefined;
  let start = 0;
  while (start <= cookieHeader.length) {
    let end = cookieHeader.indexOf(";", start);
    if (end < 0) end = cookieHeader.length;
    const pair = cookieHeader.slice(start, end);
    start = end + 1;
    const equals = pair.indexOf("=");
    if (equals < 0) continue; // RFC 6265 §5.2: a pair without "=" is ignored
    if (pair.slice(0, equals).trim() !== name) continue;
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1); // RFC 6265 §4.1.1
    if (!COOKIE_OCTETS.test(value)) throw new JWTMalformed(`the cookie ${name} holds characters a cookie value may not (RFC 6265 §4.1.1)`);
    if (found !== undefined && found !== value) {
      throw new JWTMalformed(`the cookie ${name} appears twice with different values: refused rather than guessed`);
    }
    found = value;
  }
  return found === "" ? undefined : found;
}
