/**
 * verify and createVerifier: API.md's six steps, in order, each failure thrown as soon as it is found:
 * 1 shape, 2 crit, 3 algorithm and key, 4 signature, 5 claims, 6 isRevoked. Nothing in the payload is judged
 * before the signature holds (RFC 8725 §3.1 and §3.2).
 */
import { JWTRevoked } from "../errors.js";
import { currentTime, invalidArgument, optionalFunction, optionalTime, readOptions, readSafely } from "../arguments.js";
import type { JWSHeader, KeyLike, KeyResolver } from "../keys/types.js";
import { decodeJSONPart, parseCompact } from "../jws/compact.js";
import { verifySignedParts } from "../jws/verify.js";
import { readJWSRules, type JWSRules, type VerifyJWSOptions } from "../jws/verify-options.js";
import { checkClaims, readClaimRules, type ClaimOptions, type ClaimRules, type JWTPayload } from "./claims.js";
import { VerifierCache, type VerifierCacheOptions } from "./verify-cache.js";

export interface VerifyOptions extends VerifyJWSOptions, ClaimOptions {
  /**
   * Step 6: called with the verified payload and header once every claim passed; returning true rejects
   * the token with `ERR_JWT_REVOKED`. An error it throws reaches the caller unchanged.
   */
  isRevoked?: (payload: JWTPayload, header: JWSHeader) => boolean | Promise<boolean>;
  /** The time to judge claims at: a Date or seconds since the epoch (default: the clock). */
  now?: Date | number;
}

export interface VerifierOptions extends VerifyOptions {
  /** Remember verified tokens (see `VerifierCache`); `true` for the defaults { max: 1000, ttl: 60 s }. */
  cache?: VerifierCacheOptions | true;
}

export interface VerifiedJWT<P = JWTPayload> {
  header: JWSHeader;
  payload: P & JWTPayload;
}

interface Rules {
  readonly jws: JWSRules;
  readonly claims: ClaimRules;
  readonly isRevoked: VerifyOptions["isRevoked"];
  readonly now: number | undefined;
}

function readRules(options: Partial<VerifyOptions>): Rules {
  return readSafely(() => ({
    jws: readJWSRules(options),
    claims: readClaimRules(options),
    isRevoked: optionalFunction<NonNullable<VerifyOptions["isRevoked"]>>(options.isRevoked, "isRevoked"),
    now: optionalTime(options.now, "now"),
  }), invalidArgument);
}

async function run<P>(token: unknown, key: unknown, rules: Rules, cache: VerifierCache | undefined): Promise<VerifiedJWT<P>> {
  const jws = parseCompact(token, rules.jws.maxTokenLength); // step 1
  const payload = decodeJSONPart(jws.encodedPayload, "payload") as JWTPayload; // step 1, RFC 7519 §7.2 step 10
  const cached = cache !== undefined && cache.has(token as string, rules.now ?? currentTime());
  if (!cached) await verifySignedParts(jws, key, rules.jws); // steps 2-4
  const now = rules.now ?? currentTime();
  checkClaims(payload, jws.header, rules.claims, now); // step 5
  // Step 6. Any truthy answer revokes: a callback returning the revocation record it found must not let the token in.
  if (rules.isRevoked !== undefined && Boolean(await rules.isRevoked(payload, jws.header))) {
    throw new JWTRevoked("the token has been revoked", payload);
  }
  if (cache !== undefined && !cached) cache.add(token as string, payload.exp, now);
  return { header: jws.header, payload: payload as P & JWTPayload };
}

/** Verifies a JWT and returns its header and payload; rejects with the first failing step's `JWTError`. */
export async function verify<P = JWTPayload>(
  token: string,
  key: KeyLike | KeyResolver,
  options?: VerifyOptions,
): Promise<VerifiedJWT<P>> {
  return run<P>(token, key, readRules(readOptions<VerifyOptions>(options, "verify")), undefined);
}

/**
 * Returns a function that verifies tokens with `key` and `options`, both checked once: option mistakes throw
 * here (`ERR_INVALID_ARGUMENT`); a key that cannot be used rejects each call (`ERR_KEY_INVALID`).
 */
export function createVerifier<P = JWTPayload>(
  key: KeyLike | KeyResolver,
  options?: VerifierOptions,
): (token: string) => Promise<VerifiedJWT<P>> {
  const { rules, cache } = readSafely(() => {
    const opts = readOptions<VerifierOptions>(options, "createVerifier");
    return { rules: readRules(opts), cache: opts.cache === undefined ? undefined : new VerifierCache(opts.cache) };
  }, invalidArgument);
  return (token) => run<P>(token, key, rules, cache);
}
