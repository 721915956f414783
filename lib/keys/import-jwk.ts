/**
 * importJWK: a JWK object (RFC 7517) to a WebCrypto `CryptoKey` for one algorithm.
 */
import { algorithmByName } from "../jwa/algorithms.js";
import { InvalidArgument, KeyInvalid } from "../errors.js";
import { describeValue, isPlainObject, readSafely } from "../arguments.js";
import { keyHandle } from "./handle.js";
import type { JWK } from "./types.js";

/**
 * Imports `jwk` for `alg` (default: the JWK's own `alg`, else its family's first: HS256 for `oct`, the ES of
 * an EC key's curve, EdDSA for Ed25519; an RSA JWK without `alg` needs `alg` given). A private JWK gives a
 * signing key, a public JWK a verifying key, an `oct` JWK an HMAC key that does both. The checks are
 * those of every key keycard uses: known `kty`/`crv`, `use: "sig"`, `key_ops`, no weak keys (RFC 7517 §4,
 * RFC 7518 §3 and §6). Public keys come out extractable, private keys and secrets not.
 * @throws InvalidArgument (as a rejection) for an `alg` that is unknown or `none`, or an RSA JWK with no `alg`.
 * @throws KeyInvalid (as a rejection) for a JWK that is not usable, or whose key cannot serve `alg`.
 * @example
 * const publicKey = await importJWK({ kty: "EC", crv: "P-256", x: "...", y: "..." }, "ES256");
 */
export async function importJWK(jwk: JWK, alg?: string): Promise<CryptoKey> {
  if (!isPlainObject(jwk)) throw new KeyInvalid("importJWK takes a JWK object");
  const handle = keyHandle(jwk);
  let algorithm = handle.defaultAlgorithm;
  if (alg !== undefined) {
    algorithm = algorithmByName(alg);
    if (algorithm === undefined) throw new InvalidArgument(`unknown or unsupported alg ${describeValue(alg)}`);
    if (!handle.algorithms.includes(algorithm)) {
      throw new KeyInvalid(`${handle.description} cannot be used with ${algorithm.name}; it permits ${handle.algorithms.map((a) => a.name).join(", ")}`);
    }
  }
  if (algorithm === undefined) throw new InvalidArgument(`${handle.description} has no alg: state one (${handle.algorithms.map((a) => a.name).join(", ")})`);
  const usage = readSafely(() => (jwk.d === undefined && jwk.kty !== "oct" ? "verify" : "sign"), (m, o) => new KeyInvalid(m, o));
  return handle.cryptoKey(algorithm, usage);
}
