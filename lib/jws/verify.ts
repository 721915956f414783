/**
 * verifyJWS: verify steps 1-4 of API.md over any payload bytes (RFC 7515 §5.2).
 * `verifySignedParts` holds steps 2-4, which `verify` (the JWT layer) shares.
 */
import { algorithmByName, type Algorithm } from "../jwa/algorithms.js";
import { verifySignature } from "../jwa/signature.js";
import { JWTAlgorithmNotAllowed, JWTSignatureInvalid } from "../errors.js";
import { invalidArgument, readOptions, readSafely } from "../arguments.js";
import { cryptoKeyNow, keyHandle } from "../keys/handle.js";
import type { JWSHeader, KeyLike, KeyResolver } from "../keys/types.js";
import { parseCompact, type CompactJWS } from "./compact.js";
import { bytesOfBinary } from "../bytes/base64url.js";
import { checkCritical } from "./crit.js";
import { readJWSRules, VERIFY_JWS_OPTIONS, type JWSRules, type VerifyJWSOptions } from "./verify-options.js";

/**
 * Steps 2 to 4 for a token whose form is already checked: `crit`, the algorithm against the options and the
 * key, the key's fitness, the signature. Claims are the caller's, after this returns. Returns `undefined` when
 * everything was decided at once (a key already imported, a synchronous backend), a promise otherwise; a
 * failure is thrown, or rejects the promise.
 */
export function verifySignedParts(jws: CompactJWS, key: unknown, rules: JWSRules): Promise<void> | undefined {
  const { header } = jws;
  checkCritical(header, rules.critical); // step 2
  // Step 3 (RFC 8725 §3.1): the algorithm must be one we allow before any key is looked up.
  const alg = algorithmByName(header.alg);
  if (alg === undefined) {
    throw new JWTAlgorithmNotAllowed(header.alg.toLowerCase() === "none"
      ? 'unsecured tokens ("alg": "none") are never accepted (RFC 8725 §3.1)'
      : `alg ${JSON.stringify(header.alg.slice(0, 40))} is not an algorithm keycard accepts`);
  }
  if (rules.algorithms !== undefined && !rules.algorithms.has(alg)) {
    throw new JWTAlgorithmNotAllowed(`alg ${alg.name} is not in options.algorithms`);
  }
  if (typeof key === "function") return (async () => verifyWithKey(jws, alg, await (key as KeyResolver)(header)))();
  return verifyWithKey(jws, alg, key);
}

/** The rest of step 3 and step 4, once the key is known. */
function verifyWithKey(jws: CompactJWS, alg: Algorithm, key: unknown): Promise<void> | undefined {
  const handle = keyHandle(key);
  if (!handle.algorithms.includes(alg)) {
    throw new JWTAlgorithmNotAllowed(
      `alg ${alg.name} does not fit the key: ${handle.description} permits ${handle.algorithms.map((a) => a.name).join(", ")}`,
    );
  }
  const cryptoKey = cryptoKeyNow(handle, alg, "verify");
  if (cryptoKey instanceof Promise) return cryptoKey.then((ready) => checkSignature(jws, alg, ready));
  return checkSignature(jws, alg, cryptoKey);
}

/** Step 4, RFC 7515 §5.2 step 8. */
function checkSignature(jws: CompactJWS, alg: Algorithm, key: CryptoKey): Promise<void> | undefined {
  const valid = verifySignature(alg, key, jws.signingInput, jws.signature);
  if (valid === true) return undefined;
  if (valid === false) throw new JWTSignatureInvalid();
  return valid.then((v) => {
    if (!v) throw new JWTSignatureInvalid();
  });
}

/** What `verifyJWS` returns: a header and payload bytes whose signature held. */
export interface VerifiedJWS {
  /** The protected header (RFC 7515 §4). */
  header: JWSHeader;
  /** The payload bytes (RFC 7515 §5.2 step 6), not interpreted. */
  payload: Uint8Array;
}

/**
 * Verifies a compact JWS over any payload (RFC 7515 §5.2) and returns its header and payload bytes: verify's
 * steps 1 to 4 (shape, `crit`, algorithm and key, signature) without asking the payload to be JSON.
 * @throws JWTMalformed, JWTHeaderUnsupported, JWTAlgorithmNotAllowed, KeyInvalid, JWTSignatureInvalid, or
 *   InvalidArgument for bad options, as rejections.
 * @example
 * const { payload } = await verifyJWS(jws, secret, { algorithms: ["HS256"] });
 * new TextDecoder().decode(payload); // "hello"
 */
export async function verifyJWS(
  token: string,
  key: KeyLike | KeyResolver,
  options?: VerifyJWSOptions,
): Promise<VerifiedJWS> {
  const rules = readSafely(() => readJWSRules(readOptions<VerifyJWSOptions>(options, "verifyJWS", VERIFY_JWS_OPTIONS)), invalidArgument);
  const jws = parseCompact(token, rules.maxTokenLength);
  await verifySignedParts(jws, key, rules);
  return { header: jws.header, payload: bytesOfBinary(jws.payloadBinary) };
}
