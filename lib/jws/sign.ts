/**
 * signJWS: the compact serialization of a JWS over any payload bytes (RFC 7515 §5.1, §7.1).
 * `createJWSSigner` does the work once per key and header, so `createSigner` can sign all day with the
 * header already encoded.
 */
import { algorithmByName, type Algorithm, type AlgorithmName } from "../jwa/algorithms.js";
import { createSignature } from "../jwa/signature.js";
import { InvalidArgument, KeyInvalid } from "../errors.js";
import { describeValue, invalidArgument, isPlainObject, optionalString, readOptions, readSafely } from "../arguments.js";
import { binaryOfBytes, encodeBase64url, encodeBase64urlBinary } from "../bytes/base64url.js";
import { utf8Binary } from "../bytes/utf8.js";
import { cryptoKeyNow, keyHandle } from "../keys/handle.js";
import type { KeyLike } from "../keys/types.js";
import { checkCriticalToWrite } from "./crit.js";

/** The options of `signJWS` (and the header options of `sign`): what the protected header says (RFC 7515 §4). */
export interface SignJWSOptions {
  /** The algorithm (default: the key's own; HS256 for a secret; EdDSA for an Ed25519 key without one). */
  alg?: AlgorithmName;
  /** The `kid` header parameter (RFC 7515 §4.1.4). Default: none. */
  kid?: string;
  /** The `typ` header parameter (RFC 7515 §4.1.9). Default: none for `signJWS`, `"JWT"` for `sign`. */
  typ?: string;
  /** More protected header parameters. `alg` cannot be set here; `typ` and `kid` must agree with the options. */
  header?: Record<string, unknown>;
}

/** The names of signJWS's options. */
export const SIGN_JWS_OPTIONS: ReadonlySet<string> = new Set(["alg", "kid", "typ", "header"]);

/** The header options of a signer, checked. */
export interface HeaderOptions {
  readonly alg: Algorithm | undefined;
  readonly kid: string | undefined;
  readonly typ: string | undefined;
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Checks `alg`, `kid`, `typ` and `header`. @throws InvalidArgument */
export function readHeaderOptions(options: Partial<SignJWSOptions>, defaultTyp: string | undefined): HeaderOptions {
  let alg: Algorithm | undefined;
  if (options.alg !== undefined) {
    alg = algorithmByName(options.alg);
    if (alg === undefined) {
      throw new InvalidArgument(typeof options.alg === "string" && options.alg.toLowerCase() === "none"
        ? 'alg "none" is never produced: tokens are always signed'
        : `alg ${describeValue(options.alg)} is not an algorithm keycard knows`);
    }
  }
  const kid = optionalString(options.kid, "kid");
  const typ = optionalString(options.typ, "typ");
  const extra = options.header === undefined ? {} : options.header;
  if (!isPlainObject(extra)) throw new InvalidArgument("header must be a plain object of header parameters");
  if (Object.hasOwn(extra, "alg")) throw new InvalidArgument("header cannot set alg; use the alg option");
  if (Object.hasOwn(extra, "b64") && extra.b64 !== true) throw new InvalidArgument('"b64": false (RFC 7797) is not supported');
  checkCriticalToWrite(extra);
  for (const [name, value] of [["typ", typ], ["kid", kid]] as const) {
    if (Object.hasOwn(extra, name)) {
      if (typeof extra[name] !== "string") throw new InvalidArgument(`header.${name} must be a string`);
      if (value !== undefined && extra[name] !== value) throw new InvalidArgument(`header.${name} contradicts the ${name} option`);
    }
  }
  return {
    alg,
    kid: kid ?? (extra.kid as string | undefined),
    typ: typ ?? (extra.typ as string | undefined) ?? defaultTyp,
    extra,
  };
}

/** Encodes a protected header: `alg`, then `typ` and `kid`, then the extra parameters. */
function encodeHeader(alg: Algorithm, options: HeaderOptions): string {
  const header: Record<string, unknown> = { alg: alg.name };
  if (options.typ !== undefined) header.typ = options.typ;
  if (options.kid !== undefined) header.kid = options.kid;
  for (const [name, value] of Object.entries(options.extra)) {
    // defineProperty, not assignment: a parameter named "__proto__" must stay a parameter
    if (name !== "typ" && name !== "kid") Object.defineProperty(header, name, { value, enumerable: true, writable: true, configurable: true });
  }
  let json: string;
  try {
    json = JSON.stringify(header);
  } catch (cause) {
    throw new InvalidArgument(`the header cannot be written as JSON: ${(cause as Error).message}`, { cause });
  }
  return encodeBase64urlBinary(utf8Binary(json));
}

/** Signs payload bytes, given as a binary string (one character per byte), into a compact JWS. */
export type JWSSigner = (payloadBinary: string) => Promise<string>;

/**
 * A signer for `key` and these header options. Option mistakes throw now (`InvalidArgument`); a key that
 * cannot sign makes every call reject with `KeyInvalid`, as API.md asks of `createSigner`.
 */
export function createJWSSigner(key: unknown, options: HeaderOptions): JWSSigner {
  let handle;
  try {
    handle = keyHandle(key);
  } catch (error) {
    return () => Promise.reject(error);
  }
  const alg = options.alg ?? handle.defaultAlgorithm;
  if (alg === undefined) {
    throw new InvalidArgument(`${handle.description} can sign with ${handle.algorithms.map((a) => a.name).join(", ")}: state which with the alg option`);
  }
  if (!handle.algorithms.includes(alg)) {
    const error = new KeyInvalid(`${handle.description} cannot sign ${alg.name}; it permits ${handle.algorithms.map((a) => a.name).join(", ")}`);
    return () => Promise.reject(error);
  }
  const encodedHeader = encodeHeader(alg, options) + "."; // encoded once per signer
  const keyHolder = handle;
  return async (payloadBinary) => {
    const given = cryptoKeyNow(keyHolder, alg, "sign"); // no promise to wait on once the key is imported
    const cryptoKey = given instanceof Promise ? await given : given;
    // The JWS Signing Input, BASE64URL(header) || '.' || BASE64URL(payload) (RFC 7515 §5.1 steps 2-4): ASCII
    // text, which is also the token's first two parts; the backend signs its bytes.
    const signingInput = encodedHeader + encodeBase64urlBinary(payloadBinary);
    const signed = createSignature(alg, cryptoKey, signingInput); // RFC 7515 §5.1 step 5
    const signature = signed instanceof Promise ? await signed : signed;
    return signingInput + "." + encodeBase64url(signature);
  };
}

/**
 * Signs `payload` (bytes, or a string taken as UTF-8) into a compact JWS (RFC 7515 §5.1, §7.1): the JWS layer
 * beneath `sign`, for payloads that are not JWT claims. The header is `alg`, then `typ` and `kid` when given
 * (no `typ` by default), then `header`'s parameters.
 * @throws InvalidArgument (as a rejection) for a payload that is not a string or a Uint8Array, a bad option, `alg`
 *   `none` or unknown, a `crit` RFC 7515 §4.1.11 forbids, or `b64: false`.
 * @throws KeyInvalid (as a rejection) when the key cannot sign `alg`.
 * @example
 * const jws = await signJWS("hello", secret, { alg: "HS256" });
 */
export async function signJWS(payload: Uint8Array | string, key: KeyLike, options?: SignJWSOptions): Promise<string> {
  const signer = readSafely(() => {
    const header = readHeaderOptions(readOptions<SignJWSOptions>(options, "signJWS", SIGN_JWS_OPTIONS), undefined);
    if (typeof payload !== "string" && !(payload instanceof Uint8Array)) {
      throw new InvalidArgument("signJWS signs a Uint8Array or a string");
    }
    return createJWSSigner(key, header);
  }, invalidArgument);
  return signer(typeof payload === "string" ? utf8Binary(payload) : binaryOfBytes(payload));
}
