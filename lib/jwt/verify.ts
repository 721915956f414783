/**
 * verify and createVerifier: API.md's six steps, in order, each failure thrown as soon as it is found:
 * 1 shape, 2 crit, 3 algorithm and key, 4 signature, 5 claims, 6 isRevoked. Nothing in the payload is judged
 * before the signature holds (RFC 8725 §3.1 and §3.2).
 */
import { JWTRevoked } from "../errors.js";
import { currentTime, invalidArgument, optionalFunction, optionalTime, readOptions, readSafely } from "../arguments.js";
import type { JWSHeader, KeyLike, KeyResolver } from "../keys/types.js";
import { jsonObjectOf, parseCompact, textOf } from "../jws/compact.js";
import { verifySignedParts } from "../jws/verify.js";
import { readJWSRules, VERIFY_JWS_OPTIONS, type JWSRules, type VerifyJWSOptions } from "../jws/verify-options.js";
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
  /** Remember verified tokens (see `VerifierCache`); `true` for the defaults { max: 1000, ttl: 60 s }, `false` for none. */
  cache?: VerifierCacheOptions | boolean;
}

export interface VerifiedJWT<P = JWTPayload> {
  header: JWSHeader;
  payload: P & JWTPayload;
}

const VERIFY_OPTIONS: ReadonlySet<string> = new Set([
  ...VERIFY_JWS_OPTIONS, "issuer", "audience", "subject", "typ", "clockTolerance", "maxTokenAge", "requiredClaims",
  "isRevoked", "now",
]);
const VERIFIER_OPTIONS: ReadonlySet<string> = new Set([...VERIFY_OPTIONS, "cache"]);

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

/** Steps 5 and 6, for a token whose signature held (now, or when the cache took it). */
function judge<P>(header: JWSHeader, payload: JWTPayload, rules: Rules, now: number): VerifiedJWT<P> | Promise<VerifiedJWT<P>> {
  checkClaims(payload, header, rules.claims, now); // step 5
  const verified = { header, payload: payload as P & JWTPayload };
  if (rules.isRevoked === undefined) return verified;
  // Step 6. Any truthy answer revokes: a callback returning the revocation record it found must not let the token in.
  return (async () => {
    if (Boolean(await rules.isRevoked!(payload, header))) throw new JWTRevoked("the token has been revoked", payload);
    return verified;
  })();
}

// One async function per call, and no `await` on the way when the key is ready and the backend answers at once
// (node:crypto's HMAC): each await would cost a trip through the microtask queue.
async function run<P>(token: unknown, key: unknown, rules: Rules, cache: VerifierCache | undefined): Promise<VerifiedJWT<P>> {
  const hit = cache !== undefined && typeof token === "string" ? cache.get(token, rules.now ?? currentTime()) : undefined;
  if (hit !== undefined) {
    // Texts this verifier already parsed strictly and verified: plain JSON.parse gives the caller fresh objects.
    return judge<P>(JSON.parse(hit.headerText) as JWSHeader, JSON.parse(hit.payloadText) as JWTPayload, rules, rules.now ?? currentTime());
  }
  const jws = parseCompact(token, rules.jws.maxTokenLength); // step 1
  const payloadText = textOf(jws.payloadBinary, "payload");
  const payload = jsonObjectOf(payloadText, "payload") as JWTPayload; // step 1, RFC 7519 §7.2 step 10
  const pending = verifySignedParts(jws, key, rules.jws); // steps 2-4
  if (pending !== undefined) await pending;
  const now = rules.now ?? currentTime();
  const judged = judge<P>(jws.header, payload, rules, now);
  const verified = judged instanceof Promise ? await judged : judged;
  cache?.add(token as string, jws.headerText, payloadText, payload.exp, now);
  return verified;
}

/** Verifies a JWT and returns its header and payload; rejects with the first failing step's `JWTError`. */
export function verify<P = JWTPayload>(
  token: string,
  key: KeyLike | KeyResolver,
  options?: VerifyOptions,
): Promise<VerifiedJWT<P>> {
  // Not an async function: returning run's promise from one would cost two more turns of the microtask queue.
  let rules: Rules;
  try {
    rules = readRules(readOptions<VerifyOptions>(options, "verify", VERIFY_OPTIONS));
  } catch (error) {
    return Promise.reject(error);
  }
  return run<P>(token, key, rules, undefined);
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
    const opts = readOptions<VerifierOptions>(options, "createVerifier", VERIFIER_OPTIONS);
    return { rules: readRules(opts), cache: opts.cache === undefined || opts.cache === false ? undefined : new VerifierCache(opts.cache) };
  }, invalidArgument);
  return (token) => run<P>(token, key, rules, cache);
}
