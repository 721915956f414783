/**
 * bearer: the access token of an `Authorization` request header, read as RFC 6750 §2.1 writes it:
 *
 *     b64token    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 *     credentials = "Bearer" 1*SP b64token
 *
 * The scheme is compared without case (RFC 9110 §11.1). Three outcomes, kept apart because HTTP answers them
 * differently (RFC 6750 §3.1): no Bearer credentials at all (no header, or another scheme such as Basic) is
 * `undefined`, answered 401 without an error code; a header that names Bearer but breaks the grammar is a
 * malformed request, answered 400 `invalid_request`; otherwise the token, which verify then judges.
 */
import { InvalidArgument, JWTMalformed } from "../errors.js";

// RFC 6750 §2.1: the b64token alphabet, with "=" only at the end.
const CREDENTIALS = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: +([A-Za-z0-9\-._~+/]+=*))?$/;
// RFC 9110 §5.6.2: the auth-scheme is a token.
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The errors raised for a malformed request (by `bearer`, or by `authenticate` for two methods at once), with the
 * safe description the client gets, so that `challenge` can tell a malformed request (400 `invalid_request`) from
 * a malformed token (401 `invalid_token`) without a property on the error that a caller might set or forge.
 */
const requestErrors = new WeakMap<object, string>();

const BAD_HEADER = "the Authorization header is not a valid Bearer credential";

/**
 * The description (for `error_description`) of an error raised for a malformed request (RFC 6750 §3.1
 * `invalid_request`), or `undefined` for any other error.
 */
export function malformedRequestDescription(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? requestErrors.get(error) : undefined;
}

/**
 * A malformed-request error (RFC 6750 §3.1 `invalid_request`): a `JWTMalformed` with `message` for the logs,
 * and `description` (printable ASCII without `"` or `\`, RFC 6750 §3) for the client.
 */
export function malformedRequest(message: string, description: string = BAD_HEADER): JWTMalformed {
  const error = new JWTMalformed(message);
  requestErrors.set(error, description);
  return error;
}

/**
 * The Bearer token of an `Authorization` header value (RFC 6750 §2.1).
 *
 * @param authorizationHeader The header's value, as `request.headers.get("authorization")` or Node's
 *   `req.headers.authorization` give it: `null`, `undefined` or `""` when the request has none. Several headers
 *   joined by `", "` (what `Headers` does with duplicates) are malformed.
 * @returns The token, or `undefined` when the request carries no Bearer credentials (no header, or another
 *   scheme such as `Basic`): RFC 6750 §3.1 answers that with a bare challenge, no error code.
 * @throws JWTMalformed (`ERR_JWT_MALFORMED`) when the header names the Bearer scheme but is not
 *   `Bearer 1*SP b64token`, or is not an auth-scheme at all; `challenge` turns it into `invalid_request`.
 * @throws InvalidArgument when `authorizationHeader` is not a string, `null` or `undefined`.
 */
export function bearer(authorizationHeader: string | null | undefined): string | undefined {
  if (authorizationHeader === undefined || authorizationHeader === null || authorizationHeader === "") return undefined;
  if (typeof authorizationHeader !== "string") throw new InvalidArgument("the Authorization header must be a string, null or undefined");
  const match = CREDENTIALS.exec(authorizationHeader);
  if (match === null) {
    const space = authorizationHeader.indexOf(" ");
    const scheme = space < 0 ? authorizationHeader : authorizationHeader.slice(0, space);
    // Another scheme's credentials are not ours to judge (RFC 6750 §3.1: "an unsupported authentication method").
    if (SCHEME.test(scheme) && scheme.toLowerCase() !== "bearer") return undefined;
    throw malformedRequest(
      scheme.toLowerCase() === "bearer"
        ? "the Authorization header is not \"Bearer <token>\": RFC 6750 §2.1 allows spaces, then one b64token (letters, digits, - . _ ~ + /, then =)"
        : "the Authorization header does not start with an authentication scheme",
    );
  }
  if (match[1]!.toLowerCase() !== "bearer") return undefined; // RFC 9110 §11.1: the scheme is case-insensitive
  if (match[2] === undefined) throw malformedRequest("the Authorization header says Bearer but carries no token");
  return match[2];
}
