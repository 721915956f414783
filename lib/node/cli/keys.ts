/**
 * Keys from the command line: `--secret TEXT`, `--secret-file FILE`, `--key FILE` (a PEM block, a JWK or a JWK
 * Set, as JSON) and `--jwks URL` (a remote JWK Set, RFC 7517 §5), turned into what the library takes. PEM
 * files go through keycard's own importPEM (RFC 7468); node:crypto is only asked which algorithm a PEM key is
 * for, and for the public JWK of a PEM key when `lint` reviews it.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import {
  JWTAlgorithmNotAllowed, KeyInvalid, createLocalJWKSet, createRemoteJWKSet, importPEM,
  type JWK, type JWSHeader, type KeyLike, type KeyResolver,
} from "../index.js";
import { algorithmByName } from "../../jwa/algorithms.js";
import { isPlainObject } from "../../arguments.js";
import { readTextFile, UsageError } from "./io.js";

/** The key options, for parseArgs. */
export const KEY_OPTIONS = {
  secret: { type: "string" },
  "secret-file": { type: "string" },
  key: { type: "string" },
} as const;

/** What --key FILE held. */
export type KeyFile =
  | { kind: "pem"; pem: string; path: string }
  | { kind: "jwk"; jwk: JWK; path: string }
  | { kind: "jwks"; jwks: { keys: JWK[] }; path: string };

/** Members that make a JWK private (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/** Reads and recognises --key FILE. */
export function readKeyFile(path: string): KeyFile {
  return parseKeyText(readTextFile(path, "key file"), path);
}

/** Recognises the text of a key file: a PEM block, a JWK or a JWK Set. `path` names it in messages. */
export function parseKeyText(text: string, path: string): KeyFile {
  if (text.includes("-----BEGIN ")) return { kind: "pem", pem: text, path };
  if (/^\s*\{/.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`the key file ${JSON.stringify(path)} is not valid JSON: ${(error as Error).message}`);
    }
    if (isPlainObject(value) && Array.isArray(value.keys)) return { kind: "jwks", jwks: value as unknown as { keys: JWK[] }, path };
    if (isPlainObject(value) && typeof value.kty === "string") return { kind: "jwk", jwk: value as JWK, path };
    throw new UsageError(`the key file ${JSON.stringify(path)} is JSON but neither a JWK (no "kty") nor a JWK Set (no "keys")`);
  }
  throw new UsageError(`the key file ${JSON.stringify(path)} is neither a PEM key ("-----BEGIN ...") nor a JWK or JWK Set (JSON)`);
}

/** The HMAC secret of --secret or --secret-file (its bytes, one trailing line break left out), if given. */
export function readSecret(values: Record<string, unknown>): string | Uint8Array | undefined {
  if (values.secret !== undefined && values["secret-file"] !== undefined) throw new UsageError("give --secret or --secret-file, not both");
  if (typeof values.secret === "string") {
    if (values.secret === "") throw new UsageError("--secret is empty");
    return values.secret;
  }
  if (typeof values["secret-file"] === "string") {
    const text = readTextFile(values["secret-file"], "secret file").replace(/\r?\n$/, "");
    if (text === "") throw new UsageError(`the secret file ${JSON.stringify(values["secret-file"])} is empty`);
    return text;
  }
  return undefined;
}

/** How many key options were given; commands take at most one. */
function countKeyOptions(values: Record<string, unknown>, names: string[]): number {
  return names.filter((name) => values[name] !== undefined).length;
}

/** The node:crypto view of a PEM key, only to learn its type and curve (keycard's importPEM does the import). */
function keyObjectOf(pem: string, path: string): KeyObject {
  try {
    return pem.includes("PRIVATE KEY") ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (error) {
    throw new KeyInvalid(`cannot read the PEM key in ${JSON.stringify(path)}: ${(error as Error).message.replace(/^error:\w+:/, "")}`);
  }
}

/** The algorithm a PEM key signs with when --alg does not say: its curve's, or EdDSA; RSA keys must be told. */
export function pemAlgorithm(pem: string, path: string): string {
  const key = keyObjectOf(pem, path);
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return "EdDSA";
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const alg = curve === "prime256v1" ? "ES256" : curve === "secp384r1" ? "ES384" : curve === "secp521r1" ? "ES512" : undefined;
    if (alg !== undefined) return alg;
    throw new KeyInvalid(`the EC key in ${JSON.stringify(path)} is on curve ${curve ?? "?"}; JWS uses P-256, P-384 and P-521 (RFC 7518 §3.4)`);
  }
  if (type === "rsa" || type === "rsa-pss") throw new UsageError("an RSA key signs RS256, RS384, RS512, PS256, PS384 or PS512: choose one with --alg");
  throw new KeyInvalid(`the key in ${JSON.stringify(path)} is a ${type ?? "?"} key; JWS signs with RSA, EC (P-256, P-384, P-521) and Ed25519 keys`);
}

/** The JWK of a PEM key (private members included for a private key), for `lint` and `thumbprint`. */
export function pemToJWK(pem: string, path: string): JWK {
  const key = keyObjectOf(pem, path);
  return key.export({ format: "jwk" }) as JWK;
}

/** A JWK without its private members: what verifying needs. */
export function publicPart(jwk: JWK): JWK {
  if (jwk.kty === "oct") return jwk;
  const copy: JWK = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy;
}

/** Whether a URL is on this machine (http is allowed there, for a local identity provider). */
function isLoopback(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
}

/** The key --secret, --secret-file, --key or --jwks gives, for verifying; `description` says which it is. */
export function verificationKey(values: Record<string, unknown>): { key: KeyLike | KeyResolver; description: string } {
  const given = countKeyOptions(values, ["secret", "secret-file", "key", "jwks"]);
  if (given === 0) throw new UsageError("verifying needs a key: --secret TEXT, --secret-file FILE, --key FILE (PEM, JWK or JWK Set) or --jwks URL");
  if (given > 1) throw new UsageError("give one key: --secret, --secret-file, --key or --jwks");
  const secret = readSecret(values);
  if (secret !== undefined) return { key: secret, description: "the secret" };
  if (typeof values.jwks === "string") {
    let url: URL;
    try {
      url = new URL(values.jwks);
    } catch {
      throw new UsageError(`--jwks must be a URL; got ${JSON.stringify(values.jwks)}`);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url))) {
      throw new UsageError("--jwks must be an https: URL (http: only on localhost or 127.0.0.1)");
    }
    return { key: createRemoteJWKSet(url, { allowHttp: url.protocol === "http:" }), description: `the JWK Set at ${url.href}` };
  }
  const file = readKeyFile(values.key as string);
  if (file.kind === "jwks") return { key: createLocalJWKSet(file.jwks), description: `the JWK Set in ${file.path}` };
  if (file.kind === "jwk") return { key: publicPart(file.jwk), description: `the JWK in ${file.path}` }; // a private JWK verifies with its public part
  // A private key file holds its public key: verify with that (a private key only signs).
  const pem = file.pem.includes("PRIVATE KEY") ? (keyObjectOf(file.pem, file.path).type === "private"
    ? createPublicKey(keyObjectOf(file.pem, file.path)).export({ type: "spki", format: "pem" }).toString() : file.pem) : file.pem;
  const resolver: KeyResolver = (header: JWSHeader) => {
    const algorithm = algorithmByName(header.alg);
    if (algorithm?.family === "HMAC") {
      throw new JWTAlgorithmNotAllowed(`the token says ${header.alg}, which takes a shared secret, but --key gave a PEM key: never verify HMAC with a public key (RFC 8725 §2.1)`);
    }
    return importPEM(pem, header.alg);
  };
  return { key: resolver, description: `the PEM key in ${file.path}` };
}

/** The key and algorithm for signing, from --secret, --secret-file or --key (PEM or JWK, private). */
export async function signingKey(values: Record<string, unknown>): Promise<{ key: KeyLike; alg: string | undefined; kid: string | undefined }> {
  const given = countKeyOptions(values, ["secret", "secret-file", "key"]);
  if (given === 0) throw new UsageError("signing needs a key: --secret TEXT, --secret-file FILE or --key FILE (a private PEM key or JWK)");
  if (given > 1) throw new UsageError("give one key: --secret, --secret-file or --key");
  const alg = typeof values.alg === "string" ? values.alg : undefined;
  const secret = readSecret(values);
  if (secret !== undefined) return { key: secret, alg, kid: undefined };
  const file = readKeyFile(values.key as string);
  if (file.kind === "jwks") throw new UsageError("--key for signing is one private key (PEM or JWK), not a JWK Set");
  if (file.kind === "jwk") return { key: file.jwk, alg, kid: typeof file.jwk.kid === "string" ? file.jwk.kid : undefined };
  const chosen = alg ?? pemAlgorithm(file.pem, file.path);
  if (algorithmByName(chosen)?.family === "HMAC") throw new UsageError(`${chosen} signs with a secret (--secret), not a PEM key`);
  return { key: await importPEM(file.pem, chosen), alg: chosen, kid: undefined };
}

/** The key `lint` reviews, from --secret, --secret-file or --key, or undefined. */
export function lintKey(values: Record<string, unknown>): KeyLike | undefined {
  const given = countKeyOptions(values, ["secret", "secret-file", "key"]);
  if (given > 1) throw new UsageError("give one key: --secret, --secret-file or --key");
  const secret = readSecret(values);
  if (secret !== undefined) return secret;
  if (typeof values.key !== "string") return undefined;
  const file = readKeyFile(values.key);
  if (file.kind === "jwks") throw new UsageError("lint reviews one key: pass the JWK of the token's kid, not the whole set");
  return file.kind === "jwk" ? file.jwk : pemToJWK(file.pem, file.path);
}
