/**
 * The material keycard imported a CryptoKey from, remembered beside the key for the backends: a backend that
 * has its own key objects (node:crypto's `KeyObject`) builds them from the same bytes instead of converting
 * the CryptoKey. Node.js deprecates converting a non-extractable CryptoKey (`KeyObject.from`, DEP0204: a
 * runtime warning from Node.js 26), and keycard imports every secret and private key non-extractable.
 *
 * Only keys keycard itself imports are remembered (secrets, JWKs, PEM); a CryptoKey a caller made has none.
 * The map is keyed by the CryptoKey and never handed out: the material stays as private as the key's own.
 */

/** The bytes a key was imported from, in a form both WebCrypto's `importKey` and node:crypto read. */
export type KeyMaterial =
  | { readonly format: "raw"; readonly bytes: Uint8Array }
  | { readonly format: "jwk"; readonly jwk: JsonWebKey }
  | { readonly format: "spki" | "pkcs8"; readonly der: Uint8Array };

const materials = new WeakMap<CryptoKey, KeyMaterial>();

/** Remembers what `key` was imported from, and returns the key. */
export function rememberKeyMaterial(key: CryptoKey, material: KeyMaterial): CryptoKey {
  materials.set(key, material);
  return key;
}

/** What `key` was imported from, when keycard imported it. */
export function keyMaterialOf(key: CryptoKey): KeyMaterial | undefined {
  return materials.get(key);
}
