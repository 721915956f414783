/**
 * exportJWK: a CryptoKey or an HMAC secret as a JWK object (RFC 7517), ready to publish in a JWK Set
 * (public keys) or to store (private keys and secrets: keep those secret).
 */
import { KeyInvalid } from "../errors.js";
import { encodeBase64url } from "../bytes/base64url.js";
import { isCryptoKey } from "./crypto-key.js";
import type { JWK } from "./types.js";

/**
 * Exports `key` as a JWK. A `Uint8Array` is an HMAC secret (`kty: "oct"`). A CryptoKey must be extractable
 * (public keys always are; private keys only when generated or imported with `extractable: true`).
 * WebCrypto's bookkeeping members `ext` and `key_ops` are left out; `alg` is kept where WebCrypto gives one
 * (RSA and HMAC keys are bound to one algorithm), except for Ed25519 keys: runtimes disagree on it ("EdDSA",
 * "Ed25519" or none, RFC 9864 §2.2), and without it the key permits both names everywhere. (RFC 7517 §4,
 * RFC 7518 §6, RFC 8037 §2.)
 * @throws KeyInvalid (as a rejection) for something that is not a CryptoKey or a Uint8Array, or a CryptoKey that
 *   is not extractable.
 * @example
 * const jwk = await exportJWK(publicKey); // publish it in your JWK Set, with a kid
 */
export async function exportJWK(key: CryptoKey | Uint8Array): Promise<JWK> {
  if (key instanceof Uint8Array) return { kty: "oct", k: encodeBase64url(key) };
  if (typeof key !== "object" || key === null || !isCryptoKey(key)) {
    throw new KeyInvalid("exportJWK takes a CryptoKey or a Uint8Array secret");
  }
  if (!key.extractable) {
    throw new KeyInvalid(`this ${key.type} key is not extractable; generate or import it with extractable: true to export it`);
  }
  let jwk: JsonWebKey;
  try {
    jwk = await crypto.subtle.exportKey("jwk", key);
  } catch (cause) {
    throw new KeyInvalid(`this key cannot be exported as a JWK: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
  const { ext: _ext, key_ops: _ops, ...rest } = jwk;
  if (rest.kty === "OKP") delete rest.alg;
  return rest as JWK;
}
