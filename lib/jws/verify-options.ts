/**
 * The options of `verifyJWS` (and of `verify`, which has them too), checked once.
 */
import { algorithmByName, type Algorithm, type AlgorithmName } from "../jwa/algorithms.js";
import { InvalidArgument } from "../errors.js";
import { describeValue, optionalPositiveInteger } from "../arguments.js";
import { DEFAULT_MAX_TOKEN_LENGTH } from "./compact.js";
import { REGISTERED_HEADER_PARAMETERS } from "./crit.js";

/** The options of `verifyJWS`, which `verify` has too. */
export interface VerifyJWSOptions {
  /**
   * The algorithms accepted (RFC 8725 §3.1). Default: what the key permits. Listing `none` or an unknown
   * name is an error.
   */
  algorithms?: readonly AlgorithmName[];
  /**
   * Header parameters your application understands and checks itself, allowed in `crit` (RFC 7515 §4.1.11).
   * Default: none, so a token with `crit` (other than `b64`) is `ERR_JWT_HEADER_UNSUPPORTED`.
   */
  critical?: readonly string[];
  /** The longest token read, in characters (default 65 536). */
  maxTokenLength?: number;
}

/** The names of verifyJWS's options. */
export const VERIFY_JWS_OPTIONS: ReadonlySet<string> = new Set(["algorithms", "critical", "maxTokenLength"]);

/** The JWS options in the form the verification steps use. */
export interface JWSRules {
  readonly algorithms: ReadonlySet<Algorithm> | undefined;
  readonly critical: ReadonlySet<string>;
  readonly maxTokenLength: number;
}

/** @throws InvalidArgument */
export function readJWSRules(options: Partial<VerifyJWSOptions>): JWSRules {
  let algorithms: Set<Algorithm> | undefined;
  if (options.algorithms !== undefined) {
    if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) {
      throw new InvalidArgument("algorithms must be a non-empty array of algorithm names");
    }
    algorithms = new Set();
    for (const name of options.algorithms as unknown[]) {
      const alg = algorithmByName(name);
      if (alg === undefined) {
        throw new InvalidArgument(typeof name === "string" && name.toLowerCase() === "none"
          ? 'algorithms must not list "none": unsecured tokens are never accepted (RFC 8725 §3.1)'
          : `algorithms lists ${describeValue(name)}, which is not an algorithm keycard knows`);
      }
      algorithms.add(alg);
    }
  }
  const critical = new Set<string>();
  if (options.critical !== undefined) {
    if (!Array.isArray(options.critical)) throw new InvalidArgument("critical must be an array of header parameter names");
    for (const name of options.critical as unknown[]) {
      if (typeof name !== "string" || REGISTERED_HEADER_PARAMETERS.has(name)) {
        throw new InvalidArgument(`critical must list extension header names, not ${describeValue(name)}`);
      }
      critical.add(name);
    }
  }
  const maxTokenLength = optionalPositiveInteger(options.maxTokenLength, "maxTokenLength") ?? DEFAULT_MAX_TOKEN_LENGTH;
  return { algorithms, critical, maxTokenLength };
}
