/**
 * keycard: JSON Web Tokens from the RFCs, on WebCrypto, with no dependencies.
 * Everything exported here is the public API (docs/api.md).
 */

// JWT (RFC 7519)
export { sign, createSigner, type SignOptions } from "./jwt/sign.js";
export { verify, createVerifier, type VerifyOptions, type VerifierOptions, type VerifiedJWT } from "./jwt/verify.js";
export { decode, type DecodedJWT } from "./jwt/decode.js";
export type { JWTPayload, ClaimOptions } from "./jwt/claims.js";
export type { VerifierCacheOptions } from "./jwt/verify-cache.js";

// JWS (RFC 7515)
export { signJWS, type SignJWSOptions } from "./jws/sign.js";
export { verifyJWS, type VerifiedJWS } from "./jws/verify.js";
export type { VerifyJWSOptions } from "./jws/verify-options.js";

// Keys (RFC 7517, RFC 7638, RFC 7468)
export { importJWK } from "./keys/import-jwk.js";
export { importPEM } from "./keys/import-pem.js";
export { exportJWK } from "./keys/export-jwk.js";
export { generateKeyPair, generateSecret, type GenerateKeyPairOptions, type GeneratedKeyPair } from "./keys/generate.js";
export { thumbprint } from "./keys/thumbprint.js";
export { createLocalJWKSet } from "./keys/jwks-local.js";
export {
  createRemoteJWKSet,
  type RemoteJWKSet,
  type RemoteJWKSetOptions,
  type JWKSCache,
  type CachedJWKS,
} from "./keys/jwks-remote.js";
export type { JSONWebKeySet } from "./keys/jwks-select.js";
export type { FetchFunction } from "./keys/jwks-fetch.js";
export type { JWK, KeyLike, KeyResolver, JWSHeader } from "./keys/types.js";

// Token review (RFC 8725)
export { lintToken, type LintOptions } from "./lint/lint.js";
export type { LintFinding, LintSeverity } from "./lint/findings.js";

// Shared vocabulary
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

// Token lifecycle (RFC 6750, RFC 9068, RFC 9700 §4.14.2, RFC 6265): docs/lifecycle.md
export { bearer } from "./lifecycle/bearer.js";
export {
  challenge,
  AuthenticationError,
  type ChallengeOptions,
  type BearerErrorCode,
} from "./lifecycle/challenge.js";
export {
  authenticate,
  createAuthenticator,
  type AuthenticateOptions,
  type RequestLike,
} from "./lifecycle/authenticate.js";
export {
  issueTokens,
  ACCESS_TOKEN_TYPE,
  REFRESH_TOKEN_TYPE,
  DEFAULT_ACCESS_TOKEN_LIFETIME,
  DEFAULT_REFRESH_TOKEN_LIFETIME,
  type IssueTokensOptions,
  type TokenPair,
  type SigningKey,
  type AccessTokenClaims,
  type RefreshTokenClaims,
} from "./lifecycle/tokens.js";
export {
  createTokenService,
  type TokenService,
  type TokenServiceOptions,
  type IssueOptions,
} from "./lifecycle/service.js";
export {
  createMemoryStore,
  type LifecycleStore,
  type MemoryStore,
  type MemoryStoreOptions,
} from "./lifecycle/store.js";
export {
  createRevocationList,
  type RevocationList,
  type RevocationListOptions,
} from "./lifecycle/revocation.js";
export {
  refreshCookie,
  clearRefreshCookie,
  readCookie,
  REFRESH_COOKIE_NAME,
  type RefreshCookieOptions,
} from "./lifecycle/cookies.js";
