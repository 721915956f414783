/**
 * Errors: every failure keycard reports is a `JWTError` with a stable string `code`,
 * and each code has its own subclass so callers can use either `err.code === "..."`
 * or `err instanceof JWTExpired`. The codes and their meaning are fixed by API.md.
 */

/** The `code` of every `JWTError`, one per failure kind (API.md, "Errors"); each has its own subclass. */
export type ErrorCode =
  | "ERR_INVALID_ARGUMENT"
  | "ERR_JWT_MALFORMED"
  | "ERR_JWT_HEADER_UNSUPPORTED"
  | "ERR_JWT_ALG_NOT_ALLOWED"
  | "ERR_JWT_SIGNATURE_INVALID"
  | "ERR_JWT_EXPIRED"
  | "ERR_JWT_NOT_YET_VALID"
  | "ERR_JWT_CLAIM_INVALID"
  | "ERR_JWT_REVOKED"
  | "ERR_KEY_INVALID"
  | "ERR_JWKS_NO_MATCHING_KEY"
  | "ERR_JWKS_MULTIPLE_MATCHING_KEYS"
  | "ERR_JWKS_FETCH_FAILED"
  | "ERR_JWKS_TIMEOUT";

/**
 * The base class of every error keycard throws or rejects with: check `error.code` (stable, documented) or
 * `instanceof` the subclass for the code. No other exception type escapes a public function, for any input;
 * errors the caller's own callbacks throw pass through unchanged.
 * @example
 * try { await verify(token, key); } catch (error) { if (error instanceof JWTError) console.log(error.code); }
 */
export class JWTError extends Error {
  /** A stable, documented code such as `ERR_JWT_EXPIRED`. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An argument or option given to a keycard function is not usable (a bad duration, an unknown algorithm...). */
export class InvalidArgument extends JWTError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_INVALID_ARGUMENT", message, options);
  }
}

/** The token is not a well-formed compact JWS/JWT (verify step 1). */
export class JWTMalformed extends JWTError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_JWT_MALFORMED", message, options);
  }
}

/** The header asks for something keycard does not do (`crit`, `b64: false`); verify step 2. */
export class JWTHeaderUnsupported extends JWTError {
  constructor(message: string) {
    super("ERR_JWT_HEADER_UNSUPPORTED", message);
  }
}

/** The token's `alg` is not allowed by the options or does not fit the key (verify step 3). */
export class JWTAlgorithmNotAllowed extends JWTError {
  constructor(message: string) {
    super("ERR_JWT_ALG_NOT_ALLOWED", message);
  }
}

/** The signature does not verify (verify step 4). */
export class JWTSignatureInvalid extends JWTError {
  constructor(message = "signature verification failed") {
    super("ERR_JWT_SIGNATURE_INVALID", message);
  }
}

/**
 * The base of the errors raised after the signature held (verify steps 5 and 6): they
 * name the claim at fault and carry the verified payload, so a caller can log `sub`.
 */
export abstract class JWTClaimError extends JWTError {
  /** The name of the claim that failed (`exp`, `aud`, `typ`...). */
  readonly claim: string;
  /** The payload, whose signature was verified before this error was raised. */
  readonly payload: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, claim: string, payload: Record<string, unknown>) {
    super(code, message);
    this.claim = claim;
    this.payload = payload;
  }
}

/** `exp` has passed (RFC 7519 §4.1.4). */
export class JWTExpired extends JWTClaimError {
  constructor(message: string, payload: Record<string, unknown>) {
    super("ERR_JWT_EXPIRED", message, "exp", payload);
  }
}

/** `nbf` is still in the future (RFC 7519 §4.1.5). */
export class JWTNotYetValid extends JWTClaimError {
  constructor(message: string, payload: Record<string, unknown>) {
    super("ERR_JWT_NOT_YET_VALID", message, "nbf", payload);
  }
}

/** A claim is missing, of the wrong type, or not the expected value. */
export class JWTClaimInvalid extends JWTClaimError {
  constructor(message: string, claim: string, payload: Record<string, unknown>) {
    super("ERR_JWT_CLAIM_INVALID", message, claim, payload);
  }
}

/** The caller's `isRevoked` said the token is revoked. */
export class JWTRevoked extends JWTClaimError {
  constructor(message: string, payload: Record<string, unknown>) {
    super("ERR_JWT_REVOKED", message, "jti", payload);
  }
}

/** The key cannot be used: unreadable, of the wrong kind, too weak, or not for this algorithm. */
export class KeyInvalid extends JWTError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_KEY_INVALID", message, options);
  }
}

/** No key of the JWK Set fits the token's header. */
export class JWKSNoMatchingKey extends JWTError {
  constructor(message: string) {
    super("ERR_JWKS_NO_MATCHING_KEY", message);
  }
}

/** More than one key of the JWK Set fits the token's header and none can be chosen safely. */
export class JWKSMultipleMatchingKeys extends JWTError {
  constructor(message: string) {
    super("ERR_JWKS_MULTIPLE_MATCHING_KEYS", message);
  }
}

/** The remote JWK Set could not be fetched or is not a valid JWK Set. */
export class JWKSFetchFailed extends JWTError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_JWKS_FETCH_FAILED", message, options);
  }
}

/** The remote JWK Set did not answer within `timeoutDuration`. */
export class JWKSTimeout extends JWTError {
  constructor(message: string) {
    super("ERR_JWKS_TIMEOUT", message);
  }
}
