/**
 * Reading the compact serialization (RFC 7515 §7.1): `BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)`.
 * This is verify step 1 of API.md, shared by `decode`, `verifyJWS` and `verify`. Everything here is a
 * question of form, answered with `ERR_JWT_MALFORMED` before any key or cryptography is involved.
 */
import { JWTMalformed } from "../errors.js";
import { decodeBase64url, isBase64url } from "../bytes/base64url.js";
import { decodeUtf8 } from "../bytes/utf8.js";
import { JSONError, parseJSONObject } from "../bytes/json.js";
import type { JWSHeader } from "../keys/types.js";

/** The longest token `verify` and `decode` read unless told otherwise, in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 65536;

/** A compact JWS whose form is valid; nothing about it is verified yet. */
export interface CompactJWS {
  readonly header: JWSHeader;
  /** The payload, still base64url-encoded (already checked to be strict base64url). */
  readonly encodedPayload: string;
  /** `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers (RFC 7515 §5.2 step 8). */
  readonly signingInput: string;
  readonly signature: Uint8Array;
}

/** Decodes one base64url part holding a JSON object. @throws JWTMalformed */
export function decodeJSONPart(encoded: string, what: string): Record<string, unknown> {
  const bytes = decodeBase64url(encoded);
  if (bytes === undefined) throw new JWTMalformed(`the ${what} is not strict base64url (RFC 7515 §2)`);
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new JWTMalformed(`the ${what} is not valid UTF-8`);
  try {
    return parseJSONObject(text);
  } catch (cause) {
    if (cause instanceof JSONError) throw new JWTMalformed(`the ${what} is not a valid JSON object: ${cause.message}`);
    throw new JWTMalformed(`the ${what} could not be read`, { cause });
  }
}

/**
 * Splits and checks a compact JWS (RFC 7515 §5.2 steps 1-4).
 * @throws JWTMalformed for anything that is not one.
 */
export function parseCompact(token: unknown, maxLength: number): CompactJWS {
  if (typeof token !== "string") throw new JWTMalformed(`a token must be a string; got ${token === null ? "null" : typeof token}`);
  if (token.length > maxLength) throw new JWTMalformed(`the token is longer than maxTokenLength (${maxLength} characters)`);
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  if (second < 0 || token.indexOf(".", second + 1) >= 0) {
    throw new JWTMalformed("a compact JWS has exactly three parts, header.payload.signature (RFC 7515 §7.1)");
  }
  const header = decodeJSONPart(token.slice(0, first), "header"); // RFC 7515 §5.2 steps 2-4
  const encodedPayload = token.slice(first + 1, second);
  if (!isBase64url(encodedPayload)) throw new JWTMalformed("the payload is not strict base64url (RFC 7515 §2)");
  const signature = decodeBase64url(token.slice(second + 1));
  if (signature === undefined) throw new JWTMalformed("the signature is not strict base64url (RFC 7515 §2)");
  if (typeof header.alg !== "string") throw new JWTMalformed('the header must have an "alg" string (RFC 7515 §4.1.1)');
  return { header: header as JWSHeader, encodedPayload, signingInput: token.slice(0, second), signature };
}
