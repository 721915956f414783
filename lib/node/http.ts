/**
 * keycard/node: the Bearer guard as a `(req, res, next)` middleware for node:http, Express and Connect, the shape
 * of the guide's own `authenticate` example. It adapts Node's `IncomingMessage` to `createAuthenticator` (RFC 6750
 * §2.1, RFC 9068 §4), sets `req.user` to the verified claims and calls `next()`; a failure is answered with its
 * status, the `WWW-Authenticate` challenge (RFC 6750 §3), `Cache-Control: no-store` and a JSON body
 * `{ error, error_description }` that holds nothing of a key, a token or a stack.
 *
 * It imports keycard through the Node.js entry (./index.js), so the node:crypto backend is installed even when an
 * application imports only "keycard/node".
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  AuthenticationError,
  InvalidArgument,
  createAuthenticator,
  type AccessTokenClaims,
  type AuthenticateOptions,
  type KeyLike,
  type KeyResolver,
  type RequestLike,
} from "./index.js";

/** The options of `authMiddleware`: those of `authenticate`, plus how the middleware reports. */
export interface AuthMiddlewareOptions extends AuthenticateOptions {
  /** The request property that receives the claims (default `"user"`). */
  property?: string;
  /**
   * Called instead of the default answer when authentication fails, with the `AuthenticationError`. For logging
   * or your own error format; it must answer the request (or call `next(error)`).
   */
  onError?: (error: AuthenticationError, req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;
}

/** A request after the middleware let it through: `req.user` (or your `property`) holds the claims. */
export type AuthenticatedRequest<P extends object = Record<never, never>> = IncomingMessage & { user: P & AccessTokenClaims };

/** The middleware: for Express and Connect with `next`; for node:http, await it (claims, or `undefined` once answered). */
export type AuthMiddleware<P extends object> = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<(P & AccessTokenClaims) | undefined>;

/** Node's headers as `headers.get`: several `Authorization` headers are joined as `Headers` does, which `bearer` refuses. */
function requestOf(req: IncomingMessage): RequestLike {
  return {
    ...(typeof req.url === "string" ? { url: req.url } : {}), // RFC 6750 §2: a token in the query too is refused
    headers: {
      get(name) {
        const values = req.headersDistinct?.[name.toLowerCase()]; // Node drops duplicate Authorization headers in req.headers
        if (values !== undefined) return values.join(", ");
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}

/** Splits and checks the middleware's own options; a Proxy or a throwing getter is ERR_INVALID_ARGUMENT. */
function readMiddlewareOptions(options: unknown): { property: string; onError: AuthMiddlewareOptions["onError"]; authenticateOptions: AuthenticateOptions } {
  let read;
  try {
    if (typeof options !== "object" || options === null) throw new InvalidArgument("authMiddleware needs options: { issuer, audience, ... }");
    const { property = "user", onError, ...authenticateOptions } = options as AuthMiddlewareOptions;
    read = { property, onError, authenticateOptions: authenticateOptions as AuthenticateOptions };
  } catch (cause) {
    if (cause instanceof InvalidArgument) throw cause;
    throw new InvalidArgument("the options of authMiddleware could not be read", { cause });
  }
  if (typeof read.property !== "string" || read.property === "") throw new InvalidArgument("property must be a non-empty string");
  // Setting req.__proto__ (or constructor) to the claims would change what the request object is.
  if (read.property === "__proto__" || read.property === "constructor") throw new InvalidArgument(`property must not be "${read.property}": use a plain name such as "user"`);
  if (read.onError !== undefined && typeof read.onError !== "function") throw new InvalidArgument("onError must be a function");
  return read;
}

/** The default answer to a failure: status, challenge, no-store, `{ error, error_description }`. */
function answer(error: AuthenticationError, res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: error.error ?? (error.status >= 500 ? "server_error" : "unauthorized"), error_description: error.description });
  res.writeHead(error.status, { ...error.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A middleware that admits requests with a valid Bearer access token (RFC 6750, RFC 9068 §4).
 *
 *     app.use(authMiddleware(createRemoteJWKSet(jwksURL), { issuer, audience: "orders-api" }));
 *     app.get("/orders", (req, res) => res.json({ for: req.user.sub }));
 *
 * With `next` (Express, Connect): on success sets `req.user` and calls `next()`; on failure answers the request
 * (or calls `onError`); any other error (your store, your `isRevoked`) goes to `next(error)`. Without `next`
 * (plain node:http): resolves to the claims, or to `undefined` once it has answered the failure; other errors
 * reject.
 *
 * @param key The key or `KeyResolver` that verifies access tokens.
 * @param options `authenticate`'s (`issuer` and `audience` required, `typ` `"at+jwt"`, `scope`, `realm`, `cache`),
 *   plus `property` (`"user"`) and `onError`.
 * @throws InvalidArgument at once for bad options.
 */
export function authMiddleware<P extends object = Record<never, never>>(
  key: KeyLike | KeyResolver,
  options: AuthMiddlewareOptions,
): AuthMiddleware<P> {
  const { property, onError, authenticateOptions } = readMiddlewareOptions(options);
  const authenticate = createAuthenticator<P>(key, authenticateOptions);
  return async (req, res, next) => {
    let claims: P & AccessTokenClaims;
    try {
      claims = await authenticate(requestOf(req));
    } catch (error) {
      if (error instanceof AuthenticationError) {
        if (onError !== undefined) onError(error, req, res, next);
        else answer(error, res);
        return undefined;
      }
      if (next === undefined) throw error;
      next(error);
      return undefined;
    }
    (req as unknown as Record<string, unknown>)[property] = claims;
    next?.();
    return claims;
  };
}
