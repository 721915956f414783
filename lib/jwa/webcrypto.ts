/**
 * The WebCrypto backend: `crypto.subtle.sign` and `crypto.subtle.verify`, the same call on every runtime.
 * WebCrypto's HMAC verify compares in constant time (RFC 7518 §3.2), and its ECDSA works on R||S, the JOSE form.
 */
import type { Backend } from "./backend.js";
import { encodeUtf8 } from "../bytes/utf8.js";

/** The default backend: `crypto.subtle`, on every runtime. */
export const backend: Backend = {
  name: "webcrypto",
  async sign(alg, key, data) {
    const bytes = typeof data === "string" ? encodeUtf8(data) : data;
    return new Uint8Array(await crypto.subtle.sign(alg.signParams, key, bytes as Uint8Array<ArrayBuffer>));
  },
  verify(alg, key, data, signature) {
    const bytes = typeof data === "string" ? encodeUtf8(data) : data;
    return crypto.subtle.verify(alg.signParams, key, signature as Uint8Array<ArrayBuffer>, bytes as Uint8Array<ArrayBuffer>);
  },
};
