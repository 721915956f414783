/**
 * createLocalJWKSet: a `KeyResolver` over a JWK Set held in memory (RFC 7517 §5), such as one read from a
 * file or a configuration service. Selection follows `jwks-select.ts`.
 *
 * The set is read once, when the resolver is created, and refused there when it cannot be a verification set:
 * - not `{ keys: [...] }`, or a member that is not an object: `ERR_INVALID_ARGUMENT` (a malformed argument);
 * - a member holding private key material (`d`, `p`, `q`...), or `oct` secrets next to public keys:
 *   `ERR_KEY_INVALID`. A set of public keys is meant to be shared; a private key or a secret inside it is a
 *   leak waiting to happen, and the set is refused rather than silently trimmed.
 * Members keycard cannot use (an unknown `kty`, `use: "enc"`, an encryption `alg`, `key_ops` without "verify",
 * bad key material) are skipped: they never match, and they do not spoil the rest of the set (RFC 7517 §5).
 */
import { InvalidArgument, KeyInvalid } from "../errors.js";
import { indexKeySet, privateMember, readKeySet, selectKey, type JSONWebKeySet } from "./jwks-select.js";
import type { JWK, JWSHeader } from "./types.js";

/** Where a set member is, for messages: `member 2 (kid "a1")`. */
function memberName(jwk: Record<string, unknown>, i: number): string {
  return `member ${i}${typeof jwk.kid === "string" ? ` (kid ${JSON.stringify(jwk.kid.slice(0, 80))})` : ""}`;
}

/**
 * A resolver choosing, for each token, the one key of `jwks` that fits its header (`kid`, `alg`, and the
 * key's `kty`, `crv`, `alg`, `use`, `key_ops`). It resolves to the set's own JWK object, so each key is
 * imported into WebCrypto once. Rejects with `ERR_JWKS_NO_MATCHING_KEY` or `ERR_JWKS_MULTIPLE_MATCHING_KEYS`.
 * @throws InvalidArgument when `jwks` is not a JWK Set; KeyInvalid when it holds private keys, or secrets
 *   mixed with public keys.
 * @example
 * const keys = createLocalJWKSet({ keys: [{ ...publicJwk, kid: "2026-11" }] });
 * const { payload } = await verify(token, keys);
 */
export function createLocalJWKSet(jwks: JSONWebKeySet): (header: JWSHeader) => Promise<JWK> {
  const keys = readKeySet(jwks, (message) => new InvalidArgument(`createLocalJWKSet: ${message}`));
  let secrets = 0;
  let publicKeys = 0;
  keys.forEach((jwk, i) => {
    const member = privateMember(jwk);
    if (member !== undefined) {
      throw new KeyInvalid(
        `createLocalJWKSet: ${memberName(jwk, i)} holds private key material ("${member}"); a set that verifies ` +
          "tokens holds public keys only (remove the private members)",
      );
    }
    if (jwk.kty === "oct") secrets++;
    else if (jwk.kty === "RSA" || jwk.kty === "EC" || jwk.kty === "OKP") publicKeys++;
  });
  if (secrets > 0 && publicKeys > 0) {
    throw new KeyInvalid(
      "createLocalJWKSet: the set mixes oct secrets with public keys; keep HMAC secrets in a set of their own " +
        "(a set of public keys is meant to be shared, and a secret in it would be shared too)",
    );
  }
  const index = indexKeySet(keys, true);
  return async (header) => selectKey(index, header);
}
