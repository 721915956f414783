/**
 * generateKeyPair and generateSecret: new keys for an algorithm of the JWA table, from the platform's
 * cryptographically secure generator.
 */
import { algorithmByName, MIN_RSA_MODULUS_BITS, type AlgorithmName } from "../jwa/algorithms.js";
import { rememberKeyMaterial } from "../jwa/key-material.js";
import { InvalidArgument } from "../errors.js";
import { describeValue, readOptions } from "../arguments.js";

/** The options of `generateKeyPair`. */
export interface GenerateKeyPairOptions {
  /** Whether the private key can be exported (with exportJWK). Default false. The public key always can. */
  extractable?: boolean;
  /** RSA only: the modulus length in bits, at least 2048 (RFC 7518 §3.3). Default 2048. */
  modulusLength?: number;
}

/** What `generateKeyPair` returns. */
export interface GeneratedKeyPair {
  /** Signs; extractable only when `extractable: true` was asked. */
  privateKey: CryptoKey;
  /** Verifies; always extractable, for `exportJWK`. */
  publicKey: CryptoKey;
}

/**
 * A new key pair for `alg` (RS*, PS*, ES*, EdDSA or Ed25519), from the platform's secure generator. Each key
 * permits exactly `alg` (an Ed25519 key: `EdDSA` and `Ed25519`). RSA keys are 2048 bits unless `modulusLength`
 * (2048 to 16384) says otherwise (RFC 7518 §3.3); the private key is not extractable unless `extractable: true`.
 * @throws InvalidArgument (as a rejection) for an unknown or HMAC `alg`, or a bad option.
 * @example
 * const { privateKey, publicKey } = await generateKeyPair("ES256");
 */
export async function generateKeyPair(alg: AlgorithmName, options?: GenerateKeyPairOptions): Promise<GeneratedKeyPair> {
  const algorithm = algorithmByName(alg);
  if (algorithm === undefined) throw new InvalidArgument(`alg ${describeValue(alg)} is not an algorithm keycard knows`);
  if (algorithm.kty === "oct") throw new InvalidArgument(`${algorithm.name} uses a shared secret: call generateSecret("${algorithm.name}")`);
  const opts = readOptions<GenerateKeyPairOptions>(options, "generateKeyPair", new Set(["extractable", "modulusLength"]));
  if (opts.extractable !== undefined && typeof opts.extractable !== "boolean") throw new InvalidArgument("extractable must be a boolean");
  let params: RsaHashedKeyGenParams | EcKeyGenParams | { name: "Ed25519" };
  if (algorithm.kty === "RSA") {
    const modulusLength = opts.modulusLength ?? MIN_RSA_MODULUS_BITS;
    if (!Number.isSafeInteger(modulusLength) || modulusLength < MIN_RSA_MODULUS_BITS || modulusLength > 16384 || modulusLength % 8 !== 0) {
      throw new InvalidArgument(`modulusLength must be a multiple of 8 from ${MIN_RSA_MODULUS_BITS} to 16384 (RFC 7518 §3.3)`);
    }
    params = { ...(algorithm.importParams as RsaHashedImportParams), modulusLength, publicExponent: new Uint8Array([1, 0, 1]) };
  } else {
    if (opts.modulusLength !== undefined) throw new InvalidArgument("modulusLength applies to RSA algorithms only");
    params = algorithm.importParams as EcKeyGenParams | { name: "Ed25519" };
  }
  const pair = (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  // The backends are told each key's material (lib/jwa/key-material.ts), so that node:crypto never converts a
  // CryptoKey itself, which Node.js deprecates for non-extractable ones (DEP0204). A non-extractable private
  // key is made by importing the generated one's PKCS #8 without the right to export it.
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  const privateKey = opts.extractable === true
    ? pair.privateKey
    : await crypto.subtle.importKey("pkcs8", pkcs8, algorithm.importParams, false, ["sign"]);
  return {
    privateKey: rememberKeyMaterial(privateKey, { format: "pkcs8", der: pkcs8 }),
    publicKey: rememberKeyMaterial(pair.publicKey, { format: "spki", der: spki }),
  };
}

/**
 * A new random HMAC secret for `alg` (HS256, HS384 or HS512), as long as the hash output (32, 48 or 64 bytes):
 * the shortest RFC 7518 §3.2 allows and as strong as the algorithm can use. Synchronous.
 * @throws InvalidArgument (synchronously) for an `alg` that is not HS256, HS384 or HS512.
 * @example
 * const secret = generateSecret("HS256"); // keep it in a secret store, never in code
 */
export function generateSecret(alg: AlgorithmName): Uint8Array {
  const algorithm = algorithmByName(alg);
  if (algorithm === undefined || algorithm.kty !== "oct") {
    throw new InvalidArgument(`generateSecret makes HMAC secrets (HS256, HS384, HS512), not ${describeValue(alg)}; use generateKeyPair`);
  }
  return crypto.getRandomValues(new Uint8Array(algorithm.hashLength));
}
