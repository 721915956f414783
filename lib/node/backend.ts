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
 * CryptoKeys become KeyObjects once (`KeyObject.from`), and their node:crypto options are built once per
 * algorithm (cached per key).
 */
import { KeyObject, constants, createHmac, sign as signOneShot, timingSafeEqual, verify as verifyOneShot } from "node:crypto";
import type { Algorithm } from "../jwa/algorithms.js";
import type { Backend } from "../jwa/backend.js";

/** A key as node:crypto takes it for one algorithm: the digest name and the key with its options. */
interface Prepared {
  readonly object: KeyObject;
  readonly digest: string | null;
  readonly options: KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: "ieee-p1363" };
}

const prepared = new WeakMap<CryptoKey, Map<Algorithm, Prepared>>();

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

function prepare(alg: Algorithm, key: CryptoKey): Prepared {
  let byAlg = prepared.get(key);
  if (byAlg === undefined) prepared.set(key, (byAlg = new Map()));
  let entry = byAlg.get(alg);
  if (entry === undefined) {
    const object = byAlg.size > 0 ? byAlg.values().next().value!.object : KeyObject.from(key);
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
    const { object, digest, options } = prepare(alg, key);
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
    const { object, digest, options } = prepare(alg, key);
    if (alg.family === "HMAC") {
      const hmac = createHmac(digest!, object);
      const expected = (typeof data === "string" ? hmac.update(data, "latin1") : hmac.update(data)).digest();
      // RFC 7518 §3.2: compared in constant time. The lengths are equal: the caller checked the signature's.
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    return verifyOneShot(digest, bytesOf(data), options, signature);
  },
};
