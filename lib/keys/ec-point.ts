/**
 * The public point of an EC key, checked before WebCrypto sees it: each coordinate exactly the curve's size
 * (RFC 7518 §6.2.1.2, §6.2.1.3), an integer below the field prime, and the point on the curve
 * (SEC 1 §3.2.2.1 steps 2 and 3: y² = x³ − 3x + b mod p). Step 4 (nQ = O) needs no check: P-256, P-384 and
 * P-521 have cofactor 1, so every point on them other than infinity (which no JWK or SEC 1 uncompressed
 * point can express) has order n.
 *
 * Not every WebCrypto checks this itself (Deno's imports an off-curve point), and a key that is not a point
 * of its curve must be refused as a key, not found out later as a signature that never verifies.
 */
import { KeyInvalid } from "../errors.js";

/** The curves whose points are checked here. */
export type CurveName = "P-256" | "P-384" | "P-521";

interface CurveParameters {
  /** The length in bytes of a coordinate: ceil(log2(p) / 8). */
  readonly size: number;
  /** The field prime. */
  readonly p: bigint;
  /** The constant b of y² = x³ + ax + b; a is −3 on all three curves. */
  readonly b: bigint;
}

// SEC 2 v2 §2.4.2, §2.5.1, §2.6.1 (secp256r1, secp384r1, secp521r1), the same as FIPS 186-4 §D.1.2.
const CURVES: Record<CurveName, CurveParameters> = {
  "P-256": {
    size: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  "P-384": {
    size: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  "P-521": {
    size: 66,
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
};

/** A big-endian unsigned integer. */
function toBigInt(bytes: Uint8Array): bigint {
  let hex = "0x0";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return BigInt(hex);
}

/** Why (x, y) is not a public point of `curve`, or `undefined` when it is one. */
export function pointProblem(curve: CurveName, x: Uint8Array, y: Uint8Array): string | undefined {
  const { size, p, b } = CURVES[curve];
  // RFC 7518 §6.2.1.2-3: "The length of this octet string MUST be the full size of a coordinate for the curve"
  if (x.length !== size) return `its x coordinate is ${x.length} bytes long; ${curve} makes it ${size} (RFC 7518 §6.2.1.2)`;
  if (y.length !== size) return `its y coordinate is ${y.length} bytes long; ${curve} makes it ${size} (RFC 7518 §6.2.1.3)`;
  const X = toBigInt(x), Y = toBigInt(y);
  if (X >= p || Y >= p) return "a coordinate is not below the curve's field prime (SEC 1 §3.2.2.1 step 2)";
  const left = (Y * Y) % p;
  const right = (((X * X) % p) * X - 3n * X + b) % p;
  if (left !== (right + p) % p) return `the point is not on ${curve} (SEC 1 §3.2.2.1 step 3)`;
  return undefined;
}

/** Refuses (x, y) unless it is a public point of `curve`; `what` names the key in the message. @throws KeyInvalid */
export function checkPublicPoint(curve: CurveName, x: Uint8Array, y: Uint8Array, what: string): void {
  const problem = pointProblem(curve, x, y);
  if (problem !== undefined) throw new KeyInvalid(`${what} is not a valid public key: ${problem}`);
}
