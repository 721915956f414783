/**
 * UTF-8 (RFC 3629) through the web-standard TextEncoder/TextDecoder.
 * Decoding is fatal: a JOSE header or a JWT payload that is not valid UTF-8 is malformed (RFC 7515 §5.2 step 4),
 * and a byte-order mark is kept (then refused by JSON) instead of being silently skipped.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

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
