/**
 * Test keys for every algorithm of API.md, generated once per test file with WebCrypto (so both backends see
 * the same kind of keys), and builders for tokens the library itself would refuse to produce: arbitrary
 * headers, raw JSON text, signatures made straight with crypto.subtle (e.g. with a 1024-bit RSA key).
 */
import type { JWK } from "../../lib/index.js";

export const HMAC_ALGS = ["HS256", "HS384", "HS512"] as const;
export const RSA_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] as const;
export const EC_ALGS = ["ES256", "ES384", "ES512"] as const;
export const OKP_ALGS = ["EdDSA", "Ed25519"] as const;
export const ASYMMETRIC_ALGS = [...RSA_ALGS, ...EC_ALGS, ...OKP_ALGS] as const;
export const ALL_ALGS = [...HMAC_ALGS, ...ASYMMETRIC_ALGS] as const;
export type Alg = (typeof ALL_ALGS)[number];
export type AsymmetricAlg = (typeof ASYMMETRIC_ALGS)[number];

const HASH: Record<string, string> = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" };
const CURVE: Record<string, string> = { ES256: "P-256", ES384: "P-384", ES512: "P-521" };

/** The WebCrypto parameters to generate or import a key for `alg`. */
export function keyParams(alg: Alg, modulusLength = 2048): AlgorithmIdentifier & Record<string, unknown> {
  const bits = alg.slice(2);
  if (alg.startsWith("HS")) return { name: "HMAC", hash: HASH[bits] };
  if (alg.startsWith("RS") || alg.startsWith("PS")) {
    return {
      name: alg.startsWith("RS") ? "RSASSA-PKCS1-v1_5" : "RSA-PSS",
      hash: HASH[bits],
      modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
    };
  }
  if (alg.startsWith("ES")) return { name: "ECDSA", namedCurve: CURVE[alg] };
  return { name: "Ed25519" };
}

/** The WebCrypto parameters to sign with `alg`. */
export function signParams(alg: Alg): AlgorithmIdentifier & Record<string, unknown> {
  const bits = alg.slice(2);
  if (alg.startsWith("HS")) return { name: "HMAC" };
  if (alg.startsWith("RS")) return { name: "RSASSA-PKCS1-v1_5" };
  if (alg.startsWith("PS")) return { name: "RSA-PSS", saltLength: Number(bits) / 8 };
  if (alg.startsWith("ES")) return { name: "ECDSA", hash: HASH[bits] };
  return { name: "Ed25519" };
}

const pairs = new Map<string, Promise<CryptoKeyPair>>();

/** Imports the key material of `pair` for `alg` (one RSA key serves every RS and PS algorithm). */
async function reimport(pair: CryptoKeyPair, alg: AsymmetricAlg): Promise<CryptoKeyPair> {
  const params = keyParams(alg);
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", pair.privateKey);
  const spki = await crypto.subtle.exportKey("spki", pair.publicKey);
  return {
    privateKey: await crypto.subtle.importKey("pkcs8", pkcs8, params, true, ["sign"]),
    publicKey: await crypto.subtle.importKey("spki", spki, params, true, ["verify"]),
  };
}

/**
 * A key pair for `alg` as CryptoKeys (memoised per file), each imported for exactly its algorithm, as API.md's
 * CryptoKey rule expects. The RSA algorithms share one modulus (generating RSA keys is slow).
 */
export function keyPair(alg: AsymmetricAlg, modulusLength = 2048): Promise<CryptoKeyPair> {
  // EdDSA and Ed25519 name the same key type: one pair serves both.
  const id = `${alg === "Ed25519" ? "EdDSA" : alg}/${modulusLength}`;
  let pair = pairs.get(id);
  if (pair === undefined) {
    if (alg !== "RS256" && (alg.startsWith("RS") || alg.startsWith("PS"))) {
      pair = keyPair("RS256", modulusLength).then((base) => reimport(base, alg));
    } else {
      pair = crypto.subtle.generateKey(keyParams(alg, modulusLength), true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
    }
    pairs.set(id, pair);
  }
  return pair;
}

/** A JWK with only its key material (no alg, key_ops, ext): what the JWK rules call "a JWK without alg". */
export function bare(jwk: JsonWebKey): JWK {
  const { alg: _alg, key_ops: _ops, ext: _ext, ...rest } = jwk as JsonWebKey & { alg?: string };
  return rest as JWK;
}

/** A key pair for `alg` as JWKs without alg; RSA-PSS keys are exported from RSA-PSS CryptoKeys but are just RSA keys. */
export async function jwkPair(alg: AsymmetricAlg): Promise<{ privateJWK: JWK; publicJWK: JWK }> {
  const { privateKey, publicKey } = await keyPair(alg);
  return {
    privateJWK: bare(await crypto.subtle.exportKey("jwk", privateKey)),
    publicJWK: bare(await crypto.subtle.exportKey("jwk", publicKey)),
  };
}

/** A random HMAC secret of `length` bytes. */
export function randomSecret(length = 32): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** A fixed secret of `length` bytes (the same in every run), for deterministic tests. */
export function fixedSecret(length = 64, seed = 7): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);
}

/** An HMAC CryptoKey of `length` bytes imported for `alg`. */
export function hmacCryptoKey(alg: "HS256" | "HS384" | "HS512", length: number): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", randomSecret(length), keyParams(alg), true, ["sign", "verify"]);
}

/** The JWK of an HMAC secret. */
export function octJWK(secret: Uint8Array, alg?: string): JWK {
  return alg === undefined ? { kty: "oct", k: b64(secret) } : { kty: "oct", k: b64(secret), alg };
}

// ---- building tokens by hand -------------------------------------------------------------------------

/** Unpadded base64url of bytes or of a string's UTF-8 bytes (Node's Buffer, so it is independent of lib/). */
export function b64(data: string | Uint8Array): string {
  return Buffer.from(typeof data === "string" ? new TextEncoder().encode(data) : data).toString("base64url");
}

/** Bytes of unpadded base64url, decoded without any strictness (for tests only). */
export function unb64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64url"));
}

/** A part of a token: JSON text as given, or any other value as `JSON.stringify` writes it. */
export function part(value: unknown): string {
  return b64(typeof value === "string" ? value : JSON.stringify(value));
}

/**
 * A token with any header and payload (objects, or JSON text given verbatim), signed with `alg` by
 * crypto.subtle directly; `key` is an HMAC secret (bytes) or a private CryptoKey.
 */
export async function rawToken(header: unknown, payload: unknown, key: Uint8Array | CryptoKey, alg: Alg = "HS256"): Promise<string> {
  const input = `${part(header)}.${part(payload)}`;
  const cryptoKey = key instanceof Uint8Array
    ? await crypto.subtle.importKey("raw", new Uint8Array(key), keyParams(alg), false, ["sign"])
    : key;
  const signature = new Uint8Array(await crypto.subtle.sign(signParams(alg), cryptoKey, new TextEncoder().encode(input)));
  return `${input}.${b64(signature)}`;
}

/** An HS256 token over arbitrary header/payload (objects or raw JSON text). */
export function hs256(header: unknown, payload: unknown, secret: Uint8Array): Promise<string> {
  return rawToken(header, payload, secret, "HS256");
}

/** Replaces one part (0 header, 1 payload, 2 signature) of a compact token. */
export function withPart(token: string, index: 0 | 1 | 2, value: string): string {
  const parts = token.split(".");
  parts[index] = value;
  return parts.join(".");
}

/** A token whose signature is changed in its first byte (same length, still strict base64url). */
export function badSignature(token: string): string {
  const parts = token.split(".");
  const signature = unb64(parts[2]!);
  signature[0] = signature[0]! ^ 1;
  parts[2] = b64(signature);
  return parts.join(".");
}

// ---- PEM and other kinds of keys as text ------------------------------------------------------------

/** The PEM text of a DER buffer. */
export function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const body = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString("base64");
  return `-----BEGIN ${label}-----\n${body.replace(/(.{64})/g, "$1\n")}\n-----END ${label}-----\n`;
}
