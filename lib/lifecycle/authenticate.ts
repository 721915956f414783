/**
 * authenticate and createAuthenticator: the guard of a resource server for fetch-style requests (`Request` in
 * workers, Deno, Bun, Node's own fetch servers). It reads the Bearer token (RFC 6750 §2.1), verifies it as an
 * access token of RFC 9068 §4 (header `typ: at+jwt`, the issuer, this server's audience, the signature, the time
 * claims, revocation) and checks the scopes the resource requires; any failure becomes an `AuthenticationError`
 * carrying the HTTP status and the `WWW-Authenticate` challenge (RFC 6750 §3).
 */
import { InvalidArgument, JWTClaimInvalid, JWTError } from "../errors.js";
import { invalidArgument, readOptions, readSafely } from "../arguments.js";
import type { KeyLike, KeyResolver } from "../keys/types.js";
import { createVerifier, type VerifierOptions } from "../jwt/verify.js";
import { bearer, malformedRequest } from "./bearer.js";
import { AuthenticationError } from "./challenge.js";
import { missingScopes, readScope } from "./scope.js";
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims } from "./tokens.js";

/** Anything with `headers.get(name)`: a `Request`, or an adapter over another server's request. */
export interface RequestLike {
  /** The request's headers; only `authorization` is read. */
  headers: { get(name: string): string | null };
  /**
   * The request's URL (absolute, or a path with its query), when known: a Bearer header together with an
   * `access_token` query parameter is two methods at once, refused as `invalid_request` (RFC 6750 §2, §3.1).
   */
  url?: string;
}

/** The options of `authenticate` and `createAuthenticator`: verify's, plus the resource's own. */
export interface AuthenticateOptions extends VerifierOptions {
  /** The expected `iss` (RFC 9068 §4: MUST be checked). Required. */
  issuer: string | readonly string[];
  /** This resource server's identifier; the token's `aud` must hold it (RFC 9068 §4: MUST be checked). Required. */
  audience: string | readonly string[];
  /** The expected header `typ`, default `"at+jwt"` (RFC 9068 §4), which refuses refresh and ID tokens. */
  typ?: string;
  /** The scopes the resource requires: every one must be in the token's `scope` claim, else 403 `insufficient_scope`. */
  scope?: string | readonly string[];
  /** The `realm` of the challenge (default `"api"`). */
  realm?: string;
}

const AUTHENTICATE_OPTIONS: ReadonlySet<string> = new Set([
  "algorithms", "critical", "maxTokenLength", "issuer", "audience", "subject", "typ", "clockTolerance", "maxTokenAge",
  "requiredClaims", "isRevoked", "now", "cache", "scope", "realm",
]);

/** The checked options: how to verify, and what to require afterwards. */
interface Guard {
  readonly verify: (token: string) => Promise<{ payload: AccessTokenClaims }>;
  readonly scope: readonly string[];
  readonly challengeOptions: { realm?: string; scope?: string };
}

function readGuard(key: KeyLike | KeyResolver, options: unknown, fn: string): Guard {
  return readSafely(() => {
    const opts = readOptions<AuthenticateOptions>(options, fn, AUTHENTICATE_OPTIONS);
    if (opts.issuer === undefined) throw new InvalidArgument(`${fn} needs issuer: RFC 9068 §4 requires the issuer to be checked`);
    if (opts.audience === undefined) throw new InvalidArgument(`${fn} needs audience: RFC 9068 §4 requires the audience to be checked`);
    const { scope, realm, ...verifierOptions } = opts;
    const required = readScope(scope);
    if (realm !== undefined && typeof realm !== "string") throw new InvalidArgument("realm must be a string");
    // RFC 9068 §4: the typ is checked, at+jwt unless told otherwise (an explicit undefined does not switch it off).
    const verify = createVerifier<AccessTokenClaims>(key, { ...verifierOptions, typ: verifierOptions.typ ?? ACCESS_TOKEN_TYPE });
    const challengeOptions = { ...(realm === undefined ? {} : { realm }), ...(required === undefined ? {} : { scope: required }) };
    return { verify, scope: required === undefined ? [] : required.split(" "), challengeOptions };
  }, invalidArgument);
}

/** RFC 9068 §2.2.3: `scope` is a space-separated string; every required scope must be in it. */
function checkScope(payload: AccessTokenClaims, required: readonly string[]): void {
  if (required.length === 0) return;
  const missing = missingScopes(payload.scope, required);
  if (missing.length > 0) throw new JWTClaimInvalid(`the token lacks the scope ${missing.join(" ")}`, "scope", payload);
}

/** Whether a URL's query holds an `access_token` parameter (the query method of RFC 6750 §2.3). */
function hasQueryToken(url: unknown): boolean {
  if (typeof url !== "string") return false;
  const start = url.indexOf("?");
  if (start < 0) return false;
  const end = url.indexOf("#", start);
  return new URLSearchParams(url.slice(start + 1, end < 0 ? undefined : end)).has("access_token");
}

async function run(guard: Guard, request: RequestLike): Promise<AccessTokenClaims> {
  const { header, queryToken } = readSafely(() => {
    if (typeof request !== "object" || request === null || typeof request.headers?.get !== "function") {
      throw new InvalidArgument("authenticate needs a Request (or an object with headers.get)");
    }
    return { header: request.headers.get("authorization"), queryToken: hasQueryToken(request.url) };
  }, invalidArgument);
  try {
    const token = bearer(header); // RFC 6750 §2.1: the header method, the only one keycard reads
    if (token === undefined) throw new AuthenticationError(undefined, guard.challengeOptions); // RFC 6750 §3.1
    // RFC 6750 §2: one method per request; a second one is invalid_request (§3.1).
    if (queryToken) {
      throw malformedRequest(
        "the request carries an access token both in the Authorization header and in the access_token query parameter",
        "the request carries an access token in more than one way",
      );
    }
    const { payload } = await guard.verify(token);
    checkScope(payload, guard.scope);
    return payload;
  } catch (error) {
    // Failures of the token become HTTP answers; errors of your own callbacks (isRevoked, a resolver) pass through.
    if (error instanceof AuthenticationError || !(error instanceof JWTError)) throw error;
    if (error.code === "ERR_INVALID_ARGUMENT") throw error;
    throw new AuthenticationError(error, guard.challengeOptions);
  }
}

/**
 * Authenticates a fetch-style request with a Bearer access token (RFC 6750 §2.1, RFC 9068 §4).
 *
 * @param request A `Request`, or any object with `headers.get(name)`.
 * @param key The key or `KeyResolver` (such as `createRemoteJWKSet(...)`) that verifies access tokens.
 * @param options verify's options (`issuer` and `audience` required; `typ` defaults to `"at+jwt"`), plus `scope`
 *   (required scopes), `realm` (default `"api"`) and `cache` (see `createVerifier`).
 * @returns The verified claims.
 * @throws AuthenticationError (a `JWTError` with the code of the failure, `status` 400/401/403, or 500/503 when
 *   the server cannot judge, and `challenge`, the `WWW-Authenticate` value; `toResponse()` builds the answer).
 *   InvalidArgument for bad options; errors of your own callbacks pass through unchanged.
 */
export async function authenticate<P extends object = Record<never, never>>(
  request: RequestLike,
  key: KeyLike | KeyResolver,
  options: AuthenticateOptions,
): Promise<P & AccessTokenClaims> {
  return run(readGuard(key, options, "authenticate"), request) as Promise<P & AccessTokenClaims>;
}

/**
 * `authenticate` with the key and options checked once (a verifier made once, with its optional cache), for a
 * server that authenticates every request: returns `(request) => Promise<claims>`.
 *
 * @throws InvalidArgument at once for bad options.
 */
export function createAuthenticator<P extends object = Record<never, never>>(
  key: KeyLike | KeyResolver,
  options: AuthenticateOptions,
): (request: RequestLike) => Promise<P & AccessTokenClaims> {
  const guard = readGuard(key, options, "createAuthenticator");
  return (request) => run(guard, request) as Promise<P & AccessTokenClaims>;
}
