/**
 * thumbprint: the JWK Thumbprint of RFC 7638, a stable name for a key computed from its public members
 * only, so a private JWK and its public part have the same thumbprint. Often used as a `kid`.
 */
import { InvalidArgument, KeyInvalid } from "../errors.js";
import { isPlainObject } from "../arguments.js";
import { encodeBase64url } from "../bytes/base64url.js";
import { encodeUtf8 } from "../bytes/utf8.js";
import { isCryptoKey } from "./crypto-key.js";
import { exportJWK } from "./export-jwk.js";
import type { JWK } from "./types.js";

/** RFC 7638 §3.2: the required members of each key type, in lexicographic order. */
const REQUIRED_MEMBERS: Record<string, readonly string[]> = {
  EC: ["crv", "kty", "x", "y"],
  RSA: ["e", "kty", "n"],
  oct: ["k", "kty"],
  OKP: ["crv", "kty", "x"], // RFC 8037 §2
};

const HASHES = ["SHA-256", "SHA-384", "SHA-512"];

/**
 * The base64url-encoded `hash` (default SHA-256) of the key's required members, serialized as RFC 7638 §3
 * says: in lexicographic order, no whitespace. Takes a JWK, or a CryptoKey that can be exported. A private
 * JWK and its public part have the same thumbprint.
 * @throws InvalidArgument (as a rejection) for a `hash` other than SHA-256, SHA-384 or SHA-512.
 * @throws KeyInvalid (as a rejection) for a JWK without its required members, or a CryptoKey that cannot be
 *   exported.
 * @example
 * const kid = await thumbprint(publicJwk); // a stable key id
 */
export async function thumbprint(jwk: JWK | CryptoKey, hash: "SHA-256" | "SHA-384" | "SHA-512" = "SHA-256"): Promise<string> {
  if (!HASHES.includes(hash)) throw new InvalidArgument(`hash must be one of ${HASHES.join(", ")}`);
  const key = typeof jwk === "object" && jwk !== null && isCryptoKey(jwk) ? await exportJWK(jwk) : jwk;
  if (!isPlainObject(key)) throw new KeyInvalid("thumbprint takes a JWK object or a CryptoKey");
  const members = typeof key.kty === "string" && Object.hasOwn(REQUIRED_MEMBERS, key.kty) ? REQUIRED_MEMBERS[key.kty]! : undefined;
  if (members === undefined) throw new KeyInvalid(`a JWK thumbprint needs kty "EC", "RSA", "oct" or "OKP" (RFC 7638 §3.2)`);
  const ordered: Record<string, string> = {};
  for (const name of members) {
    const value = key[name];
    if (typeof value !== "string") throw new KeyInvalid(`an ${key.kty as string} JWK needs a string "${name}" for its thumbprint (RFC 7638 §3.2)`);
    ordered[name] = value;
  }
  const digest = await crypto.subtle.digest(hash, encodeUtf8(JSON.stringify(ordered)) as Uint8Array<ArrayBuffer>);
  return encodeBase64url(new Uint8Array(digest));
}
