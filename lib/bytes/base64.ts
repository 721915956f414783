/**
 * Standard base64 (RFC 4648 §4), hand-written: the alphabet `A-Z a-z 0-9 + /` WITH `=` padding, as PEM
 * bodies use it (RFC 7468 §3). Not to be confused with base64url (`base64url.ts`), which JWS uses.
 *
 * Decoding is strict; the PEM layer removes line breaks and other whitespace before calling it:
 * - only alphabet characters, then at most two `=` at the very end (RFC 4648 §3.3: reject non-alphabet characters);
 * - a length that is a multiple of 4, padding included (RFC 4648 §4);
 * - the unused low bits of the last character before the padding must be zero (RFC 4648 §3.5).
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Character code → 6-bit value, or -1 for a character outside the alphabet (`=` included). */
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

function valueAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? VALUE_OF[code]! : -1;
}

/**
 * Decodes strict padded base64 (see the rules at the top of this file).
 * Returns `undefined` for any text that breaks them, so the caller can raise the error that fits its layer.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  const padding = length === 0 ? 0 : text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((length / 4) * 3 - padding);
  const whole = padding === 0 ? length : length - 4; // the last group is decoded apart when padded
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = valueAt(text, i), b = valueAt(text, i + 1), c = valueAt(text, i + 2), d = valueAt(text, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (padding === 2) {
    const a = valueAt(text, whole), b = valueAt(text, whole + 1);
    if ((a | b) < 0 || (b & 0x0f) !== 0) return undefined; // RFC 4648 §3.5: 4 unused bits must be zero
    out[o] = (a << 2) | (b >>> 4);
  } else if (padding === 1) {
    const a = valueAt(text, whole), b = valueAt(text, whole + 1), c = valueAt(text, whole + 2);
    if ((a | b | c) < 0 || (c & 0x03) !== 0) return undefined; // RFC 4648 §3.5: 2 unused bits must be zero
    const n = (a << 10) | (b << 4) | (c >>> 2);
    out[o++] = n >>> 8;
    out[o] = n & 255;
  }
  return out;
}
