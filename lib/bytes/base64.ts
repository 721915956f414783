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

import { bytesOfBinary } from "./base64url.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Decodes strict padded base64 (see the rules at the top of this file).
 * Returns `undefined` for any text that breaks them, so the caller can raise the error that fits its layer.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  // RFC 4648 §3.3 and §4: alphabet characters, a multiple of 4 long, then at most two "=" at the very end.
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const last = text[text.length - 1 - padding];
  // RFC 4648 §3.5: the unused bits of the last digit must be zero (4 of them before "==", 2 before "=").
  if (last !== undefined && padding > 0 && ALPHABET.indexOf(last) & (padding === 2 ? 15 : 3)) return undefined;
  // "=" where a digit must be ("Zg==" is fine, "Z===" is not): atob refuses it.
  try {
    return bytesOfBinary(atob(text));
  } catch {
    return undefined;
  }
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
