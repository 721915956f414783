// Group "keys": importing keys from JWK and PEM on this runtime's WebCrypto.
// PEM: SPKI and PKCS#8 written by this runtime's own crypto.subtle.exportKey for fresh RSA, RSA-PSS, EC (three
// curves) and Ed25519 keys, plus fixtures in the forms WebCrypto cannot write (PKCS#1, SEC 1, a certificate).
// JWK: bad and weak JWKs are ERR_KEY_INVALID, however this runtime's importKey words its own error.
import { EC_CERTIFICATE, EC_PRIVATE_KEY_SEC1, RSA_PRIVATE_KEY_PKCS1, RSA_PUBLIC_KEY_PKCS1 } from "./fixtures.js";
import { equal, need, ok, rejects, toBase64url, toPEM } from "./harness.js";

/** Signs with `signingKey` and verifies with `verificationKey` under `alg`. */
async function signsAndVerifies(keycard, alg, signingKey, verificationKey) {
  const token = await need(keycard, "sign")({ sub: "pem" }, signingKey, { alg });
  const { payload, header } = await need(keycard, "verify")(token, verificationKey, { algorithms: [alg] });
  equal(header.alg, alg, "header.alg");
  equal(payload.sub, "pem", "payload.sub");
}

export async function run({ keycard, check, keys }) {
  for (const alg of ["RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"]) {
    await check(`keys: ${alg} PEM (PKCS#8 and SPKI from this runtime's exportKey) → importPEM → sign/verify`, async () => {
      const pair = keys.get(alg);
      const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
      const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
      const importPEM = need(keycard, "importPEM");
      const privateKey = await importPEM(toPEM("PRIVATE KEY", pkcs8), alg);
      const publicKey = await importPEM(toPEM("PUBLIC KEY", spki), alg);
      ok(privateKey.type === "private" && publicKey.type === "public", `got key types ${privateKey.type} / ${publicKey.type}`);
      await signsAndVerifies(keycard, alg, privateKey, publicKey);
      // The public PEM verifies what the generated key signed, and the reverse.
      await signsAndVerifies(keycard, alg, pair.privateKey, publicKey);
      await signsAndVerifies(keycard, alg, privateKey, pair.publicKey);
    });
  }

  await check("keys: RSA PRIVATE KEY and RSA PUBLIC KEY (PKCS#1) → importPEM → RS256 and PS384", async () => {
    const importPEM = need(keycard, "importPEM");
    for (const alg of ["RS256", "PS384"]) {
      await signsAndVerifies(keycard, alg, await importPEM(RSA_PRIVATE_KEY_PKCS1, alg), await importPEM(RSA_PUBLIC_KEY_PKCS1, alg));
    }
  });

  await check("keys: EC PRIVATE KEY (SEC 1) signs, its CERTIFICATE verifies (ES256)", async () => {
    const importPEM = need(keycard, "importPEM");
    await signsAndVerifies(keycard, "ES256", await importPEM(EC_PRIVATE_KEY_SEC1, "ES256"), await importPEM(EC_CERTIFICATE, "ES256"));
  });

  await check("keys: importPEM of a key for another algorithm is ERR_KEY_INVALID", async () => {
    const importPEM = need(keycard, "importPEM");
    await rejects(keycard, () => importPEM(EC_CERTIFICATE, "RS256"), "ERR_KEY_INVALID", { context: "EC certificate as RS256" });
    await rejects(keycard, () => importPEM(EC_PRIVATE_KEY_SEC1, "ES384"), "ERR_KEY_INVALID", { context: "P-256 key as ES384" });
    await rejects(keycard, () => importPEM(RSA_PUBLIC_KEY_PKCS1, "EdDSA"), "ERR_KEY_INVALID", { context: "RSA key as EdDSA" });
  });

  await check("keys: importPEM of damaged PEM is ERR_KEY_INVALID", async () => {
    const importPEM = need(keycard, "importPEM");
    const truncated = RSA_PUBLIC_KEY_PKCS1.replace(/\n[^\n]*\n-----END/, "\n-----END");
    for (const [what, pem] of [
      ["no PEM at all", "hello"],
      ["empty body", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"],
      ["truncated DER", truncated],
      ["not base64", "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"],
      ["mismatched labels", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"],
    ]) {
      await rejects(keycard, () => importPEM(pem, "RS256"), "ERR_KEY_INVALID", { context: what });
    }
  });

  await check("keys: a PEM or a JWK's JSON text given as an HMAC secret is ERR_KEY_INVALID (algorithm confusion)", async () => {
    await rejects(keycard, () => need(keycard, "sign")({}, RSA_PUBLIC_KEY_PKCS1, { alg: "HS256" }), "ERR_KEY_INVALID", { context: "PEM text" });
    const jwkText = JSON.stringify({ kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0" });
    await rejects(keycard, () => keycard.sign({}, jwkText, { alg: "HS256" }), "ERR_KEY_INVALID", { context: "JWK text" });
  });

  await check("keys: importJWK of each generated public key gives a CryptoKey that verifies", async () => {
    for (const alg of ["RS384", "PS512", "ES384", "Ed25519"]) {
      const jwk = await need(keycard, "exportJWK")(keys.get(alg).publicKey);
      const key = await need(keycard, "importJWK")(jwk, alg);
      ok(key.type === "public", `${alg}: imported key type ${key.type}`);
      await signsAndVerifies(keycard, alg, keys.get(alg).privateKey, key);
    }
  });

  await check("keys: importJWK of an oct JWK gives an HMAC key", async () => {
    const secret = keys.get("HS384").secret;
    const key = await need(keycard, "importJWK")({ kty: "oct", k: toBase64url(secret) }, "HS384");
    equal(key.algorithm.name, "HMAC", "algorithm.name");
    await signsAndVerifies(keycard, "HS384", key, secret);
  });

  await check("keys: an EC JWK whose point is not on its curve is ERR_KEY_INVALID", async () => {
    const offCurve = { kty: "EC", crv: "P-256", x: toBase64url(new Uint8Array(32).fill(1)), y: toBase64url(new Uint8Array(32).fill(2)) };
    await rejects(keycard, () => need(keycard, "importJWK")(offCurve, "ES256"), "ERR_KEY_INVALID", { context: "importJWK" });
    const token = await keycard.sign({}, keys.signingKey("ES256"), { alg: "ES256" });
    await rejects(keycard, () => keycard.verify(token, offCurve), "ERR_KEY_INVALID", { context: "verify" });
  });

  await check("keys: malformed JWKs are ERR_KEY_INVALID", async () => {
    const importJWK = need(keycard, "importJWK");
    for (const [what, jwk] of [
      ["unknown kty", { kty: "XYZ" }],
      ["EC without y", { kty: "EC", crv: "P-256", x: toBase64url(new Uint8Array(32)) }],
      ["unknown curve", { kty: "EC", crv: "secp256k1", x: "AA", y: "AA" }],
      ["padded base64", { kty: "oct", k: toBase64url(new Uint8Array(32)) + "=" }],
      ["use enc", { kty: "oct", k: toBase64url(new Uint8Array(32)), use: "enc" }],
      ["X25519 (not a signing curve)", { kty: "OKP", crv: "X25519", x: toBase64url(new Uint8Array(32)) }],
    ]) {
      await rejects(keycard, () => importJWK(jwk, undefined), "ERR_KEY_INVALID", { context: what });
    }
  });

  await check("keys: an RSA JWK under 2048 bits is ERR_KEY_INVALID (RFC 7518 §3.3)", async () => {
    const n = new Uint8Array(128).fill(0xff); // 1024 bits; refused before any import
    const small = { kty: "RSA", n: toBase64url(n), e: "AQAB" };
    await rejects(keycard, () => need(keycard, "importJWK")(small, "RS256"), "ERR_KEY_INVALID", { context: "importJWK" });
    const token = await keycard.sign({}, keys.signingKey("RS256"), { alg: "RS256" });
    await rejects(keycard, () => keycard.verify(token, small), "ERR_KEY_INVALID", { context: "verify" });
  });

  await check("keys: a private JWK cannot verify and a public one cannot sign (ERR_KEY_INVALID)", async () => {
    const privateJwk = await need(keycard, "exportJWK")(keys.get("ES256").privateKey);
    const publicJwk = await keycard.exportJWK(keys.get("ES256").publicKey);
    const token = await keycard.sign({}, privateJwk, { alg: "ES256" });
    await rejects(keycard, () => keycard.verify(token, privateJwk), "ERR_KEY_INVALID", { context: "verify with d" });
    await rejects(keycard, () => keycard.sign({}, publicJwk, { alg: "ES256" }), "ERR_KEY_INVALID", { context: "sign without d" });
  });
}
