// Group "exports": every name API.md promises is exported from the package root, with the right kind.
import { fail, ok } from "./harness.js";

export const FUNCTIONS = [
  "sign", "verify", "createSigner", "createVerifier", "decode", "signJWS", "verifyJWS",
  "importJWK", "importPEM", "exportJWK", "generateKeyPair", "generateSecret", "thumbprint",
  "createLocalJWKSet", "createRemoteJWKSet", "lintToken",
  "bearer", "challenge", "authenticate", "createAuthenticator", "issueTokens", "createTokenService",
  "createMemoryStore", "createRevocationList", "refreshCookie", "clearRefreshCookie", "readCookie",
];

/** Each error class of API.md with the code its instances carry. */
export const ERROR_CLASSES = {
  InvalidArgument: "ERR_INVALID_ARGUMENT",
  JWTMalformed: "ERR_JWT_MALFORMED",
  JWTHeaderUnsupported: "ERR_JWT_HEADER_UNSUPPORTED",
  JWTAlgorithmNotAllowed: "ERR_JWT_ALG_NOT_ALLOWED",
  JWTSignatureInvalid: "ERR_JWT_SIGNATURE_INVALID",
  JWTExpired: "ERR_JWT_EXPIRED",
  JWTNotYetValid: "ERR_JWT_NOT_YET_VALID",
  JWTClaimInvalid: "ERR_JWT_CLAIM_INVALID",
  JWTRevoked: "ERR_JWT_REVOKED",
  KeyInvalid: "ERR_KEY_INVALID",
  JWKSNoMatchingKey: "ERR_JWKS_NO_MATCHING_KEY",
  JWKSMultipleMatchingKeys: "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  JWKSFetchFailed: "ERR_JWKS_FETCH_FAILED",
  JWKSTimeout: "ERR_JWKS_TIMEOUT",
};

export async function run({ keycard, check }) {
  for (const name of FUNCTIONS) {
    await check(`exports: ${name} is a function`, () => {
      if (keycard[name] === undefined) fail(`keycard.${name} is not exported`);
      ok(typeof keycard[name] === "function", `keycard.${name} is a ${typeof keycard[name]}, not a function`);
    });
  }
  await check("exports: JWTError is a class deriving from Error", () => {
    if (keycard.JWTError === undefined) fail("keycard.JWTError is not exported");
    ok(keycard.JWTError.prototype instanceof Error, "JWTError does not extend Error");
  });
  for (const [name, code] of Object.entries(ERROR_CLASSES)) {
    await check(`exports: ${name} is a JWTError subclass (${code})`, () => {
      const Class = keycard[name];
      if (Class === undefined) fail(`keycard.${name} is not exported`);
      ok(typeof Class === "function" && Class.prototype instanceof keycard.JWTError, `${name} does not extend JWTError`);
    });
  }
}
