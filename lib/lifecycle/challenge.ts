/**
 * challenge and AuthenticationError: how a failed Bearer authentication is answered over HTTP (RFC 6750 §3).
 *
 * Each `JWTError` maps to a status and an RFC 6750 §3.1 error code: no credentials → 401 with a bare challenge;
 * a malformed `Authorization` header → 400 `invalid_request`; a token that fails verification → 401
 * `invalid_token`; a token without the scope required → 403 `insufficient_scope`. A failure on the server's side
 * (its JWK Set cannot be fetched, its key is unusable) is not the client's fault: 503 or 500, no challenge, so a
 * client does not throw away a good token. The `error_description` comes from a fixed table indexed by the code,
 * never from an error's message, which may quote claims, URLs or key details: nothing of a key, a stack or the
 * token reaches the client.
 */
import { InvalidArgument, JWTClaimError, JWTError, type ErrorCode } from "../errors.js";
import { invalidArgument, readSafely } from "../arguments.js";
import { malformedRequestDescription } from "./bearer.js";
import { readScope } from "./scope.js";

/** An RFC 6750 §3.1 error code. */
export type BearerErrorCode = "invalid_request" | "invalid_token" | "insufficient_scope";

/** The options of `challenge`. */
export interface ChallengeOptions {
  /** The protection space (RFC 9110 §11.5), default `"api"`. RFC 6750 §3 needs at least one auth-param. */
  realm?: string;
  /** The scope the resource requires, sent with `insufficient_scope` (RFC 6750 §3). A string or a list. */
  scope?: string | readonly string[];
}

/** How one failure is answered. */
export interface FailureAnswer {
  /** The HTTP status: 400, 401, 403, or 500 / 503 for a failure on the server's side. */
  status: 400 | 401 | 403 | 500 | 503;
  /** The RFC 6750 §3.1 error code; `undefined` for a request without credentials and for server failures. */
  error: BearerErrorCode | undefined;
  /** A short English text for developers, safe to send (RFC 6750 §3 `error_description`). */
  description: string | undefined;
}

// RFC 6750 §3: error and error_description values are within %x20-21 / %x23-5B / %x5D-7E.
const DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  ERR_INVALID_ARGUMENT: "the request could not be judged",
  ERR_JWT_MALFORMED: "the access token is malformed",
  ERR_JWT_HEADER_UNSUPPORTED: "the access token header asks for an unsupported extension",
  ERR_JWT_ALG_NOT_ALLOWED: "the access token algorithm is not accepted",
  ERR_JWT_SIGNATURE_INVALID: "the access token signature is invalid",
  ERR_JWT_EXPIRED: "the access token expired",
  ERR_JWT_NOT_YET_VALID: "the access token is not valid yet",
  ERR_JWT_CLAIM_INVALID: "the access token has a claim that is not accepted",
  ERR_JWT_REVOKED: "the access token has been revoked",
  ERR_KEY_INVALID: "the server cannot verify tokens at the moment",
  ERR_JWKS_NO_MATCHING_KEY: "no key of the issuer verifies the access token",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: "the access token does not name its key",
  ERR_JWKS_FETCH_FAILED: "the server cannot verify tokens at the moment",
  ERR_JWKS_TIMEOUT: "the server cannot verify tokens at the moment",
};

const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/; // RFC 6750 §3
const CLAIM_NAME = /^[A-Za-z0-9_.:+-]{1,40}$/;

/**
 * The status, RFC 6750 error code and safe description for a failure. `undefined` (or a non-JWTError, such as
 * an error of your own store) is answered as a request without credentials would be only when it is `undefined`;
 * anything that is not a `JWTError` is a server failure (500).
 */
export function answerFor(error: unknown): FailureAnswer {
  if (error === undefined) return { status: 401, error: undefined, description: undefined }; // RFC 6750 §3.1: no error code
  if (error instanceof AuthenticationError) return { status: error.status, error: error.error, description: error.description };
  if (!(error instanceof JWTError)) return { status: 500, error: undefined, description: undefined };
  const requestProblem = malformedRequestDescription(error);
  if (requestProblem !== undefined) return { status: 400, error: "invalid_request", description: requestProblem };
  switch (error.code) {
    case "ERR_JWKS_FETCH_FAILED":
    case "ERR_JWKS_TIMEOUT":
      return { status: 503, error: undefined, description: DESCRIPTIONS[error.code] };
    case "ERR_KEY_INVALID":
    case "ERR_INVALID_ARGUMENT":
      return { status: 500, error: undefined, description: DESCRIPTIONS[error.code] };
    case "ERR_JWT_CLAIM_INVALID": {
      const claim = error instanceof JWTClaimError ? error.claim : "";
      if (claim === "scope") {
        return { status: 403, error: "insufficient_scope", description: "the access token lacks the scope this resource requires" };
      }
      const description = CLAIM_NAME.test(claim) ? `the access token claim ${claim} is not accepted` : DESCRIPTIONS[error.code];
      return { status: 401, error: "invalid_token", description };
    }
    default:
      return { status: 401, error: "invalid_token", description: DESCRIPTIONS[error.code] };
  }
}

/** `value` as a quoted-string (RFC 9110 §5.6.4) of the characters RFC 6750 §3 allows, or an InvalidArgument. */
function quoted(value: string, name: string): string {
  if (!QUOTABLE.test(value)) throw new InvalidArgument(`${name} may only hold printable ASCII other than " and \\ (RFC 6750 §3)`);
  return `"${value}"`;
}

function readRealm(realm: unknown): string {
  if (realm === undefined) return "api";
  if (typeof realm !== "string") throw new InvalidArgument("realm must be a string");
  return realm;
}

/**
 * The `WWW-Authenticate` value that answers a failed Bearer authentication (RFC 6750 §3):
 * `Bearer realm="api", error="invalid_token", error_description="the access token expired"`.
 *
 * @param error What went wrong: `undefined` when the request carried no credentials (a bare challenge, RFC 6750
 *   §3.1), a `JWTError` from `bearer`, `verify` or `authenticate`, or an `AuthenticationError`. The description
 *   comes from a fixed table indexed by the error's code, never from its message or stack.
 * @param options `realm` (default `"api"`), `scope` (the scope required, added for `insufficient_scope`).
 * @throws InvalidArgument when `realm` or `scope` holds characters RFC 6750 §3 forbids.
 */
export function challenge(error?: unknown, options?: ChallengeOptions): string {
  const { realm, scope, answer } = readSafely(() => ({
    realm: readRealm(options?.realm), scope: readScope(options?.scope), answer: answerFor(error),
  }), invalidArgument);
  const params = [`realm=${quoted(realm, "realm")}`]; // RFC 6750 §3: one or more auth-params
  if (answer.error !== undefined) {
    params.push(`error="${answer.error}"`);
    if (answer.description !== undefined) params.push(`error_description="${answer.description}"`);
    if (answer.error === "insufficient_scope" && scope !== undefined) params.push(`scope="${scope}"`);
  }
  return `Bearer ${params.join(", ")}`;
}

/**
 * The error `authenticate` rejects with: a `JWTError` with the code of the failure it wraps (`cause`), plus what
 * an HTTP answer needs. `message` is the wrapped error's, for your logs; send `description` (or `toResponse()`)
 * to the client, never `message`.
 */
export class AuthenticationError extends JWTError {
  /** 400, 401, 403; 500 or 503 when the server could not judge the token (RFC 6750 §3.1). */
  readonly status: FailureAnswer["status"];
  /** The RFC 6750 §3.1 error code, `undefined` for a request without credentials or a server failure. */
  readonly error: BearerErrorCode | undefined;
  /** A safe description for the client (from a fixed table, not the message). */
  readonly description: string | undefined;
  /** The `WWW-Authenticate` value for 400/401/403 (RFC 6750 §3); `undefined` for 500 and 503. */
  readonly challenge: string | undefined;
  /** The failure: a `JWTError` from `bearer` or `verify`, or `undefined` when no token was sent. */
  override readonly cause: JWTError | undefined;

  constructor(failure: JWTError | undefined, options?: ChallengeOptions) {
    const answer = answerFor(failure);
    super(failure?.code ?? "ERR_JWT_MALFORMED", failure?.message ?? "the request carries no Bearer token");
    this.cause = failure;
    this.status = answer.status;
    this.error = answer.error;
    this.description = answer.description;
    this.challenge = answer.status >= 500 ? undefined : challenge(failure, options);
  }

  /** The headers of the answer: `WWW-Authenticate` (when there is a challenge) and `Cache-Control: no-store`. */
  get headers(): Record<string, string> {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (this.challenge !== undefined) headers["www-authenticate"] = this.challenge;
    return headers;
  }

  /** The answer as a `Response`: the status, the headers, and a JSON body `{ error, error_description }`. */
  toResponse(): Response {
    const body = { error: this.error ?? (this.status >= 500 ? "server_error" : "unauthorized"), error_description: this.description };
    return new Response(JSON.stringify(body), { status: this.status, headers: { ...this.headers, "content-type": "application/json" } });
  }
}
