/**
 * keycard: JSON Web Tokens from the RFCs, on WebCrypto, with no dependencies.
 * Everything here is the public API fixed by API.md.
 */
export { sign, createSigner, type SignOptions } from "./jwt/sign.js";
export { verify, createVerifier, type VerifyOptions, type VerifierOptions, type VerifiedJWT } from "./jwt/verify.js";
export { decode, type DecodedJWT } from "./jwt/decode.js";
export type { JWTPayload, ClaimOptions } from "./jwt/claims.js";
export type { VerifierCacheOptions } from "./jwt/verify-cache.js";
export { signJWS, type SignJWSOptions } from "./jws/sign.js";
export { verifyJWS, type VerifiedJWS } from "./jws/verify.js";
export type { VerifyJWSOptions } from "./jws/verify-options.js";
export { importJWK } from "./keys/import-jwk.js";
export type { JWK, KeyLike, KeyResolver, JWSHeader } from "./keys/types.js";
export type { AlgorithmName } from "./jwa/algorithms.js";
export type { Duration } from "./duration.js";
export {
  JWTError,
  JWTClaimError,
  InvalidArgument,
  JWTMalformed,
  JWTHeaderUnsupported,
  JWTAlgorithmNotAllowed,
  JWTSignatureInvalid,
  JWTExpired,
  JWTNotYetValid,
  JWTClaimInvalid,
  JWTRevoked,
  KeyInvalid,
  JWKSNoMatchingKey,
  JWKSMultipleMatchingKeys,
  JWKSFetchFailed,
  JWKSTimeout,
  type ErrorCode,
} from "./errors.js";
export { exportJWK } from "./keys/export-jwk.js";
export { generateKeyPair, generateSecret, type GenerateKeyPairOptions, type GeneratedKeyPair } from "./keys/generate.js";
export { thumbprint } from "./keys/thumbprint.js";
