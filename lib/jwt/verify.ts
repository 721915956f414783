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

/**
 * The options of `verify`: those of `verifyJWS` (`algorithms`, `critical`, `maxTokenLength`), the claim checks
 * of `ClaimOptions`, and `isRevoked` and `now`. Every option is off unless given, except `maxTokenLength`
 * (65 536) and `clockTolerance` (0). An unknown option name is `ERR_INVALID_ARGUMENT`.
 */
export interface VerifyOptions extends VerifyJWSOptions, ClaimOptions {
  /**
   * Step 6: called with the verified payload and header once every claim passed; returning true rejects
   * the token with `ERR_JWT_REVOKED`. An error it throws reaches the caller unchanged.
   */
  isRevoked?: (payload: JWTPayload, header: JWSHeader) => boolean | Promise<boolean>;
  /** The time to judge claims at: a Date or seconds since the epoch (default: the clock). */
  now?: Date | number;
}

/** The options of `createVerifier`: those of `verify`, and the opt-in verified-token `cache`. */
export interface VerifierOptions extends VerifyOptions {
  /** Remember verified tokens (see `VerifierCache`); `true` for the defaults { max: 1000, ttl: 60 s }, `false` for none. */
  cache?: VerifierCacheOptions | boolean;
}

/** What `verify` returns: a header and payload whose signature held and whose claims passed. */
export interface VerifiedJWT<P = JWTPayload> {
  /** The protected header (RFC 7515 §4). */
  header: JWSHeader;
  /** The claims set (RFC 7519 §4). */
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

/**
 * Verifies a JWT and returns its header and payload. The checks run in a fixed order and the first failure
 * rejects: 1 shape (RFC 7515 §5.2 steps 1-4, RFC 7519 §7.2), 2 `crit` (RFC 7515 §4.1.11), 3 the algorithm
 * against `algorithms` and the key (RFC 8725 §3.1), then the key itself, 4 the signature (RFC 7515 §5.2 step 8),
 * 5 the claims (RFC 7519 §4.1), 6 `isRevoked`. `key` is a key, or a resolver such as a JWK Set.
 * @throws JWTMalformed, JWTHeaderUnsupported, JWTAlgorithmNotAllowed, KeyInvalid, JWTSignatureInvalid,
 *   JWTExpired, JWTNotYetValid, JWTClaimInvalid, JWTRevoked or InvalidArgument (bad options), as rejections;
 *   a resolver's JWKS errors, and anything the caller's own callbacks throw, pass through.
 * @example
 * const { payload } = await verify(token, secret, { issuer: "https://auth.example.com", audience: "orders-api" });
 */
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
 * Returns a function that verifies tokens with `key` and `options`, both checked once, with the semantics and
 * errors of `verify`. With `cache`, a token verified before skips steps 1-4 until its `exp` or the cache's
 * `ttl` (default `{ max: 1000, ttl: 60 s }`), but its claims and `isRevoked` are judged again at every call.
 * @throws InvalidArgument (synchronously) for a bad option. Each call rejects as `verify` does; a key that cannot
 *   be used rejects each call with `KeyInvalid`.
 * @example
 * const check = createVerifier(keys, { issuer: "https://issuer.example", audience: "orders-api" });
 * const { payload } = await check(token);
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
