/**
 * Reading the compact serialization (RFC 7515 §7.1): `BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)`.
 * This is verify step 1 of API.md, shared by `decode`, `verifyJWS` and `verify`. Everything here is a
 * question of form, answered with `ERR_JWT_MALFORMED` before any key or cryptography is involved.
 */
import { JWTMalformed } from "../errors.js";
import { decodeBase64url } from "../bytes/base64url.js";
import { decodeUtf8 } from "../bytes/utf8.js";
import { JSONError, parseJSONObject } from "../bytes/json.js";
import type { JWSHeader } from "../keys/types.js";

/** The longest token `verify` and `decode` read unless told otherwise, in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 65536;

/** A compact JWS whose form is valid; nothing about it is verified yet. */
export interface CompactJWS {
  readonly header: JWSHeader;
  /** The header's JSON text, as the token spells it. */
  readonly headerText: string;
  /** The payload bytes (RFC 7515 §5.2 step 6). */
  readonly payload: Uint8Array;
  /** `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers (RFC 7515 §5.2 step 8). */
  readonly signingInput: string;
  readonly signature: Uint8Array;
}

/** The UTF-8 text of a header or payload. @throws JWTMalformed */
export function textOf(bytes: Uint8Array, what: string): string {
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new JWTMalformed(`the ${what} is not valid UTF-8`);
  return text;
}

/** A header or claims set: a JSON object without duplicate member names. @throws JWTMalformed */
export function jsonObjectOf(text: string, what: string): Record<string, unknown> {
  try {
    return parseJSONObject(text);
  } catch (cause) {
    if (cause instanceof JSONError) throw new JWTMalformed(`the ${what} is not a valid JSON object: ${cause.message}`);
    throw new JWTMalformed(`the ${what} could not be read`, { cause });
  }
}

/** One part of the token, strictly decoded. @throws JWTMalformed */
function partOf(token: string, start: number, end: number, what: string): Uint8Array {
  const bytes = decodeBase64url(token.slice(start, end));
  if (bytes === undefined) throw new JWTMalformed(`the ${what} is not strict base64url (RFC 7515 §2)`);
  return bytes;
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
  const headerText = textOf(partOf(token, 0, first, "header"), "header"); // RFC 7515 §5.2 steps 2-3
  const header = jsonObjectOf(headerText, "header"); // RFC 7515 §5.2 step 4
  const payload = partOf(token, first + 1, second, "payload");
  const signature = partOf(token, second + 1, token.length, "signature");
  if (typeof header.alg !== "string") throw new JWTMalformed('the header must have an "alg" string (RFC 7515 §4.1.1)');
  return { header: header as JWSHeader, headerText, payload, signingInput: token.slice(0, second), signature };
}
