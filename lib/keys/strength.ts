/**
 * Weak keys, refused on sign and on verify (API.md, "Keys"), whatever form the key came in.
 * - HMAC: a secret shorter than the hash output (RFC 7518 §3.2: "a key of the same size as the hash output
 *   or larger MUST be used").
 * - RSA: a modulus under 2048 bits (RFC 7518 §3.3 and §3.5), or a public exponent that is not an odd number
 *   of at least 3 (RFC 8017 §3.1). With e = 1 a "signature" is the padded hash itself, so anyone can forge one.
 * - RSA: a modulus with the ROCA fingerprint (CVE-2017-15361), made by a flawed Infineon generator whose
 *   private keys can be recovered from the public key. Those primes are k·M + (65537^a mod M), with M a product
 *   of small primes, so n mod p is a power of 65537 mod p for every small prime p. A random modulus passes that
 *   for all the primes below with a probability under 2^-100; a few thousand integer steps decide it.
 */
import { MIN_RSA_MODULUS_BITS, type Algorithm } from "../jwa/algorithms.js";

/** Why an HMAC secret of `length` bytes cannot serve `alg`, or `undefined`. */
export function secretWeakness(alg: Algorithm, length: number): string | undefined {
  if (length >= alg.hashLength) return undefined;
  return `${alg.name} needs a secret of at least ${alg.hashLength} bytes (RFC 7518 §3.2); this one has ${length}`;
}

/** Why an RSA modulus of this many bits is too short, or `undefined`. */
export function rsaSizeWeakness(modulusBits: number): string | undefined {
  if (modulusBits >= MIN_RSA_MODULUS_BITS) return undefined;
  return `RSA keys must be at least ${MIN_RSA_MODULUS_BITS} bits (RFC 7518 §3.3); this one has ${modulusBits}`;
}

/** Why an RSA key with this modulus size and public exponent (big-endian bytes) is refused, or `undefined`. */
export function rsaWeakness(modulusBits: number, publicExponent: Uint8Array): string | undefined {
  const short = rsaSizeWeakness(modulusBits);
  if (short !== undefined) return short;
  let first = 0;
  while (first < publicExponent.length && publicExponent[first] === 0) first++;
  const last = publicExponent[publicExponent.length - 1] ?? 0;
  const tooSmall = first === publicExponent.length || (first === publicExponent.length - 1 && last < 3);
  if (tooSmall || last % 2 === 0) {
    return "the RSA public exponent must be an odd number of at least 3 (RFC 8017 §3.1)";
  }
  return undefined;
}

/** Small primes dividing the ROCA generator's M, for every key size it produced. */
const ROCA_PRIMES = [
  3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109,
  113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/** The powers of 65537 modulo `p`, as a membership table. */
function powersOf65537(p: number): boolean[] {
  const member = new Array<boolean>(p).fill(false);
  const g = 65537 % p;
  for (let x = 1; !member[x]; x = (x * g) % p) member[x] = true;
  return member;
}

/** The message of the refusal of a key with the ROCA fingerprint. */
export const ROCA_MESSAGE = "this RSA key has the ROCA fingerprint (CVE-2017-15361): its private key can be recovered; replace it";

let rocaTables: boolean[][] | undefined;

/** Whether the big-endian modulus `n` has the ROCA fingerprint. */
export function hasRocaFingerprint(n: Uint8Array): boolean {
  rocaTables ??= ROCA_PRIMES.map(powersOf65537);
  for (let i = 0; i < ROCA_PRIMES.length; i++) {
    const p = ROCA_PRIMES[i]!;
    let remainder = 0;
    for (let j = 0; j < n.length; j++) remainder = (remainder * 256 + n[j]!) % p;
    if (!rocaTables[i]![remainder]) return false;
  }
  return true;
}

/** `rsaWeakness` and the ROCA test, for keys whose modulus can be read. */
export function rsaModulusWeakness(modulus: Uint8Array, modulusBits: number, publicExponent: Uint8Array): string | undefined {
  const weak = rsaWeakness(modulusBits, publicExponent);
  if (weak !== undefined) return weak;
  return hasRocaFingerprint(modulus) ? ROCA_MESSAGE : undefined;
}
