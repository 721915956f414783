/**
 * The floors: the least any JWT library can do on this runtime, written out by hand with nothing to check
 * or refuse. A sign floor is `JSON.stringify` of header and payload, base64url, the signature over the signing
 * input, base64url of the signature; a verify floor splits the token, base64url-decodes and `JSON.parse`s header
 * and payload, decodes the signature and checks it. Keys are imported beforehand. Two floors per scenario:
 * - `crypto.subtle`: what a WebCrypto-only library (keycard's WebCrypto backend, jose, hono,
 *   cloudflare-worker-jwt) cannot go below;
 * - `node:crypto`: the same with node:crypto's one-shot calls (createHmac, crypto.sign, crypto.verify on the
 *   calling thread), what keycard's Node.js backend, fast-jwt and jsonwebtoken cannot go below.
 * base64url is Node's own (`Buffer`), the fastest there is here. Also `checkToken`, which every sign line's
 * output must pass before it is timed.
 */
import { createHmac, timingSafeEqual, verify as nodeVerify, sign as nodeSign } from "node:crypto";
import { nodeParams } from "./fixtures.mjs";

const { subtle } = globalThis.crypto;
const encoder = new TextEncoder();

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

const b64 = (text) => Buffer.from(text).toString("base64url");

/** The parts of a token, decoded: what every verify floor does before the signature. */
function readToken(token) {
  const first = token.indexOf(".");
  const second = token.indexOf(".", first + 1);
  const header = JSON.parse(Buffer.from(token.slice(0, first), "base64url").toString());
  const payload = JSON.parse(Buffer.from(token.slice(first + 1, second), "base64url").toString());
  return { header, payload, input: token.slice(0, second), signature: Buffer.from(token.slice(second + 1), "base64url") };
}

const checkSigned = (fx) => (token) => checkToken(fx, token);
const checkRead = (fx) => (result) => (result?.payload?.sub === fx.payload.sub ? undefined : "unexpected result");

export function floorLines(fx, op) {
  const { alg } = fx;
  const headerJSON = { alg, typ: "JWT" };
  const lines = [];
  if (op === "sign") {
    const subtleKey = fx.signKey.cryptoKey;
    lines.push({ label: "crypto.subtle floor", kind: "floor", floor: "subtle", concurrent: true, check: checkSigned(fx),
      fn: async () => {
        const input = b64(JSON.stringify(headerJSON)) + "." + b64(JSON.stringify(fx.payload));
        const signature = await subtle.sign(fx.webcrypto.op, subtleKey, encoder.encode(input));
        return input + "." + Buffer.from(signature).toString("base64url");
      } });
    const nodeSignature = alg === "HS256"
      ? ((key) => (input) => createHmac("sha256", key).update(input).digest())(fx.signKey.keyObject)
      : ((params) => (input) => nodeSign(params[0], Buffer.from(input), params[1]))(nodeParams(alg, fx.signKey.keyObject));
    lines.push({ label: "node:crypto floor", kind: "floor", floor: "node", check: checkSigned(fx),
      fn: () => {
        const input = b64(JSON.stringify(headerJSON)) + "." + b64(JSON.stringify(fx.payload));
        return input + "." + nodeSignature(input).toString("base64url");
      } });
    return lines;
  }
  const subtleKey = fx.verifyKey.cryptoKey;
  lines.push({ label: "crypto.subtle floor", kind: "floor", floor: "subtle", concurrent: true, check: checkRead(fx),
    fn: async () => {
      const parts = readToken(fx.token);
      if (!(await subtle.verify(fx.webcrypto.op, subtleKey, parts.signature, encoder.encode(parts.input)))) throw new Error("invalid");
      return parts;
    } });
  const nodeCheck = alg === "HS256"
    ? ((key) => (input, signature) => timingSafeEqual(createHmac("sha256", key).update(input).digest(), signature))(fx.verifyKey.keyObject)
    : ((params) => (input, signature) => nodeVerify(params[0], Buffer.from(input), params[1], signature))(nodeParams(alg, fx.verifyKey.keyObject));
  lines.push({ label: "node:crypto floor", kind: "floor", floor: "node", check: checkRead(fx),
    fn: () => {
      const parts = readToken(fx.token);
      if (!nodeCheck(parts.input, parts.signature)) throw new Error("invalid");
      return parts;
    } });
  return lines;
}
