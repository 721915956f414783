/**
 * The peers: other JWT libraries on the same keys, payload, token and verify options, each used the fastest
 * way its documentation offers for repeated use.
 * - jose: `SignJWT` / `jwtVerify` with CryptoKeys imported beforehand (jose runs on WebCrypto everywhere).
 * - fast-jwt: `createSigner` / `createVerifier`, synchronous (the key is a value, not a callback), cache off;
 *   and for verify a second line with its cache on (a hit on every call, the same token coming back).
 * - jsonwebtoken: synchronous `sign` / `verify` with prepared KeyObjects, the HMAC secret too (no EdDSA support).
 * Third-party code is loaded only here, from bench/peers/node_modules, never from the root package.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { checkToken } from "../lib/floors.mjs";

const require = createRequire(import.meta.url);
const NAMES = ["jose", "fast-jwt", "jsonwebtoken"];

/** Loads the peers; `undefined` when bench/peers has not been installed. */
export async function loadPeers() {
  const versions = {};
  try {
    for (const name of NAMES) {
      versions[name] = JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
    }
    return {
      versions,
      jose: await import("jose"),
      fastJwt: require("fast-jwt"),
      jsonwebtoken: require("jsonwebtoken"),
    };
  } catch {
    return undefined;
  }
}

export function peerLines(peers, fx, op) {
  const { jose, fastJwt, jsonwebtoken } = peers;
  const { alg } = fx;
  const fastKey = (k) => (alg === "HS256" ? k.buffer : k.pem);
  // KeyObjects, secrets included: given a Buffer or string secret, jsonwebtoken 9 first tries
  // createPrivateKey/createPublicKey on it and catches the failure, which costs about a millisecond a call.
  const jwtKey = (k) => k.keyObject;
  const lines = [];
  if (op === "sign") {
    const check = (token) => checkToken(fx, token);
    const cryptoKey = fx.signKey.cryptoKey;
    lines.push({ label: "jose SignJWT", kind: "peer", concurrent: true, check,
      fn: () => new jose.SignJWT(fx.payload).setProtectedHeader({ alg, typ: "JWT" }).sign(cryptoKey) });
    const signer = fastJwt.createSigner({ key: fastKey(fx.signKey), algorithm: alg });
    lines.push({ label: "fast-jwt createSigner (sync)", kind: "peer", check, fn: () => signer(fx.payload) });
    if (alg !== "EdDSA") {
      const key = jwtKey(fx.signKey);
      lines.push({ label: "jsonwebtoken sign (sync)", kind: "peer", check,
        fn: () => jsonwebtoken.sign(fx.payload, key, { algorithm: alg }) });
    } else {
      lines.push({ label: "jsonwebtoken sign", kind: "peer", unsupported: "jsonwebtoken 9 has no EdDSA" });
    }
    return lines;
  }
  const { issuer, audience, algorithms } = fx.verifyOptions;
  const sub = fx.payload.sub;
  const cryptoKey = fx.verifyKey.cryptoKey;
  lines.push({ label: "jose jwtVerify", kind: "peer", concurrent: true,
    fn: () => jose.jwtVerify(fx.token, cryptoKey, { issuer, audience, algorithms }),
    check: (r) => (r?.payload?.sub === sub ? undefined : "unexpected result") });
  const checkPayload = (p) => (p?.sub === sub ? undefined : "unexpected result");
  const fastOptions = { key: fastKey(fx.verifyKey), algorithms, allowedIss: issuer, allowedAud: audience };
  const verifier = fastJwt.createVerifier(fastOptions);
  const cached = fastJwt.createVerifier({ ...fastOptions, cache: true });
  lines.push({ label: "fast-jwt createVerifier (sync)", kind: "peer", fn: () => verifier(fx.token), check: checkPayload });
  lines.push({ label: "fast-jwt createVerifier cache (hit)", kind: "peer", fn: () => cached(fx.token), check: checkPayload });
  if (alg !== "EdDSA") {
    const key = jwtKey(fx.verifyKey);
    lines.push({ label: "jsonwebtoken verify (sync)", kind: "peer", check: checkPayload,
      fn: () => jsonwebtoken.verify(fx.token, key, { algorithms, issuer, audience }) });
  } else {
    lines.push({ label: "jsonwebtoken verify", kind: "peer", unsupported: "jsonwebtoken 9 has no EdDSA" });
  }
  return lines;
}
