/**
 * The node:crypto backend, installed by the Node.js entry point (`lib/node/index.ts`, the `node` condition of
 * the package's `exports`).
 *
 * Same contract as the WebCrypto backend (`lib/jwa/backend.ts`), through Node's own crypto:
 * - HMAC runs on the calling thread: `createHmac` takes about 2 µs, where a WebCrypto call in Node is queued
 *   to a worker thread and costs 25-40 µs.
 * - Public-key verifying (RSA about 30 µs, ECDSA and Ed25519 about 60-100 µs) and ECDSA and Ed25519 signing
 *   (about 40 µs) also run on the calling thread, through the one-shot `crypto.verify` / `crypto.sign`: a hop
 *   to libuv's thread pool costs 20-40 µs of latency per call, so one call at a time the calling thread is 1.3
 *   to 1.7x faster. The pool would spread calls over more cores (on 2 cores, ES256 verify with 64 in flight:
 *   about 9k/s here, 18k/s in the pool); a Node.js server that needs more than one core runs one process per
 *   core, where the calling thread is the better use of each (docs/performance.md).
 * - RSA signing (1 to several ms with a 2048-bit key, more with larger) goes to the thread pool through the
 *   callback form of `crypto.sign`: on the calling thread it would stall every other request for as long; the
 *   hop costs 2-3 % of it.
 *
 * CryptoKeys become KeyObjects once, and their node:crypto options are built once per algorithm (cached per
 * key). A key keycard imported (a secret, a JWK, a PEM) becomes a KeyObject from the material it was imported
 * from (`lib/jwa/key-material.ts`): Node.js deprecates `KeyObject.from` on a non-extractable CryptoKey
 * (DEP0204, a runtime warning from Node.js 26), and keycard's secrets and private keys are non-extractable. Only
 * a CryptoKey the caller made goes through `KeyObject.from`; should a Node.js version refuse it, that key is
 * signed and verified through WebCrypto instead.
 */
import {
  KeyObject, constants, createHmac, createPrivateKey, createPublicKey, createSecretKey, sign as signOneShot, timingSafeEqual,
  verify as verifyOneShot, type JsonWebKey as NodeJsonWebKey,
} from "node:crypto";
import type { Algorithm } from "../jwa/algorithms.js";
import type { Backend } from "../jwa/backend.js";
import { keyMaterialOf } from "../jwa/key-material.js";
import { backend as webcrypto } from "../jwa/webcrypto.js";

/** A key as node:crypto takes it for one algorithm: the digest name and the key with its options. */
interface Prepared {
  readonly object: KeyObject;
  readonly digest: string | null;
  readonly options: KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: "ieee-p1363" };
}

const prepared = new WeakMap<CryptoKey, Map<Algorithm, Prepared>>();
/** CryptoKeys node:crypto would not take (`KeyObject.from` threw): WebCrypto signs and verifies with them. */
const webCryptoOnly = new WeakSet<CryptoKey>();

const NODE_HASH: Record<string, string> = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

/** node:crypto's options for one key under one algorithm. */
function keyOptions(alg: Algorithm, key: KeyObject): Prepared["options"] {
  switch (alg.family) {
    case "RSASSA-PKCS1-v1_5":
      return { key, padding: constants.RSA_PKCS1_PADDING };
    case "RSA-PSS":
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength! };
    case "ECDSA":
      return { key, dsaEncoding: "ieee-p1363" };
    default:
      return key;
  }
}

/** The KeyObject of a CryptoKey: from the material keycard imported it from, else converted (a caller's own key). */
function keyObjectOf(key: CryptoKey): KeyObject {
  const material = keyMaterialOf(key);
  if (material === undefined) return KeyObject.from(key);
  switch (material.format) {
    case "raw":
      return createSecretKey(material.bytes);
    case "jwk": {
      const jwk = material.jwk as NodeJsonWebKey;
      if (key.type === "secret") return createSecretKey(Buffer.from(String(jwk.k), "base64url")); // an oct JWK
      return key.type === "private" ? createPrivateKey({ key: jwk, format: "jwk" }) : createPublicKey({ key: jwk, format: "jwk" });
    }
    case "spki":
      return createPublicKey({ key: Buffer.from(material.der), format: "der", type: "spki" });
    case "pkcs8":
      return createPrivateKey({ key: Buffer.from(material.der), format: "der", type: "pkcs8" });
  }
}

/** node:crypto's form of `key` for `alg`, built once; `undefined` for a key only WebCrypto can use. */
function prepare(alg: Algorithm, key: CryptoKey): Prepared | undefined {
  let byAlg = prepared.get(key);
  if (byAlg === undefined) {
    if (webCryptoOnly.has(key)) return undefined;
    prepared.set(key, (byAlg = new Map()));
  }
  let entry = byAlg.get(alg);
  if (entry === undefined) {
    let object: KeyObject;
    try {
      object = byAlg.size > 0 ? byAlg.values().next().value!.object : keyObjectOf(key);
    } catch {
      // DEP0204: a later Node.js may refuse to convert a non-extractable CryptoKey; WebCrypto still takes it.
      prepared.delete(key);
      webCryptoOnly.add(key);
      return undefined;
    }
    // The digest node:crypto takes (`null` for Ed25519, which names none).
    entry = { object, digest: alg.hash === undefined ? null : NODE_HASH[alg.hash]!, options: keyOptions(alg, object) };
    byAlg.set(alg, entry);
  }
  return entry;
}

/** The bytes of the signing input: a string stands for its ASCII bytes, hashed as latin1 with no TextEncoder. */
function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "latin1") : data;
}

/** The Node.js backend: one-shot node:crypto calls on the calling thread, except RSA signing (libuv's thread pool). */
export const backend: Backend = {
  name: "node:crypto",
  sign(alg, key, data) {
    const entry = prepare(alg, key);
    if (entry === undefined) return webcrypto.sign(alg, key, data);
    const { object, digest, options } = entry;
    if (alg.family === "HMAC") {
      const hmac = createHmac(digest!, object);
      return (typeof data === "string" ? hmac.update(data, "latin1") : hmac.update(data)).digest();
    }
    if (alg.kty !== "RSA") return signOneShot(digest, bytesOf(data), options);
    return new Promise<Uint8Array>((resolve, reject) => {
      signOneShot(digest, bytesOf(data), options, (error, signature) => (error ? reject(error) : resolve(signature)));
    });
  },
  verify(alg, key, data, signature) {
    const entry = prepare(alg, key);
    if (entry === undefined) return webcrypto.verify(alg, key, data, signature);
    const { object, digest, options } = entry;
    if (alg.family === "HMAC") {
      const hmac = createHmac(digest!, object);
      const expected = (typeof data === "string" ? hmac.update(data, "latin1") : hmac.update(data)).digest();
      // RFC 7518 §3.2: compared in constant time. The lengths are equal: the caller checked the signature's.
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    return verifyOneShot(digest, bytesOf(data), options, signature);
  },
};
