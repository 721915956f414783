/**
 * Reading the compact serialization (RFC 7515 §7.1): `BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)`.
 * This is verify step 1 of API.md, shared by `decode`, `verifyJWS` and `verify`. Everything here is a
 * question of form, answered with `ERR_JWT_MALFORMED` before any key or cryptography is involved.
 */
import { JWTMalformed } from "../errors.js";
import { bytesOfBinary, decodeBase64urlBinary } from "../bytes/base64url.js";
import { textOfUtf8Binary } from "../bytes/utf8.js";
import { JSONError, parseJSONObject } from "../bytes/json.js";
import type { JWSHeader } from "../keys/types.js";

/** The longest token `verify` and `decode` read unless told otherwise, in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 65536;

/** A compact JWS whose form is valid; nothing about it is verified yet. */
export interface CompactJWS {
  readonly header: JWSHeader;
  /** The header's JSON text, as the token spells it. */
  readonly headerText: string;
  /** The payload bytes (RFC 7515 §5.2 step 6), as a binary string (one character per byte, see `bytes/base64url.ts`). */
  readonly payloadBinary: string;
  /** `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers (RFC 7515 §5.2 step 8). */
  readonly signingInput: string;
  readonly signature: Uint8Array;
}

/** The UTF-8 text of a header or payload given as a binary string. @throws JWTMalformed */
export function textOf(binary: string, what: string): string {
  const text = textOfUtf8Binary(binary);
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

/**
 * Header texts already read in full, by their base64url spelling: tokens from one issuer share one header, so
 * a verifier reads it strictly (base64url, UTF-8, no duplicate member) once, then only `JSON.parse`s it, which
 * gives each caller its own object. The same text always passes the same checks, so nothing is skipped that
 * could fail. Bounded: at most `MAX_HEADERS` entries of up to `MAX_HEADER_LENGTH` characters, oldest out first.
 */
const knownHeaders = new Map<string, string>();
const MAX_HEADERS = 64;
const MAX_HEADER_LENGTH = 512;

/** The header's text and object. @throws JWTMalformed */
function readHeader(encoded: string): [text: string, header: Record<string, unknown>] {
  const known = knownHeaders.get(encoded);
  if (known !== undefined) return [known, JSON.parse(known) as Record<string, unknown>];
  const text = textOf(partOf(encoded, 0, encoded.length, "header"), "header"); // RFC 7515 §5.2 steps 2-3
  const header = jsonObjectOf(text, "header"); // RFC 7515 §5.2 step 4; throws before the text is remembered
  if (encoded.length <= MAX_HEADER_LENGTH) {
    if (knownHeaders.size >= MAX_HEADERS) knownHeaders.delete(knownHeaders.keys().next().value!);
    knownHeaders.set(encoded, text);
  }
  return [text, header];
}

/** One part of the token, strictly decoded, as a binary string. @throws JWTMalformed */
function partOf(token: string, start: number, end: number, what: string): string {
  const binary = decodeBase64urlBinary(token.slice(start, end));
  if (binary === undefined) throw new JWTMalformed(`the ${what} is not strict base64url (RFC 7515 §2)`);
  return binary;
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
  const [headerText, header] = readHeader(token.slice(0, first)); // RFC 7515 §5.2 steps 2-4
  const payloadBinary = partOf(token, first + 1, second, "payload");
  const signature = bytesOfBinary(partOf(token, second + 1, token.length, "signature"));
  if (typeof header.alg !== "string") throw new JWTMalformed('the header must have an "alg" string (RFC 7515 §4.1.1)');
  return { header: header as JWSHeader, headerText, payloadBinary, signingInput: token.slice(0, second), signature };
}
