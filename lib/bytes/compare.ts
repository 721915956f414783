/**
 * Constant-time comparison of two byte strings.
 *
 * RFC 7518 §3.2: the comparison of a computed HMAC value to the JWS Signature value MUST be done in a
 * constant-time manner, or an attacker can learn a valid MAC byte by byte from response times.
 * The time taken depends only on the lengths (which are public: a MAC's length is fixed by its algorithm),
 * never on where the first differing byte is.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
