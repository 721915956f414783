/**
 * The floors: the bare cryptographic call over the same signing input, with a key already imported, and
 * nothing else (no base64url, no JSON, no claims). `crypto.subtle` is the lowest a WebCrypto-only library can
 * go on this runtime; `node:crypto` is the lowest any library can go on Node.js. Also `checkToken`, which
 * every sign line's output must pass before it is timed.
 */
import { createHmac, timingSafeEqual, verify as nodeVerify, sign as nodeSign } from "node:crypto";
import { nodeParams } from "./fixtures.mjs";

const { subtle } = globalThis.crypto;

/** Whether `token` is a JWT of `fx.alg` over `fx.payload`'s claims with a valid signature (node:crypto). */
export function checkToken(fx, token) {
  if (typeof token !== "string") return `expected a token string, got ${typeof token}`;
  const [h, p, s] = token.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url").toString());
  const payload = JSON.parse(Buffer.from(p, "base64url").toString());
  if (header.alg !== fx.alg) return `header alg ${header.alg}`;
  if (payload.sub !== fx.payload.sub || payload.exp !== fx.payload.exp) return "payload differs";
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, "base64url");
  const ok = fx.alg === "HS256"
    ? timingSafeEqual(createHmac("sha256", fx.verifyKey.keyObject).update(data).digest(), signature)
    : nodeVerify(nodeParams(fx.alg, fx.verifyKey.keyObject)[0], data, nodeParams(fx.alg, fx.verifyKey.keyObject)[1], signature);
  return ok ? undefined : "signature does not verify";
}

export function floorLines(fx, op) {
  const data = fx.signingInput;
  const lines = [];
  if (op === "sign") {
    const key = fx.signKey.cryptoKey;
    lines.push({ label: "crypto.subtle.sign (floor)", kind: "floor", reference: "subtle", concurrent: true,
      fn: () => subtle.sign(fx.webcrypto.op, key, data),
      check: (sig) => (sig instanceof ArrayBuffer && sig.byteLength > 0 ? undefined : "no signature") });
    if (fx.alg === "HS256") {
      const key = fx.signKey.keyObject;
      lines.push({ label: "node:crypto createHmac (floor)", kind: "floor",
        fn: () => createHmac("sha256", key).update(data).digest(), check: () => undefined });
    } else {
      const [digest, key] = nodeParams(fx.alg, fx.signKey.keyObject);
      lines.push({ label: "node:crypto sign (floor)", kind: "floor",
        fn: () => nodeSign(digest, data, key), check: () => undefined });
    }
  } else {
    const key = fx.verifyKey.cryptoKey;
    const signature = fx.signature;
    lines.push({ label: "crypto.subtle.verify (floor)", kind: "floor", reference: "subtle", concurrent: true,
      fn: () => subtle.verify(fx.webcrypto.op, key, signature, data),
      check: (ok) => (ok === true ? undefined : "verify returned false") });
    if (fx.alg === "HS256") {
      const key = fx.verifyKey.keyObject;
      lines.push({ label: "node:crypto createHmac (floor)", kind: "floor",
        fn: () => timingSafeEqual(createHmac("sha256", key).update(data).digest(), signature),
        check: (ok) => (ok === true ? undefined : "HMAC differs") });
    } else {
      const [digest, key] = nodeParams(fx.alg, fx.verifyKey.keyObject);
      lines.push({ label: "node:crypto verify (floor)", kind: "floor",
        fn: () => nodeVerify(digest, data, key, signature),
        check: (ok) => (ok === true ? undefined : "verify returned false") });
    }
  }
  return lines;
}
