/**
 * UTF-8 (RFC 3629) through the web-standard TextEncoder/TextDecoder.
 * Decoding is fatal: a JOSE header or a JWT payload that is not valid UTF-8 is malformed (RFC 7515 §5.2 step 4),
 * and a byte-order mark is kept (then refused by JSON) instead of being silently skipped.
 *
 * The binary-string forms (one character per byte, see `base64url.ts`) take a shortcut for ASCII, which is
 * nearly every token: ASCII bytes and their UTF-8 text are the same string, so nothing is copied.
 */
import { binaryOfBytes, bytesOfBinary } from "./base64url.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const NOT_ASCII = /[^\x00-\x7f]/;

/** The UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text of UTF-8 `bytes`, or `undefined` when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The UTF-8 bytes of `text` as a binary string (one character per byte). */
export function utf8Binary(text: string): string {
  return NOT_ASCII.test(text) ? binaryOfBytes(encodeUtf8(text)) : text;
}

/** The text of UTF-8 bytes given as a binary string, or `undefined` when they are not valid UTF-8. */
export function textOfUtf8Binary(binary: string): string | undefined {
  return NOT_ASCII.test(binary) ? decodeUtf8(bytesOfBinary(binary)) : binary;
}
