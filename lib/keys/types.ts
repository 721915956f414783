/**
 * The shapes of keys keycard accepts (API.md, "Keys").
 */

/** A JSON Web Key (RFC 7517 §4), with the members of RFC 7518 §6 and RFC 8037 §2. */
export interface JWK {
  /** Key type (RFC 7517 §4.1): `"oct"`, `"RSA"`, `"EC"` or `"OKP"`. */
  kty: string;
  /** The algorithm the key is meant for (RFC 7517 §4.4); when present it is the only one allowed. */
  alg?: string;
  /** Key id (RFC 7517 §4.5), matched against a token's `kid`. */
  kid?: string;
  /** Public key use (RFC 7517 §4.2): keycard only uses `"sig"` keys. */
  use?: string;
  /** Key operations (RFC 7517 §4.3), such as `["verify"]`. */
  key_ops?: string[];
  /** WebCrypto's "extractable" flag. */
  ext?: boolean;
  /** EC and OKP: the curve (`"P-256"`, `"P-384"`, `"P-521"`, `"Ed25519"`). */
  crv?: string;
  x?: string;
  y?: string;
  /** EC, OKP and RSA: the private part. */
  d?: string;
  /** RSA: modulus and public exponent. */
  n?: string;
  e?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  /** oct: the secret. */
  k?: string;
  x5c?: string[];
  x5t?: string;
  "x5t#S256"?: string;
  x5u?: string;
  [member: string]: unknown;
}

/**
 * A key: an HMAC secret (`Uint8Array`, or a `string` taken as its UTF-8 bytes), a WebCrypto `CryptoKey`,
 * or a JWK object.
 */
export type KeyLike = Uint8Array | string | CryptoKey | JWK;

/** A JOSE header (RFC 7515 §4). */
export interface JWSHeader {
  /** The signature algorithm (RFC 7515 §4.1.1). */
  alg: string;
  /** Key id (RFC 7515 §4.1.4). */
  kid?: string;
  /** Media type of the whole token (RFC 7515 §4.1.9), `"JWT"` for keycard's tokens. */
  typ?: string;
  /** Content type (RFC 7515 §4.1.10). */
  cty?: string;
  /** Extensions the recipient must understand (RFC 7515 §4.1.11). */
  crit?: string[];
  [parameter: string]: unknown;
}

/**
 * Chooses the key for a token from its header, as `createLocalJWKSet` and `createRemoteJWKSet` do.
 * Called after the header is read and `crit` is checked, before the signature is checked.
 */
export type KeyResolver = (header: JWSHeader) => KeyLike | Promise<KeyLike>;
