/**
 * JWK objects (RFC 7517) as keycard keys.
 *
 * A JWK is checked once, when first seen: its `kty` and `crv` must be ones keycard signs with, its key
 * members strict base64url, its `alg` (RFC 7517 §4.4) one that fits the key, its `use` (§4.2) `"sig"`.
 * With `alg` it permits exactly that algorithm (for Ed25519, `EdDSA` and `Ed25519` name the same one);
 * without, its family: RSA → RS* and PS*, EC → the ES of its curve, OKP Ed25519 → EdDSA and Ed25519, oct → HS*.
 * An EC JWK's point must be on its curve, with coordinates of the curve's size (ec-point.ts): checked when the
 * JWK becomes a key (`jwkHandle`, once per JWK object), so a JWK Set member with a bad point is still selected
 * by its kid and then refused as ERR_KEY_INVALID, as a bare JWK is.
 * It is imported into WebCrypto once per algorithm and use.
 */
import { ALGORITHMS, algorithmByName, algorithmsForKeyType, type Algorithm, type KeyType } from "../jwa/algorithms.js";
import { rememberKeyMaterial } from "../jwa/key-material.js";
import { KeyInvalid } from "../errors.js";
import { describeValue } from "../arguments.js";
import { decodeBase64url } from "../bytes/base64url.js";
import type { KeyHandle } from "./handle.js";
import { rsaModulusWeakness, secretWeakness } from "./strength.js";
import { checkPublicPoint, type CurveName } from "./ec-point.js";
import type { JWK } from "./types.js";

/** The members that carry key material, per key type (RFC 7518 §6, RFC 8037 §2). */
const MATERIAL: Record<KeyType, readonly string[]> = {
  oct: ["k"],
  RSA: ["n", "e", "d", "p", "q", "dp", "dq", "qi"],
  EC: ["x", "y", "d"],
  OKP: ["x", "d"],
};
/** The members a public key (or a secret) cannot do without. */
const REQUIRED: Record<KeyType, readonly string[]> = { oct: ["k"], RSA: ["n", "e"], EC: ["x", "y"], OKP: ["x"] };
const CURVES: Record<string, readonly string[]> = { EC: ["P-256", "P-384", "P-521"], OKP: ["Ed25519"] };

/** The bit length of a big-endian unsigned integer. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** Checks a JWK's members; returns its type. @throws KeyInvalid */
export function checkJWK(jwk: Record<string, unknown>): KeyType {
  const { kty } = jwk;
  if (kty !== "oct" && kty !== "RSA" && kty !== "EC" && kty !== "OKP") {
    throw new KeyInvalid(`JWK kty must be "oct", "RSA", "EC" or "OKP"; got ${describeValue(kty)}`);
  }
  if (kty in CURVES && !CURVES[kty]!.includes(jwk.crv as string)) {
    throw new KeyInvalid(`an ${kty} JWK must have crv ${CURVES[kty]!.map((c) => `"${c}"`).join(" or ")} to sign; got ${jwk.crv === undefined ? "none" : describeValue(jwk.crv)}`);
  }
  for (const member of REQUIRED[kty]) {
    if (jwk[member] === undefined) throw new KeyInvalid(`an ${kty} JWK needs the member "${member}"`);
  }
  for (const member of MATERIAL[kty]) {
    const value = jwk[member];
    if (value !== undefined && (typeof value !== "string" || decodeBase64url(value) === undefined)) {
      throw new KeyInvalid(`JWK member "${member}" must be a base64url string (RFC 7518 §6)`);
    }
  }
  if (jwk.use !== undefined && jwk.use !== "sig") {
    throw new KeyInvalid(`this JWK has use ${describeValue(jwk.use)}; only "sig" keys sign and verify (RFC 7517 §4.2)`);
  }
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.every((op) => typeof op === "string"))) {
    throw new KeyInvalid("JWK key_ops must be an array of strings (RFC 7517 §4.3)");
  }
  if (jwk.key_ops !== undefined && new Set(jwk.key_ops).size !== jwk.key_ops.length) {
    throw new KeyInvalid("JWK key_ops must not repeat a value (RFC 7517 §4.3)"); // RFC 7517 §4.3: MUST NOT
  }
  if (jwk.alg !== undefined) {
    const alg = algorithmByName(jwk.alg);
    if (alg === undefined || alg.kty !== kty || (alg.crv !== undefined && alg.crv !== jwk.crv)) {
      throw new KeyInvalid(`this JWK's alg ${describeValue(jwk.alg)} does not fit an ${kty} key${typeof jwk.crv === "string" ? ` on ${jwk.crv}` : ""}`);
    }
  }
  return kty;
}

/** The algorithms a checked JWK permits. */
export function jwkAlgorithms(jwk: Record<string, unknown>, kty: KeyType): readonly Algorithm[] {
  const alg = algorithmByName(jwk.alg);
  if (alg === undefined) return algorithmsForKeyType(kty, jwk.crv as string | undefined);
  return alg.family === "Ed25519" ? [ALGORITHMS.EdDSA, ALGORITHMS.Ed25519] : [alg];
}

/** Why the JWK is too weak for `alg` (see strength.ts), or `undefined`. */
function weakness(jwk: Record<string, unknown>, alg: Algorithm): string | undefined {
  if (alg.kty === "oct") return secretWeakness(alg, decodeBase64url(jwk.k as string)!.length);
  if (alg.kty === "RSA") {
    const n = decodeBase64url(jwk.n as string)!;
    return rsaModulusWeakness(n, bitLength(n), decodeBase64url(jwk.e as string)!);
  }
  return undefined;
}

/** The JWK reduced to its key material, as WebCrypto's importKey takes it (alg, use, key_ops checked here). */
export function keyMaterial(jwk: Record<string, unknown>, kty: KeyType): JsonWebKey {
  const material: Record<string, unknown> = { kty };
  if (jwk.crv !== undefined) material.crv = jwk.crv;
  for (const member of MATERIAL[kty]) if (jwk[member] !== undefined) material[member] = jwk[member];
  return material as JsonWebKey;
}

/** What the JWK is, for messages: "a private P-256 EC JWK". */
function describe(jwk: Record<string, unknown>, kty: KeyType): string {
  if (kty === "oct") return "an oct JWK (HMAC secret)";
  const kind = jwk.d === undefined ? "public" : "private";
  return `a ${kind} ${kty === "RSA" ? "" : `${String(jwk.crv)} `}${kty} JWK`;
}

/** Refuses an EC JWK (already through `checkJWK`) whose point is not on its curve. @throws KeyInvalid */
function checkJWKPoint(jwk: Record<string, unknown>): void {
  // SEC 1 §3.2.2.1, RFC 7518 §6.2.1.2-3; WebCrypto does not always check (Deno's importKey does not)
  checkPublicPoint(jwk.crv as CurveName, decodeBase64url(jwk.x as string)!, decodeBase64url(jwk.y as string)!, `this ${String(jwk.crv)} EC JWK`);
}

/** The key handle of a JWK: `jwk` is keycard's own copy (see handle.ts), so its members do not change. */
export function jwkHandle(jwk: Record<string, unknown>): KeyHandle {
  const kty = checkJWK(jwk);
  if (kty === "EC") checkJWKPoint(jwk);
  const algorithms = jwkAlgorithms(jwk, kty);
  const isPrivate = kty !== "oct" && jwk.d !== undefined;
  const description = describe(jwk, kty);
  const imported = new Map<string, Promise<CryptoKey>>();
  return {
    algorithms,
    // The JWK's own alg when it has one (an Ed25519 JWK with alg "Ed25519" signs Ed25519, not EdDSA).
    defaultAlgorithm: kty === "RSA" && jwk.alg === undefined ? undefined : (algorithmByName(jwk.alg) ?? algorithms[0]),
    description,
    cryptoKey(alg, usage) {
      // Checked and imported once per algorithm and use: the checks (an RSA modulus's ROCA test among them)
      // are not redone for every token. A refusal is not kept, so each call reports it afresh.
      const cacheKey = alg.name + usage;
      let key = imported.get(cacheKey);
      if (key === undefined) {
        key = importFor(alg, usage);
        key.catch(() => imported.delete(cacheKey));
        imported.set(cacheKey, key);
      }
      return key;
    },
  };

  /** Checks that the JWK may serve `alg` for `usage`, then imports it. */
  async function importFor(alg: Algorithm, usage: "sign" | "verify"): Promise<CryptoKey> {
    if (usage === "verify" && isPrivate) {
      throw new KeyInvalid(`${description} cannot verify: verify with its public part (the JWK without "d")`);
    }
    if (usage === "sign" && kty !== "oct" && !isPrivate) throw new KeyInvalid(`${description} cannot sign: it has no "d"`);
    const ops = (jwk as JWK).key_ops;
    if (ops !== undefined && !ops.includes(usage)) {
      throw new KeyInvalid(`this JWK's key_ops [${ops.join(", ")}] do not include "${usage}" (RFC 7517 §4.3)`);
    }
    const weak = weakness(jwk, alg);
    if (weak !== undefined) throw new KeyInvalid(weak);
    const usages: KeyUsage[] = kty === "oct" ? ["sign", "verify"] : [usage];
    try {
      // Public keys are extractable (nothing in them is secret), so exportJWK works on them.
      const material = keyMaterial(jwk, kty);
      const key = await crypto.subtle.importKey("jwk", material, alg.importParams, !isPrivate && kty !== "oct", usages);
      return rememberKeyMaterial(key, { format: "jwk", jwk: material });
    } catch (cause) {
      throw new KeyInvalid(`${description} could not be imported for ${alg.name}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
  }
}
