/**
 * Standard base64 (RFC 4648 §4), hand-written: the alphabet `A-Z a-z 0-9 + /` WITH `=` padding, as PEM
 * bodies use it (RFC 7468 §3). Not to be confused with base64url (`base64url.ts`), which JWS uses.
 *
 * Encoding writes the padded form (`encodeBase64`), for `encodePEM`.
 * Decoding is strict; the PEM layer removes line breaks and other whitespace before calling it:
 * - only alphabet characters, then at most two `=` at the very end (RFC 4648 §3.3: reject non-alphabet characters);
 * - a length that is a multiple of 4, padding included (RFC 4648 §4);
 * - the unused low bits of the last character before the padding must be zero (RFC 4648 §3.5).
 */

import { decodeDigits } from "./base64url.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Character code → 6-bit value, or -1 for a character outside the alphabet (`=` included). */
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes strict padded base64 (see the rules at the top of this file).
 * Returns `undefined` for any text that breaks them, so the caller can raise the error that fits its layer.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  // The digits end where the padding starts; any other "=" is outside the alphabet, so refused.
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return decodeDigits(text, text.length - padding, VALUE_OF);
}

/** Encodes bytes as padded base64 (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n = (bytes[i]! << 16) | ((rest > 1 ? bytes[i + 1]! : 0) << 8) | (rest > 2 ? bytes[i + 2]! : 0);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
    out += rest > 1 ? ALPHABET[(n >>> 6) & 63]! : "=";
    out += rest > 2 ? ALPHABET[n & 63]! : "=";
  }
  return out;
}
