/**
 * importPEM: a PEM-encoded key or certificate (RFC 7468) to a WebCrypto `CryptoKey` for one JWS algorithm.
 * The PEM text is read by `lib/bytes/pem.ts`, its DER by keycard's own reader (`lib/bytes/der.ts`,
 * `asn1-keys.ts`), and WebCrypto is handed a SubjectPublicKeyInfo or PKCS #8 PrivateKeyInfo rebuilt from the
 * checked fields.
 *
 * Labels read: `PUBLIC KEY`, `PRIVATE KEY`, `CERTIFICATE` (its key only: the certificate itself is not
 * validated, trusting it is the caller's decision), `RSA PUBLIC KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`.
 *
 * Public or private: a private key gives a key that signs (usages ["sign"]), a public key or a certificate
 * a key that verifies (usages ["verify"]). Signing with a public key or verifying with a private key is then
 * refused where it is attempted, with ERR_KEY_INVALID, by the CryptoKey checks of `crypto-key.ts`.
 * Public keys are extractable (nothing in them is secret, and `exportJWK` can then publish them); private
 * keys are not, so the key material stays inside WebCrypto.
 *
 * RSA keys: `alg` chooses PKCS #1 v1.5 (RS*) or PSS (PS*) with its hash. A key marked id-RSASSA-PSS
 * (RFC 4055) is taken for PS* only; when its parameters are present they must name the hash of `alg` for
 * both the digest and MGF1, and a salt no longer than the hash (the salt JWA uses, RFC 7518 §3.5).
 */
import { algorithmByName, algorithmsForKeyType, type Algorithm } from "../jwa/algorithms.js";
import { rememberKeyMaterial } from "../jwa/key-material.js";
import { InvalidArgument, KeyInvalid } from "../errors.js";
import { describeValue } from "../arguments.js";
import { decodePEM } from "../bytes/pem.js";
import { rsaSizeWeakness } from "./strength.js";
import { parseCertificate, parsePkcs1Private, parsePkcs1Public, parsePkcs8, parseSec1, parseSpki, type KeyInfo } from "./asn1-keys.js";

/** The labels importPEM reads (RFC 7468 §5, §10, §13; PKCS #1 and SEC 1 by OpenSSL's convention). */
const PARSERS: Record<string, (der: Uint8Array) => KeyInfo> = {
  "PUBLIC KEY": parseSpki,
  "PRIVATE KEY": parsePkcs8,
  CERTIFICATE: parseCertificate,
  "RSA PUBLIC KEY": parsePkcs1Public,
  "RSA PRIVATE KEY": parsePkcs1Private,
  "EC PRIVATE KEY": parseSec1,
};

/** Labels of things that are keys of a sort, named in their refusal. */
const REFUSED: Record<string, string> = {
  "ENCRYPTED PRIVATE KEY": `an encrypted PKCS #8 private key (RFC 5958 §3), which keycard cannot decrypt; decrypt it first, for example with "openssl pkey -in key.pem"`,
  "DSA PRIVATE KEY": "a DSA private key, which cannot sign a JWS; keycard takes RSA, EC (P-256, P-384, P-521) and Ed25519 keys",
  "OPENSSH PRIVATE KEY": "an OpenSSH private key; convert it to PKCS #8 first",
  "X509 CERTIFICATE": `a certificate under a legacy label, which RFC 7468 §5.1 says not to take as "CERTIFICATE"; relabel it`,
  "X.509 CERTIFICATE": `a certificate under a legacy label, which RFC 7468 §5.1 says not to take as "CERTIFICATE"; relabel it`,
};

/** What a key is, for messages: "an RSA public key of 2048 bits", "a P-384 EC private key". */
function describe(info: KeyInfo): string {
  const { kind, curve } = info.algorithm;
  const name = kind === "EC" ? `${curve} EC` : kind === "RSA-PSS" ? "RSA-PSS (id-RSASSA-PSS)" : kind;
  const bits = info.modulusBits === undefined ? "" : ` of ${info.modulusBits} bits`;
  return `${kind === "EC" ? "a" : "an"} ${name} ${info.type} key${bits}`;
}

/** The JWS algorithms a key can serve. */
function permittedAlgorithms(info: KeyInfo): readonly Algorithm[] {
  const { kind, curve, pss } = info.algorithm;
  if (kind === "EC") return algorithmsForKeyType("EC", curve);
  if (kind === "Ed25519") return algorithmsForKeyType("OKP", "Ed25519");
  const rsa = algorithmsForKeyType("RSA");
  if (kind === "RSA") return rsa;
  // RFC 4055 §1.2, §3.1: an id-RSASSA-PSS key is for RSASSA-PSS only, with the hash and MGF its parameters fix
  // and a salt at least as long as theirs.
  return rsa.filter((alg) => alg.family === "RSA-PSS" &&
    (pss === undefined || (pss.hash === alg.hash && pss.mgfHash === alg.hash && pss.saltLength <= alg.saltLength!)));
}

/** What an id-RSASSA-PSS key's parameters fix, for messages; "" when it has none. */
function pssRestriction({ pss }: KeyInfo["algorithm"]): string {
  if (pss === undefined) return "";
  const hashes = pss.hash === pss.mgfHash ? `${pss.hash} for the hash and MGF1` : `${pss.hash} for the hash, ${pss.mgfHash} for MGF1`;
  return ` (its RSASSA-PSS parameters fix ${hashes}, and a salt of at least ${pss.saltLength} bytes)`;
}

/** Why `info` cannot serve `alg`, or `undefined` when it can. */
function unfit(info: KeyInfo, alg: Algorithm): string | undefined {
  const permitted = permittedAlgorithms(info);
  if (!permitted.includes(alg)) {
    const fits = permitted.length === 0 ? "fits no JWS algorithm" : `fits ${permitted.map((a) => a.name).join(", ")}`;
    return `${describe(info)} cannot be used with ${alg.name}: it ${fits}${pssRestriction(info.algorithm)}`;
  }
  // The exponent and the ROCA test were checked while reading the key (asn1-keys.ts).
  return info.modulusBits === undefined ? undefined : rsaSizeWeakness(info.modulusBits);
}

/** The key of a PEM block, by its label. @throws KeyInvalid for any other label. */
function parseBlock(label: string, der: Uint8Array): KeyInfo {
  const parse = Object.hasOwn(PARSERS, label) ? PARSERS[label] : undefined;
  if (parse !== undefined) return parse(der);
  const refused = Object.hasOwn(REFUSED, label) ? REFUSED[label] : undefined;
  if (refused !== undefined) throw new KeyInvalid(`this PEM block ("${label}") is ${refused}`);
  throw new KeyInvalid(`a PEM block labelled ${JSON.stringify(label)} is not a key importPEM reads; it reads ${Object.keys(PARSERS).join(", ")}`);
}

/**
 * Imports the key in `pem` for `alg`. A private key gives a signing key, a public key or certificate a
 * verifying key (see the top of this file). One PEM block (RFC 7468): `PUBLIC KEY`, `PRIVATE KEY`,
 * `CERTIFICATE` (its key; the chain is not validated), `RSA PUBLIC KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`.
 * @example
 * const publicKey = await importPEM(await readFile("public.pem", "utf8"), "ES256");
 * @throws InvalidArgument (as a rejection) when `alg` is not an asymmetric JWS algorithm keycard knows.
 * @throws KeyInvalid (as a rejection) when `pem` is not one PEM block holding a key that can serve `alg`.
 */
export async function importPEM(pem: string, alg: string): Promise<CryptoKey> {
  const algorithm = algorithmByName(alg);
  if (algorithm === undefined) {
    throw new InvalidArgument(`unknown or unsupported alg ${describeValue(alg)}`);
  }
  if (algorithm.family === "HMAC") {
    throw new InvalidArgument(`${algorithm.name} takes a shared secret, not a PEM key; importPEM is for RSA, EC and Ed25519 keys`);
  }
  if (typeof pem !== "string") throw new KeyInvalid(`importPEM takes the PEM text as a string; got ${pem === null ? "null" : typeof pem}`);
  const { label, der } = decodePEM(pem);
  const info = parseBlock(label, der);
  const problem = unfit(info, algorithm);
  if (problem !== undefined) throw new KeyInvalid(problem);
  const isPrivate = info.type === "private";
  try {
    const key = await crypto.subtle.importKey(
      isPrivate ? "pkcs8" : "spki",
      info.der as Uint8Array<ArrayBuffer>,
      algorithm.importParams,
      !isPrivate,
      isPrivate ? ["sign"] : ["verify"],
    );
    return rememberKeyMaterial(key, { format: isPrivate ? "pkcs8" : "spki", der: info.der });
  } catch (cause) {
    throw new KeyInvalid(`${describe(info)} could not be imported for ${algorithm.name}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
