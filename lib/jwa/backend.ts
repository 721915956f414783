/**
 * The backend seam: the two operations that touch a cryptographic implementation.
 *
 * `lib/jwa/webcrypto.ts` implements them with `crypto.subtle` and runs everywhere. On Node.js the package's
 * `exports` map (condition `node`) loads `lib/node/index.ts`, which installs `lib/node/backend.ts`: it calls
 * `node:crypto` directly, since a WebCrypto call in Node hops to a worker thread and costs 25-40 µs, an HMAC
 * through `createHmac` about 2 µs. Both backends run the same test suite.
 *
 * The JWA layer (`lib/jwa/signature.ts`) has already checked the signature's length and form before
 * `verify` is called.
 */
import type { Algorithm } from "./algorithms.js";

/** The two operations a crypto backend provides (WebCrypto's in `webcrypto.ts`, node:crypto's in `lib/node`). */
export interface Backend {
  /** A short name for diagnostics and benchmarks: `"webcrypto"` or `"node:crypto"`. */
  readonly name: string;
  /**
   * The JWS Signature of `data` (RFC 7515 §5.1 step 5), in JOSE form (R||S for ECDSA). A string `data` stands
   * for its ASCII bytes, as in `verify`.
   */
  sign(alg: Algorithm, key: CryptoKey, data: Uint8Array | string): Promise<Uint8Array> | Uint8Array;
  /**
   * Whether `signature` is valid for `data`; HMAC tags compared in constant time (RFC 7518 §3.2). A string
   * `data` stands for its ASCII bytes: the JWS Signing Input is ASCII (RFC 7515 §5.2 step 8), and a backend
   * that can hash text directly (node:crypto) saves encoding it.
   */
  verify(alg: Algorithm, key: CryptoKey, data: Uint8Array | string, signature: Uint8Array): Promise<boolean> | boolean;
}
