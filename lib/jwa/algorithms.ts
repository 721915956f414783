/**
 * The JWA table (RFC 7518 §3.1, RFC 8037 §3.1, RFC 9864 §2): the one place that knows each signature
 * algorithm. A token's `alg` string is looked up here once; every layer below works from the entry it gets,
 * never from the string.
 */

/**
 * The `alg` values keycard signs and verifies with (RFC 7518 §3.1, RFC 8037 §3.1, RFC 9864 §2). `EdDSA` and
 * `Ed25519` name the same signature; `none` is never one of them.
 */
export type AlgorithmName =
  | "HS256" | "HS384" | "HS512"
  | "RS256" | "RS384" | "RS512"
  | "PS256" | "PS384" | "PS512"
  | "ES256" | "ES384" | "ES512"
  | "EdDSA" | "Ed25519";

/** JWK key types (RFC 7518 §6.1, RFC 8037 §2). */
export type KeyType = "oct" | "RSA" | "EC" | "OKP";

/** The SHA-2 hashes of the table's algorithms (WebCrypto names). */
export type HashName = "SHA-256" | "SHA-384" | "SHA-512";

/** The WebCrypto algorithm name, which is also the family of algorithms sharing one kind of key. */
export type Family = "HMAC" | "RSASSA-PKCS1-v1_5" | "RSA-PSS" | "ECDSA" | "Ed25519";

/** One entry of the JWA table: everything keycard needs to know about one `alg`. */
export interface Algorithm {
  /** The JWS `alg` value. */
  readonly name: AlgorithmName;
  readonly family: Family;
  /** The JWK `kty` of the keys it takes. */
  readonly kty: KeyType;
  /** The JWK `crv` of the keys it takes (EC and OKP only). */
  readonly crv: "P-256" | "P-384" | "P-521" | "Ed25519" | undefined;
  /** The hash it uses; `undefined` for Ed25519, which hashes inside the algorithm (RFC 8032). */
  readonly hash: HashName | undefined;
  /** The hash's output length in bytes: the shortest HMAC secret allowed (RFC 7518 §3.2). */
  readonly hashLength: number;
  /** Parameters for `crypto.subtle.importKey` / `generateKey`. */
  readonly importParams: Readonly<HmacImportParams | RsaHashedImportParams | EcKeyImportParams | { name: "Ed25519" }>;
  /** Parameters for `crypto.subtle.sign` / `verify`. */
  readonly signParams: Readonly<{ name: string } | RsaPssParams | EcdsaParams>;
  /**
   * The exact signature length in bytes, where the algorithm fixes it: HMAC (the hash length),
   * ECDSA (R||S, RFC 7518 §3.4), Ed25519 (RFC 8032). `undefined` for RSA, where it is the modulus length.
   */
  readonly signatureLength: number | undefined;
  /** ECDSA only: the order n of the curve's group, big-endian, as long as one half of R||S. */
  readonly groupOrder: Uint8Array | undefined;
  /** RSA-PSS only: the salt length, equal to the hash length (RFC 7518 §3.5). */
  readonly saltLength: number | undefined;
}

/** The shortest RSA modulus keycard accepts, in bits (RFC 7518 §3.3 and §3.5: 2048 or larger MUST be used). */
export const MIN_RSA_MODULUS_BITS = 2048;

function hex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

// The group orders of the NIST curves (SEC 2 §2.4.2, §2.5.1, §2.6.1), padded to the coordinate length.
const P256_ORDER = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const P384_ORDER = hex(
  "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
);
const P521_ORDER = hex(
  "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
    "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
);

const HASH_LENGTH: Record<HashName, number> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

function hmac(name: AlgorithmName, hash: HashName): Algorithm {
  return {
    name, family: "HMAC", kty: "oct", crv: undefined, hash, hashLength: HASH_LENGTH[hash],
    importParams: { name: "HMAC", hash }, signParams: { name: "HMAC" },
    signatureLength: HASH_LENGTH[hash], groupOrder: undefined, saltLength: undefined,
  };
}

function rsa(name: AlgorithmName, family: "RSASSA-PKCS1-v1_5" | "RSA-PSS", hash: HashName): Algorithm {
  const saltLength = family === "RSA-PSS" ? HASH_LENGTH[hash] : undefined;
  return {
    name, family, kty: "RSA", crv: undefined, hash, hashLength: HASH_LENGTH[hash],
    importParams: { name: family, hash },
    signParams: saltLength === undefined ? { name: family } : { name: family, saltLength },
    signatureLength: undefined, groupOrder: undefined, saltLength,
  };
}

function ecdsa(name: AlgorithmName, crv: "P-256" | "P-384" | "P-521", hash: HashName, order: Uint8Array): Algorithm {
  return {
    name, family: "ECDSA", kty: "EC", crv, hash, hashLength: HASH_LENGTH[hash],
    importParams: { name: "ECDSA", namedCurve: crv }, signParams: { name: "ECDSA", hash },
    signatureLength: 2 * order.length, groupOrder: order, saltLength: undefined,
  };
}

function ed25519(name: AlgorithmName): Algorithm {
  return {
    name, family: "Ed25519", kty: "OKP", crv: "Ed25519", hash: undefined, hashLength: 64,
    importParams: { name: "Ed25519" }, signParams: { name: "Ed25519" },
    signatureLength: 64, groupOrder: undefined, saltLength: undefined,
  };
}

/** Every algorithm keycard signs and verifies with, by `alg` name. */
export const ALGORITHMS: Readonly<Record<AlgorithmName, Algorithm>> = Object.freeze({
  HS256: hmac("HS256", "SHA-256"),
  HS384: hmac("HS384", "SHA-384"),
  HS512: hmac("HS512", "SHA-512"),
  RS256: rsa("RS256", "RSASSA-PKCS1-v1_5", "SHA-256"),
  RS384: rsa("RS384", "RSASSA-PKCS1-v1_5", "SHA-384"),
  RS512: rsa("RS512", "RSASSA-PKCS1-v1_5", "SHA-512"),
  PS256: rsa("PS256", "RSA-PSS", "SHA-256"),
  PS384: rsa("PS384", "RSA-PSS", "SHA-384"),
  PS512: rsa("PS512", "RSA-PSS", "SHA-512"),
  ES256: ecdsa("ES256", "P-256", "SHA-256", P256_ORDER),
  ES384: ecdsa("ES384", "P-384", "SHA-384", P384_ORDER),
  ES512: ecdsa("ES512", "P-521", "SHA-512", P521_ORDER),
  // RFC 8037 §3.1 names it EdDSA; RFC 9864 §2.2 adds the fully-specified Ed25519 and deprecates EdDSA.
  EdDSA: ed25519("EdDSA"),
  Ed25519: ed25519("Ed25519"),
});

/** All algorithm entries, in the table's order. */
export const ALL_ALGORITHMS: readonly Algorithm[] = Object.freeze(Object.values(ALGORITHMS));

/** The table entry for `name`, or `undefined` for anything else (`none`, `hs256`, `__proto__`, a number...). */
export function algorithmByName(name: unknown): Algorithm | undefined {
  return typeof name === "string" && Object.hasOwn(ALGORITHMS, name) ? ALGORITHMS[name as AlgorithmName] : undefined;
}

/** The algorithms a key of this type (and curve) can serve: the key's family (API.md, "Keys"). */
export function algorithmsForKeyType(kty: KeyType, crv?: string): readonly Algorithm[] {
  return ALL_ALGORITHMS.filter((alg) => alg.kty === kty && (alg.crv === undefined || alg.crv === crv));
}
