/**
 * HMAC secrets: a `Uint8Array`, or a `string` taken as its UTF-8 bytes. They permit HS256, HS384 and HS512.
 *
 * Refused with `ERR_KEY_INVALID`, whatever the algorithm:
 * - a secret shorter than the hash output (RFC 7518 §3.2: "a key of the same size as the hash output or
 *   larger MUST be used"), so a 32-byte secret serves HS256 but not HS512;
 * - text that is really another kind of key: a PEM block, an OpenSSH key, the JSON text of a JWK. Using a
 *   public key as an HMAC secret is the classic algorithm-confusion attack (RFC 8725 §2.1): whoever has the
 *   public key could then sign tokens.
 *
 * Secrets are cached by value (at most `MAX_CACHED` of them), so each is imported into WebCrypto once.
 */
import { ALGORITHMS, type Algorithm } from "../jwa/algorithms.js";
import { rememberKeyMaterial } from "../jwa/key-material.js";
import { KeyInvalid } from "../errors.js";
import { encodeUtf8 } from "../bytes/utf8.js";
import type { KeyHandle } from "./handle.js";
import { secretWeakness } from "./strength.js";

const HMAC_ALGORITHMS: readonly Algorithm[] = [ALGORITHMS.HS256, ALGORITHMS.HS384, ALGORITHMS.HS512];
const MAX_CACHED = 256;
const MAX_CACHED_LENGTH = 1024;
const cache = new Map<string, KeyHandle>();

/** What `text` is when it is a key of another kind, or `undefined` for an ordinary secret. */
export function otherKindOfKey(text: string): string | undefined {
  if (text.includes("-----BEGIN OPENSSH PRIVATE KEY-----")) return "an OpenSSH private key";
  if (text.includes("-----BEGIN ")) return "a PEM-encoded key or certificate (import it with importPEM)";
  if (/^\s*(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-|sk-ssh-|sk-ecdsa-)\S* AAAA/.test(text)) return "an OpenSSH public key";
  if (/^\s*\{[\s\S]*"kty"\s*:/.test(text)) return "the JSON text of a JWK (parse it and pass the object)";
  return undefined;
}

/** One character per byte (a one-to-one mapping), for cache keys and for looking for PEM text in bytes. */
const latin1Decoder = new TextDecoder("latin1");
function latin1(bytes: Uint8Array): string {
  return latin1Decoder.decode(bytes);
}

function createSecretHandle(bytes: Uint8Array, problem: string | undefined): KeyHandle {
  const imported = new Map<Algorithm, Promise<CryptoKey>>();
  return {
    algorithms: HMAC_ALGORITHMS,
    defaultAlgorithm: ALGORITHMS.HS256,
    description: "an HMAC secret",
    cryptoKey(alg) {
      if (problem !== undefined) return Promise.reject(new KeyInvalid(`this secret is ${problem}; it cannot be an HMAC secret`));
      const weak = secretWeakness(alg, bytes.length);
      if (weak !== undefined) return Promise.reject(new KeyInvalid(weak));
      let key = imported.get(alg);
      if (key === undefined) {
        key = crypto.subtle.importKey("raw", bytes as Uint8Array<ArrayBuffer>, alg.importParams, false, ["sign", "verify"])
          .then((imported) => rememberKeyMaterial(imported, { format: "raw", bytes }));
        key.catch(() => imported.delete(alg));
        imported.set(alg, key);
      }
      return key;
    },
  };
}

/** A handle and the bytes it was made from, to tell whether the same array still holds them. */
interface Remembered {
  readonly bytes: Uint8Array;
  readonly handle: KeyHandle;
}
const byArray = new WeakMap<Uint8Array, Remembered>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The handle of an HMAC secret, from a cache when the same secret was seen before: a string by its value;
 * an array first by identity (confirmed byte by byte: a caller may reuse its buffer for another secret), then
 * by value. Finding a cached array costs about 50 ns, against about 800 ns for reading it as a cache key
 * (measured with bench/parts.mjs).
 */
export function secretHandle(secret: string | Uint8Array): KeyHandle {
  if (typeof secret !== "string") {
    const known = byArray.get(secret);
    if (known !== undefined && sameBytes(known.bytes, secret)) return known.handle;
  }
  const text = typeof secret === "string" ? secret : latin1(secret.subarray(0, MAX_CACHED_LENGTH + 1));
  const cacheKey = text.length <= MAX_CACHED_LENGTH ? (typeof secret === "string" ? "s" : "b") + text : undefined;
  let handle = cacheKey === undefined ? undefined : cache.get(cacheKey);
  // Copy the bytes: a caller reusing its buffer must not change a cached key.
  const bytes = typeof secret === "string" ? encodeUtf8(secret) : secret.slice();
  if (handle === undefined) {
    handle = createSecretHandle(bytes, otherKindOfKey(typeof secret === "string" ? secret : latin1(bytes)));
    if (cacheKey !== undefined) {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, handle);
    }
  }
  if (typeof secret !== "string") byArray.set(secret, { bytes, handle });
  return handle;
}
