/**
 * What every benchmark line works on: one key pair (or secret) per algorithm in every form the libraries
 * take (CryptoKey for keycard, jose and crypto.subtle; KeyObject for node:crypto and jsonwebtoken; PEM for
 * fast-jwt), a typical access-token payload, a token signed over it, and the verify options
 * (issuer, audience, algorithm pinned) every verifier is given.
 *
 * Keys come from node:crypto and are imported into WebCrypto, so the same key material sits behind every form.
 */
import {
  createHmac, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes, sign as nodeSign,
} from "node:crypto";

const { subtle } = globalThis.crypto;

export const ISSUER = "https://auth.example.com/";
export const AUDIENCE = "https://api.example.com";

/** The payload sizes a run can measure, in bytes of claims JSON (about): `--sizes=200,2000,20000`. */
export const PAYLOAD_SIZES = [200, 2000, 20000];

/**
 * A typical OAuth access token's claims (sub, iss, aud, iat, exp, jti, scope), valid for an hour from now,
 * grown to about `size` bytes of JSON with a list of permission strings (as fat access tokens carry), or
 * trimmed to about 200 bytes (the scope shortened). `jti` varies with `n`, for the all-distinct tokens.
 */
export function accessTokenPayload(size = 200, n = 0) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: ISSUER,
    sub: "user_8f14e45fceea167a5a36dedd4bea2543",
    aud: AUDIENCE,
    iat: now,
    exp: now + 3600,
    jti: `0f8c2e5a-6b1f-4c3e-9d8a-${String(n).padStart(12, "0")}`,
    scope: "openid profile email",
  };
  const base = JSON.stringify(payload).length;
  if (size > base + 20) {
    const permissions = [];
    let length = base + 17; // ,"permissions":[]
    for (let i = 0; length < size; i++) {
      const item = `orders:${i.toString(36).padStart(4, "0")}:read`;
      permissions.push(item);
      length += item.length + 3;
    }
    payload.permissions = permissions;
  }
  return payload;
}

/** WebCrypto parameters per JWS algorithm: import, and sign/verify. */
const WEBCRYPTO = {
  HS256: { import: { name: "HMAC", hash: "SHA-256" }, op: { name: "HMAC" } },
  RS256: { import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, op: { name: "RSASSA-PKCS1-v1_5" } },
  PS256: { import: { name: "RSA-PSS", hash: "SHA-256" }, op: { name: "RSA-PSS", saltLength: 32 } },
  ES256: { import: { name: "ECDSA", namedCurve: "P-256" }, op: { name: "ECDSA", hash: "SHA-256" } },
  EdDSA: { import: { name: "Ed25519" }, op: { name: "Ed25519" } },
};

/** node:crypto's (digest, key options) for a KeyObject under each algorithm. */
export function nodeParams(alg, keyObject) {
  switch (alg) {
    case "RS256": return ["sha256", keyObject];
    case "PS256": return ["sha256", { key: keyObject, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }];
    case "ES256": return ["sha256", { key: keyObject, dsaEncoding: "ieee-p1363" }];
    case "EdDSA": return [null, keyObject];
    default: throw new Error(`no node:crypto params for ${alg}`);
  }
}

function base64url(bytes) {
  return Buffer.from(bytes).toString("base64url");
}

const pairs = new Map();

/** One node:crypto key pair per key type, shared by the algorithms of that type (RS256 and PS256). */
function nodePair(alg) {
  const type = alg === "RS256" || alg === "PS256" ? "rsa" : alg === "ES256" ? "ec" : "ed25519";
  let pair = pairs.get(type);
  if (pair === undefined) {
    pair = type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("ed25519");
    pairs.set(type, pair);
  }
  return pair;
}

/**
 * The keys, token and signing input for `alg`.
 * @returns {Promise<object>} { alg, webcrypto (import and sign/verify parameters), signKey and verifyKey
 *   ({ cryptoKey, keyObject, pem } or, for HS256, { secret, buffer, cryptoKey, keyObject }), payload, token,
 *   signingInput (the bytes of the token's first two parts), signature, verifyOptions }
 */
export async function fixture(alg, size = 200) {
  const params = WEBCRYPTO[alg];
  const payload = accessTokenPayload(size);
  const header = { alg, typ: "JWT" };
  const signingText = base64url(JSON.stringify(header)) + "." + base64url(JSON.stringify(payload));
  const signingInput = new TextEncoder().encode(signingText);
  let signKey, verifyKey, signature;
  if (alg === "HS256") {
    const secret = new Uint8Array(randomBytes(32));
    const cryptoKey = await subtle.importKey("raw", secret, params.import, false, ["sign", "verify"]);
    const keyObject = createSecretKey(secret);
    signKey = verifyKey = { secret, buffer: Buffer.from(secret), cryptoKey, keyObject };
    signature = createHmac("sha256", keyObject).update(signingInput).digest();
  } else {
    const pair = nodePair(alg);
    const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "der" });
    const spki = pair.publicKey.export({ type: "spki", format: "der" });
    signKey = {
      cryptoKey: await subtle.importKey("pkcs8", pkcs8, params.import, false, ["sign"]),
      keyObject: createPrivateKey(pair.privateKey.export({ type: "pkcs8", format: "pem" })),
      pem: pair.privateKey.export({ type: "pkcs8", format: "pem" }),
    };
    verifyKey = {
      cryptoKey: await subtle.importKey("spki", spki, params.import, true, ["verify"]),
      keyObject: createPublicKey(pair.publicKey.export({ type: "spki", format: "pem" })),
      pem: pair.publicKey.export({ type: "spki", format: "pem" }),
    };
    const [digest, key] = nodeParams(alg, signKey.keyObject);
    signature = nodeSign(digest, signingInput, key);
  }
  /** `count` distinct tokens (each with its own jti), signed with node:crypto. */
  const distinctTokens = (count) => Array.from({ length: count }, (_, n) => {
    const text = base64url(JSON.stringify(header)) + "." + base64url(JSON.stringify(accessTokenPayload(size, n + 1)));
    const input = Buffer.from(text);
    const sig = alg === "HS256" ? createHmac("sha256", signKey.keyObject).update(input).digest()
      : nodeSign(nodeParams(alg, signKey.keyObject)[0], input, nodeParams(alg, signKey.keyObject)[1]);
    return text + "." + base64url(sig);
  });
  return {
    alg,
    size,
    distinctTokens,
    webcrypto: params,
    signKey,
    verifyKey,
    payload,
    token: signingText + "." + base64url(signature),
    signingInput,
    signature: new Uint8Array(signature),
    verifyOptions: { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] },
  };
}
