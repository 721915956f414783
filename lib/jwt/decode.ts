/**
 * decode: read a token's header and payload without verifying anything. For routing and debugging only:
 * nothing it returns can be trusted until `verify` has checked it.
 */
import { DEFAULT_MAX_TOKEN_LENGTH, jsonObjectOf, parseCompact, textOf } from "../jws/compact.js";
import type { JWSHeader } from "../keys/types.js";
import type { JWTPayload } from "./claims.js";

/** What `decode` returns: the parts of a token, none of them verified. */
export interface DecodedJWT<P = JWTPayload> {
  /** The protected header (RFC 7515 §4), unverified. */
  header: JWSHeader;
  /** The claims set (RFC 7519 §4), unverified. */
  payload: P & JWTPayload;
  /** The signature bytes (RFC 7515 §2, "JWS Signature"), unchecked. */
  signature: Uint8Array;
}

/**
 * Splits and parses a JWT with the same shape checks as verify step 1 (RFC 7515 §5.2 steps 1-4, RFC 7519 §7.2
 * step 10), verifying nothing: for routing and debugging, never for deciding. Reads unsecured (`alg: none`)
 * tokens too. Synchronous.
 * @throws JWTMalformed (synchronously) for anything that is not a well-formed JWT, a non-string included.
 * @example
 * const { header, payload } = decode(token); // header.kid tells which key to fetch; trust nothing yet
 */
export function decode<P = JWTPayload>(token: string): DecodedJWT<P> {
  const jws = parseCompact(token, DEFAULT_MAX_TOKEN_LENGTH);
  const payload = jsonObjectOf(textOf(jws.payloadBinary, "payload"), "payload") as P & JWTPayload;
  return { header: jws.header, payload, signature: jws.signature };
}
