/**
 * The node:crypto backend, installed by the Node.js entry point (`lib/node/index.ts`, the `node` condition of
 * the package's `exports`).
 *
 * Same contract as the WebCrypto backend (`lib/jwa/backend.ts`), through Node's own crypto: a WebCrypto
 * call in Node is queued to a worker thread and costs 25-40 µs; `createHmac` or a one-shot `verify` run on
 * the calling thread in about 2 µs. Only RSA private-key signing, which takes a millisecond or more, is
 * still sent to the thread pool (the callback form of `crypto.sign`) so it never stalls the event loop.
 *
 * CryptoKeys become KeyObjects once (`KeyObject.from`, cached per key).
 */
import { KeyObject, constants, createHmac, sign as signOneShot, timingSafeEqual, verify as verifyOneShot } from "node:crypto";
import type { Algorithm } from "../jwa/algorithms.js";
import type { Backend } from "../jwa/backend.js";

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObject(key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) {
    object = KeyObject.from(key);
    keyObjects.set(key, object);
  }
  return object;
}

const NODE_HASH: Record<string, string> = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

/** The digest name node:crypto takes (`null` for Ed25519, which names none). */
function digestOf(alg: Algorithm): string | null {
  return alg.hash === undefined ? null : NODE_HASH[alg.hash]!;
}

/** node:crypto's options for one key under one algorithm. */
function keyOptions(alg: Algorithm, key: KeyObject) {
  switch (alg.family) {
    case "RSASSA-PKCS1-v1_5":
      return { key, padding: constants.RSA_PKCS1_PADDING };
    case "RSA-PSS":
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength! };
    case "ECDSA":
      return { key, dsaEncoding: "ieee-p1363" as const };
    default:
      return key;
  }
}

export const backend: Backend = {
  name: "node:crypto",
  sign(alg, key, data) {
    const object = keyObject(key);
    if (alg.family === "HMAC") return createHmac(digestOf(alg)!, object).update(data).digest();
    if (alg.kty === "RSA") {
      return new Promise<Uint8Array>((resolve, reject) => {
        signOneShot(digestOf(alg), data, keyOptions(alg, object), (error, signature) => (error ? reject(error) : resolve(signature)));
      });
    }
    return signOneShot(digestOf(alg), data, keyOptions(alg, object));
  },
  verify(alg, key, data, signature) {
    const object = keyObject(key);
    if (alg.family === "HMAC") {
      const expected = createHmac(digestOf(alg)!, object).update(data).digest();
      // RFC 7518 §3.2: compared in constant time. The lengths are equal: the caller checked the signature's.
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    return verifyOneShot(digestOf(alg), data, keyOptions(alg, object), signature);
  },
};
