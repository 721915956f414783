/**
 * A key handle: what keycard makes of a `KeyLike` before using it, once per key.
 *
 * It answers the two questions of verify step 3 (API.md) in order: which algorithms does the key permit
 * (`algorithms`, a mismatch is `ERR_JWT_ALG_NOT_ALLOWED`), then is the key usable for the one chosen
 * (`cryptoKey`, which refuses weak keys and keys of the wrong kind with `ERR_KEY_INVALID`, and imports the
 * key into WebCrypto once per algorithm and use).
 */
import type { Algorithm } from "../jwa/algorithms.js";
import { KeyInvalid } from "../errors.js";
import { isPlainObject, readSafely } from "../arguments.js";
import { cryptoKeyHandle, isCryptoKey } from "./crypto-key.js";
import { jwkHandle } from "./jwk.js";
import { secretHandle } from "./secret.js";

/** What keycard knows of one key: the algorithms it permits, and its `CryptoKey` per algorithm and use. */
export interface KeyHandle {
  /** The algorithms this key may be used with: its own, or its family's (API.md, "Keys"). */
  readonly algorithms: readonly Algorithm[];
  /** The algorithm `sign` uses when none is given, or `undefined` when it must be stated (an RSA JWK). */
  readonly defaultAlgorithm: Algorithm | undefined;
  /** What the key is, for error messages ("an HMAC secret", "a P-256 ECDSA public CryptoKey"...). */
  readonly description: string;
  /**
   * A `CryptoKey` for `alg` and `usage`, imported once and cached.
   * @throws KeyInvalid (as a rejection) when the key is too weak, of the wrong kind, or not for this use.
   */
  cryptoKey(alg: Algorithm, usage: "sign" | "verify"): Promise<CryptoKey>;
}

const handles = new WeakMap<object, KeyHandle>();

/** The CryptoKeys a handle has already given, per use and algorithm: a handle's answer never changes once given. */
const given = { sign: new WeakMap<KeyHandle, Map<Algorithm, CryptoKey>>(), verify: new WeakMap<KeyHandle, Map<Algorithm, CryptoKey>>() };

/**
 * `handle.cryptoKey(alg, usage)`, without a promise when the key was given before: the hot path of a
 * verifier or signer then runs without waiting on a microtask. Refusals are not kept (each call reports them).
 */
export function cryptoKeyNow(handle: KeyHandle, alg: Algorithm, usage: "sign" | "verify"): CryptoKey | Promise<CryptoKey> {
  const known = given[usage].get(handle)?.get(alg);
  if (known !== undefined) return known;
  return handle.cryptoKey(alg, usage).then((key) => {
    let byAlg = given[usage].get(handle);
    if (byAlg === undefined) given[usage].set(handle, (byAlg = new Map()));
    byAlg.set(alg, key);
    return key;
  });
}

/**
 * The handle of `key`, cached per object (a `CryptoKey`, a JWK object) or per secret value.
 * @throws KeyInvalid when `key` is not a key at all (a number, an array, a JWK of no known type...).
 */
export function keyHandle(key: unknown): KeyHandle {
  if (typeof key === "object" && key !== null) {
    const known = handles.get(key); // the common case: a key seen before, no work at all
    if (known !== undefined) return known;
  }
  // A Proxy, a throwing getter or a fake CryptoKey must end in KeyInvalid like any other non-key (API.md, "Errors").
  return readSafely(() => newHandle(key), keyInvalid);
}

function newHandle(key: unknown): KeyHandle {
  if (typeof key === "string" || key instanceof Uint8Array) return secretHandle(key);
  if (typeof key !== "object" || key === null) {
    throw new KeyInvalid(`a key must be a secret (string or Uint8Array), a CryptoKey or a JWK object; got ${
      key === null ? "null" : typeof key}`);
  }
  let handle: KeyHandle;
  if (isCryptoKey(key)) handle = cryptoKeyHandle(key);
  else if (isPlainObject(key)) handle = jwkHandle(copyOfJWK(key));
  else throw new KeyInvalid("a key must be a secret (string or Uint8Array), a CryptoKey or a JWK object");
  handles.set(key, handle);
  return handle;
}

function keyInvalid(message: string, options: { cause: unknown }): KeyInvalid {
  return new KeyInvalid(message, options);
}

/**
 * The JWK's own members, read once (arrays copied): the key checked is the key used, whatever getters or
 * later changes the caller's object has. A null prototype keeps a `"__proto__"` member an ordinary member.
 */
function copyOfJWK(jwk: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(jwk)) {
    const value = jwk[name];
    copy[name] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return copy;
}
