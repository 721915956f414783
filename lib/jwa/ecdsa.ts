/**
 * The form of an ECDSA signature in JWS (RFC 7518 §3.4): R and S as unsigned big-endian integers, each padded
 * to the curve's size, concatenated. Checked here before any cryptography sees them:
 * - the length must be exactly twice the size (64 bytes for P-256, 96 for P-384, 132 for P-521);
 * - 0 < r < n and 0 < s < n, where n is the group order (FIPS 186-5 §6.4.2 step 1).
 * The second rule is the whole of the 2022 "psychic signatures" bug (CVE-2022-21449): a verifier that let
 * r = s = 0 through accepted an all-zero signature for any message and any key.
 */
import type { Algorithm } from "./algorithms.js";

/** Whether `bytes[offset, offset + n.length)`, read as a big-endian integer, is in [1, n - 1]. */
function isScalarInRange(bytes: Uint8Array, offset: number, n: Uint8Array): boolean {
  let nonZero = false;
  // Walk from the most significant byte; the first byte that differs from n decides "below n".
  let decided = false;
  let below = false;
  for (let i = 0; i < n.length; i++) {
    const b = bytes[offset + i]!;
    if (b !== 0) nonZero = true;
    if (!decided && b !== n[i]!) {
      decided = true;
      below = b < n[i]!;
    }
  }
  return nonZero && below;
}

/** Whether `signature` has the exact JOSE form for the ECDSA algorithm `alg`. */
export function isWellFormedEcdsaSignature(alg: Algorithm, signature: Uint8Array): boolean {
  const n = alg.groupOrder!;
  if (signature.length !== 2 * n.length) return false;
  return isScalarInRange(signature, 0, n) && isScalarInRange(signature, n.length, n);
}
