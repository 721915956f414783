/**
 * Signing and verifying bytes with one algorithm of the JWA table: the code `verify` calls for every token,
 * and the code the Wycheproof vectors run through. It checks a signature's length and form, then hands the
 * cryptography to the backend (see `backend.ts`): WebCrypto, unless the Node.js entry point installed
 * node:crypto with `useBackend`.
 */
import type { Algorithm } from "./algorithms.js";
import type { Backend } from "./backend.js";
import { backend as webcrypto } from "./webcrypto.js";
import { isWellFormedEcdsaSignature } from "./ecdsa.js";
import { KeyInvalid } from "../errors.js";

let backend: Backend = webcrypto;

/** Makes `next` do the cryptography from now on. Called once, by the Node.js entry point (`lib/node/index.ts`). */
export function useBackend(next: Backend): void {
  backend = next;
}

/** The name of the backend in use: `"webcrypto"` or `"node:crypto"`. */
export function backendName(): string {
  return backend.name;
}

/** The byte length of an RSA key's modulus: an RSA signature is exactly that long (RFC 8017 §8.2.2 step 1). */
function rsaModulusLength(key: CryptoKey): number {
  return Math.ceil((key.algorithm as RsaHashedKeyAlgorithm).modulusLength / 8);
}

/** Whether `signature` has the length and form `alg` requires, before any cryptography runs. */
function isWellFormed(alg: Algorithm, key: CryptoKey, signature: Uint8Array): boolean {
  if (alg.groupOrder !== undefined) return isWellFormedEcdsaSignature(alg, signature); // RFC 7518 §3.4
  const length = alg.signatureLength ?? rsaModulusLength(key);
  return signature.length === length;
}

/**
 * Signs `data` with `alg` (RFC 7515 §5.1 step 5): bytes, or the ASCII text of the JWS Signing Input.
 * The key must already suit `alg` (see `lib/keys`).
 */
export function createSignature(alg: Algorithm, key: CryptoKey, data: Uint8Array | string): Uint8Array | Promise<Uint8Array> {
  const failed = (cause: unknown) =>
    new KeyInvalid(`the key could not sign with ${alg.name}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  try {
    const signature = backend.sign(alg, key, data);
    // A signature at once (node:crypto's HMAC) spares the caller a wait on the microtask queue.
    return signature instanceof Promise ? signature.catch((cause) => Promise.reject(failed(cause))) : signature;
  } catch (cause) {
    throw failed(cause);
  }
}

/**
 * Whether `signature` is a valid `alg` signature of `data` under `key` (RFC 7515 §5.2 step 8).
 * `data` is bytes, or the ASCII text of the JWS Signing Input. A signature of the wrong length or form is simply
 * invalid; so is anything the backend cannot read. The answer comes without a promise when the backend has it
 * at once (node:crypto's HMAC), so the hot path waits on no microtask.
 */
export function verifySignature(
  alg: Algorithm,
  key: CryptoKey,
  data: Uint8Array | string,
  signature: Uint8Array,
): boolean | Promise<boolean> {
  if (!isWellFormed(alg, key, signature)) return false;
  try {
    const valid = backend.verify(alg, key, data, signature);
    return typeof valid === "boolean" ? valid : valid.then((v) => v === true, () => false);
  } catch {
    return false;
  }
}
