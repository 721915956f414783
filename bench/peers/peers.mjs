/**
 * The peers: other JWT libraries on the same keys, payload, token and verify options, each used the fastest
 * way its documentation offers for repeated use. Each line names the floor it is bound by: the WebCrypto
 * libraries (jose, hono, cloudflare-worker-jwt) `crypto.subtle`, the node:crypto ones (fast-jwt, jsonwebtoken)
 * `node:crypto`.
 * - jose: `SignJWT` / `jwtVerify`. HS256 with the secret's bytes (a `Uint8Array`, as its documentation shows:
 *   jose imports it into WebCrypto on every call) and with a CryptoKey imported beforehand; other algorithms
 *   with CryptoKeys.
 * - hono (`hono/jwt`): `sign` / `verify` with CryptoKeys (its fastest key form), issuer and audience checked.
 * - @tsndr/cloudflare-worker-jwt: `sign` / `verify` with CryptoKeys; it has no PS256 and no EdDSA, and checks
 *   no issuer or audience (it is given less work than the others).
 * - fast-jwt: `createSigner` / `createVerifier`, synchronous (the key is a value, not a callback), cache off;
 *   and for verify a second line with its cache on (a hit on every call, the same token coming back).
 * - jsonwebtoken: synchronous `sign` / `verify` with prepared KeyObjects, the HMAC secret too (no EdDSA support).
 * Third-party code is loaded only here, from bench/peers/node_modules, never from the root package.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { checkToken } from "../lib/floors.mjs";

const require = createRequire(import.meta.url);
const NAMES = ["jose", "fast-jwt", "jsonwebtoken", "hono", "@tsndr/cloudflare-worker-jwt"];

/** Loads the peers; `undefined` when bench/peers has not been installed. */
export async function loadPeers() {
  const versions = {};
  try {
    for (const name of NAMES) {
      versions[name] = JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
    }
    const cfjwt = await import("@tsndr/cloudflare-worker-jwt");
    return {
      versions,
      jose: await import("jose"),
      hono: await import("hono/jwt"),
      cfjwt: cfjwt.default ?? cfjwt,
      fastJwt: require("fast-jwt"),
      jsonwebtoken: require("jsonwebtoken"),
    };
  } catch {
    return undefined;
  }
}

export function peerLines(peers, fx, op) {
  const { jose, hono, cfjwt, fastJwt, jsonwebtoken } = peers;
  const { alg } = fx;
  const fastKey = (k) => (alg === "HS256" ? k.buffer : k.pem);
  // KeyObjects, secrets included: given a Buffer or string secret, jsonwebtoken 9 first tries
  // createPrivateKey/createPublicKey on it and catches the failure, which costs about a millisecond a call.
  const jwtKey = (k) => k.keyObject;
  const web = { kind: "peer", floor: "subtle", concurrent: true };
  const node = { kind: "peer", floor: "node" };
  const lines = [];
  const cfUnsupported = alg === "PS256" || alg === "EdDSA" ? `cloudflare-worker-jwt 3 has no ${alg}` : undefined;
  if (op === "sign") {
    const check = (token) => checkToken(fx, token);
    const cryptoKey = fx.signKey.cryptoKey;
    const header = { alg, typ: "JWT" };
    if (alg === "HS256") {
      const secret = fx.signKey.secret;
      lines.push({ ...web, label: "jose SignJWT (Uint8Array secret)", check,
        fn: () => new jose.SignJWT(fx.payload).setProtectedHeader(header).sign(secret) });
    }
    lines.push({ ...web, label: "jose SignJWT", check, fn: () => new jose.SignJWT(fx.payload).setProtectedHeader(header).sign(cryptoKey) });
    lines.push({ ...web, label: "hono sign", check, fn: () => hono.sign(fx.payload, cryptoKey, alg) });
    lines.push(cfUnsupported ? { ...web, label: "cloudflare-worker-jwt sign", unsupported: cfUnsupported }
      : { ...web, label: "cloudflare-worker-jwt sign", check, fn: () => cfjwt.sign(fx.payload, cryptoKey, { algorithm: alg }) });
    const signer = fastJwt.createSigner({ key: fastKey(fx.signKey), algorithm: alg });
    lines.push({ ...node, label: "fast-jwt createSigner (sync)", check, fn: () => signer(fx.payload) });
    if (alg !== "EdDSA") {
      const key = jwtKey(fx.signKey);
      lines.push({ ...node, label: "jsonwebtoken sign (sync)", check, fn: () => jsonwebtoken.sign(fx.payload, key, { algorithm: alg }) });
    } else {
      lines.push({ ...node, label: "jsonwebtoken sign", unsupported: "jsonwebtoken 9 has no EdDSA" });
    }
    return lines;
  }
  const { issuer, audience, algorithms } = fx.verifyOptions;
  const sub = fx.payload.sub;
  const cryptoKey = fx.verifyKey.cryptoKey;
  const checkResult = (r) => (r?.payload?.sub === sub ? undefined : "unexpected result");
  const checkPayload = (p) => (p?.sub === sub ? undefined : "unexpected result");
  if (alg === "HS256") {
    const secret = fx.verifyKey.secret;
    lines.push({ ...web, label: "jose jwtVerify (Uint8Array secret)", check: checkResult,
      fn: () => jose.jwtVerify(fx.token, secret, { issuer, audience, algorithms }) });
  }
  lines.push({ ...web, label: "jose jwtVerify", check: checkResult, fn: () => jose.jwtVerify(fx.token, cryptoKey, { issuer, audience, algorithms }) });
  lines.push({ ...web, label: "hono verify", check: checkPayload, fn: () => hono.verify(fx.token, cryptoKey, { alg, iss: issuer, aud: audience }) });
  lines.push(cfUnsupported ? { ...web, label: "cloudflare-worker-jwt verify", unsupported: cfUnsupported }
    : { ...web, label: "cloudflare-worker-jwt verify", check: checkResult,
      fn: () => cfjwt.verify(fx.token, cryptoKey, { algorithm: alg, throwError: true }) });
  const fastOptions = { key: fastKey(fx.verifyKey), algorithms, allowedIss: issuer, allowedAud: audience };
  const verifier = fastJwt.createVerifier(fastOptions);
  const cached = fastJwt.createVerifier({ ...fastOptions, cache: true });
  lines.push({ ...node, label: "fast-jwt createVerifier (sync)", fn: () => verifier(fx.token), check: checkPayload });
  lines.push({ ...node, label: "fast-jwt createVerifier cache (hit)", cache: "hit", fn: () => cached(fx.token), check: checkPayload });
  if (alg !== "EdDSA") {
    const key = jwtKey(fx.verifyKey);
    lines.push({ ...node, label: "jsonwebtoken verify (sync)", check: checkPayload,
      fn: () => jsonwebtoken.verify(fx.token, key, { algorithms, issuer, audience }) });
  } else {
    lines.push({ ...node, label: "jsonwebtoken verify", unsupported: "jsonwebtoken 9 has no EdDSA" });
  }
  return lines;
}
