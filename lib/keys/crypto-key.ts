/**
 * A WebCrypto `CryptoKey` as a keycard key: it permits exactly the algorithm it was imported for
 * (an Ed25519 key: both `EdDSA` and `Ed25519`), and only for the uses it was created with.
 */
import { ALGORITHMS, type Algorithm } from "../jwa/algorithms.js";
import { KeyInvalid } from "../errors.js";
import type { KeyHandle } from "./handle.js";
import { rsaWeakness, secretWeakness } from "./strength.js";

/** Whether `value` is a `CryptoKey`, also where the global class is missing or comes from another realm. */
export function isCryptoKey(value: object): value is CryptoKey {
  if (typeof CryptoKey === "function" && value instanceof CryptoKey) return true;
  return Object.prototype.toString.call(value) === "[object CryptoKey]";
}

const HASH_SUFFIX: Record<string, string> = { "SHA-256": "256", "SHA-384": "384", "SHA-512": "512" };
const CURVE_ALGORITHM: Record<string, Algorithm> = {
  "P-256": ALGORITHMS.ES256, "P-384": ALGORITHMS.ES384, "P-521": ALGORITHMS.ES512,
};
const PREFIX: Record<string, string> = { HMAC: "HS", "RSASSA-PKCS1-v1_5": "RS", "RSA-PSS": "PS" };

/** The JWS algorithms a CryptoKey was made for. */
function algorithmsOf(key: CryptoKey): readonly Algorithm[] {
  const { name } = key.algorithm;
  if (name === "Ed25519") return [ALGORITHMS.EdDSA, ALGORITHMS.Ed25519];
  if (name === "ECDSA") {
    const alg = CURVE_ALGORITHM[(key.algorithm as EcKeyAlgorithm).namedCurve];
    return alg === undefined ? [] : [alg];
  }
  const prefix = PREFIX[name];
  const hash = (key.algorithm as Partial<RsaHashedKeyAlgorithm>).hash?.name;
  const alg = prefix !== undefined && hash !== undefined ? ALGORITHMS[`${prefix}${HASH_SUFFIX[hash]}` as "HS256"] : undefined;
  return alg === undefined ? [] : [alg];
}

/** Why `key` is too weak for `alg` (see strength.ts), or `undefined`. */
function weakness(key: CryptoKey, alg: Algorithm): string | undefined {
  if (alg.family === "HMAC") return secretWeakness(alg, (key.algorithm as HmacKeyAlgorithm).length / 8);
  if (alg.kty === "RSA") {
    const { modulusLength, publicExponent } = key.algorithm as RsaHashedKeyAlgorithm;
    return rsaWeakness(modulusLength, publicExponent);
  }
  return undefined;
}

/** The handle of a `CryptoKey`: it permits exactly the algorithm it was made for, for its own `usages`. */
export function cryptoKeyHandle(key: CryptoKey): KeyHandle {
  const algorithms = algorithmsOf(key);
  const curve = (key.algorithm as Partial<EcKeyAlgorithm>).namedCurve;
  // "a P-256 ECDSA public CryptoKey", "an HMAC secret CryptoKey", "an RSA-PSS private CryptoKey"...
  const name = curve === undefined ? key.algorithm.name : `${curve} ${key.algorithm.name}`;
  const description = `${name.startsWith("P-") ? "a" : "an"} ${name} ${key.type} CryptoKey`;
  if (algorithms.length === 0) throw new KeyInvalid(`${description} cannot sign or verify a JWS`);
  // A CryptoKey does not change, so everything is read here, once (and an object that only claims to be a
  // CryptoKey fails here, inside keyHandle, as ERR_KEY_INVALID). The algorithms a key permits share its size,
  // so one weakness stands for them all.
  const usages = [...key.usages];
  const weak = weakness(key, algorithms[0]!);
  const hint = key.type === "private" ? " (verify with the public key)" : key.type === "public" ? " (sign with the private key)" : "";
  const ready = Promise.resolve(key);
  return {
    algorithms,
    defaultAlgorithm: algorithms[0],
    description,
    cryptoKey(_alg, usage) {
      if (!usages.includes(usage)) {
        return Promise.reject(new KeyInvalid(`${description} cannot ${usage}: its usages are [${usages.join(", ")}]${hint}`));
      }
      return weak === undefined ? ready : Promise.reject(new KeyInvalid(weak));
    },
  };
}
