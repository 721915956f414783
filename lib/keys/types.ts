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
  /** EC and OKP: the public point's x coordinate, or the OKP public key (RFC 7518 §6.2.1.2, RFC 8037 §2). */
  x?: string;
  /** EC: the public point's y coordinate (RFC 7518 §6.2.1.3). */
  y?: string;
  /** EC, OKP and RSA: the private part. */
  d?: string;
  /** RSA: modulus and public exponent. */
  n?: string;
  /** RSA: the public exponent (RFC 7518 §6.3.1.2). */
  e?: string;
  /** RSA private key: the first prime factor (RFC 7518 §6.3.2.2). */
  p?: string;
  /** RSA private key: the second prime factor (RFC 7518 §6.3.2.3). */
  q?: string;
  /** RSA private key: the first factor CRT exponent (RFC 7518 §6.3.2.4). */
  dp?: string;
  /** RSA private key: the second factor CRT exponent (RFC 7518 §6.3.2.5). */
  dq?: string;
  /** RSA private key: the first CRT coefficient (RFC 7518 §6.3.2.6). */
  qi?: string;
  /** oct: the secret. */
  k?: string;
  /** X.509 certificate chain (RFC 7517 §4.7): never read by keycard. */
  x5c?: string[];
  /** X.509 SHA-1 thumbprint (RFC 7517 §4.8): never read by keycard. */
  x5t?: string;
  /** X.509 SHA-256 thumbprint (RFC 7517 §4.9): never read by keycard. */
  "x5t#S256"?: string;
  /** X.509 URL (RFC 7517 §4.6): never followed by keycard. */
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
