/**
 * decode: read a token's header and payload without verifying anything. For routing and debugging only:
 * nothing it returns can be trusted until `verify` has checked it.
 */
import { DEFAULT_MAX_TOKEN_LENGTH, jsonObjectOf, parseCompact, textOf } from "../jws/compact.js";
import type { JWSHeader } from "../keys/types.js";
import type { JWTPayload } from "./claims.js";

export interface DecodedJWT<P = JWTPayload> {
  header: JWSHeader;
  payload: P & JWTPayload;
  signature: Uint8Array;
}

/**
 * Splits and parses a JWT with the same shape checks as verify step 1 (unsecured `alg: none` tokens included).
 * @throws JWTMalformed (synchronously) for anything that is not a well-formed JWT.
 */
export function decode<P = JWTPayload>(token: string): DecodedJWT<P> {
  const jws = parseCompact(token, DEFAULT_MAX_TOKEN_LENGTH);
  const payload = jsonObjectOf(textOf(jws.payloadBinary, "payload"), "payload") as P & JWTPayload;
  return { header: jws.header, payload, signature: jws.signature };
}
