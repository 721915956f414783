/**
 * The DER key structures importPEM reads, each checked field by field and rewritten into what WebCrypto
 * imports: a SubjectPublicKeyInfo ("spki") for a public key, a version-1 PrivateKeyInfo ("pkcs8") for a
 * private key. Rewriting (rather than passing the input through) means WebCrypto only ever sees the few
 * shapes below, whatever optional fields the input had.
 *
 * Read: SubjectPublicKeyInfo and X.509 Certificate (RFC 5280 §4.1), PKCS #8 PrivateKeyInfo / OneAsymmetricKey
 * (RFC 5208 §5, RFC 5958 §2), PKCS #1 RSAPublicKey and RSAPrivateKey (RFC 8017 Appendix A.1), SEC 1
 * ECPrivateKey (RFC 5915 §3); inside them RSA, EC (RFC 5480) and Ed25519 (RFC 8410) keys.
 * A certificate is only opened to take its key: its signature, dates and extensions are not checked.
 */
import { KeyInvalid } from "../errors.js";
import { DerReader, TAG, checkDer, contextTag, encodeDer } from "../bytes/der.js";
import { bitLength } from "./jwk.js";
import { hasRocaFingerprint, ROCA_MESSAGE } from "./strength.js";
import { checkPublicPoint } from "./ec-point.js";
import { curveSize, encodeKeyAlgorithm, readCurve, readKeyAlgorithm, type Curve, type KeyAlgorithm } from "./asn1-algorithms.js";

/** A key read from DER, ready for `crypto.subtle.importKey(type === "public" ? "spki" : "pkcs8", der, ...)`. */
export interface KeyInfo {
  readonly type: "public" | "private";
  readonly algorithm: KeyAlgorithm;
  /** RSA only: the length of the modulus in bits. */
  readonly modulusBits: number | undefined;
  /** The key as a SubjectPublicKeyInfo (public) or a version-1 PrivateKeyInfo (private). */
  readonly der: Uint8Array;
}

/** A reader over `der` after checking it is one well-formed DER element (no truncation, nothing trailing). */
function open(der: Uint8Array, what: string): DerReader {
  checkDer(der, what);
  return new DerReader(der, what);
}

/** Checks an RSA key's modulus and public exponent; returns the modulus length in bits. */
function checkRsa(n: Uint8Array, e: Uint8Array): number {
  // RFC 8017 §3.1: n is a product of odd primes; e is odd (coprime to the even λ(n)) and 3 <= e < n.
  if ((n[n.length - 1]! & 1) === 0) throw new KeyInvalid("this RSA key's modulus is even (RFC 8017 §3.1)");
  if ((e[e.length - 1]! & 1) === 0 || (e.length === 1 && e[0]! < 3) || e.length >= n.length) {
    throw new KeyInvalid("this RSA key's public exponent is not an odd number from 3 to below the modulus (RFC 8017 §3.1)");
  }
  if (hasRocaFingerprint(n)) throw new KeyInvalid(ROCA_MESSAGE);
  return bitLength(n);
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }  (RFC 8017 Appendix A.1.1) */
function readRsaPublicKey(der: Uint8Array, what: string): number {
  const key = open(der, what).enter(TAG.SEQUENCE, "RSAPublicKey");
  const n = key.unsignedInteger("modulus");
  const e = key.unsignedInteger("publicExponent");
  key.finish("RSAPublicKey");
  return checkRsa(n, e);
}

/**
 * RSAPrivateKey ::= SEQUENCE {  (RFC 8017 Appendix A.1.2)
 *   version Version, modulus INTEGER, publicExponent INTEGER, privateExponent INTEGER, prime1 INTEGER,
 *   prime2 INTEGER, exponent1 INTEGER, exponent2 INTEGER, coefficient INTEGER, otherPrimeInfos OPTIONAL }
 */
function readRsaPrivateKey(der: Uint8Array, what: string): number {
  const key = open(der, what).enter(TAG.SEQUENCE, "RSAPrivateKey");
  const version = key.smallInteger("version");
  if (version === 1) throw new KeyInvalid("this is a multi-prime RSA key (RSAPrivateKey version 1, RFC 8017 Appendix A.1.2), which WebCrypto cannot import");
  if (version !== 0) key.fail(`RSAPrivateKey version ${version} is unknown (RFC 8017 Appendix A.1.2: 0 or 1)`);
  const n = key.unsignedInteger("modulus");
  const e = key.unsignedInteger("publicExponent");
  for (const field of ["privateExponent", "prime1", "prime2", "exponent1", "exponent2", "coefficient"]) key.unsignedInteger(field);
  key.finish("RSAPrivateKey"); // version 0: otherPrimeInfos MUST be absent
  return checkRsa(n, e);
}

/** An EC public key: an uncompressed point, 0x04 || X || Y (SEC 1 §2.3.3), as RFC 5480 §2.2 requires support for. */
function checkPoint(point: Uint8Array, curve: Curve): void {
  const size = curveSize(curve);
  if (point[0] === 0x02 || point[0] === 0x03) {
    throw new KeyInvalid(`this ${curve} public key is a compressed point, which WebCrypto does not import; use the uncompressed form`);
  }
  if (point[0] !== 0x04 || point.length !== 1 + 2 * size) {
    throw new KeyInvalid(`this ${curve} public key is not an uncompressed point (SEC 1 §2.3.3: 0x04, then X and Y of ${size} bytes each)`);
  }
  checkPublicPoint(curve, point.subarray(1, 1 + size), point.subarray(1 + size), `this ${curve} public key`); // SEC 1 §3.2.2.1
}

/**
 * ECPrivateKey ::= SEQUENCE {  (RFC 5915 §3)
 *   version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
 *   parameters [0] ECParameters {{ NamedCurve }} OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
 * `known` is the curve of the enclosing PKCS #8 AlgorithmIdentifier, if any. Returns the key's curve.
 */
function readEcPrivateKey(der: Uint8Array, what: string, known: Curve | undefined): Curve {
  const key = open(der, what).enter(TAG.SEQUENCE, "ECPrivateKey");
  if (key.smallInteger("version") !== 1) key.fail("ECPrivateKey version is not 1 (RFC 5915 §3)");
  const scalar = key.octetString("privateKey");
  let curve = known;
  if (key.peekTag() === contextTag(0, true)) {
    const field = key.enter(contextTag(0, true), "parameters");
    const named = readCurve(field);
    field.finish("parameters");
    if (known !== undefined && named !== known) throw new KeyInvalid(`this EC private key says both ${known} and ${named}`);
    curve = named;
  }
  if (curve === undefined) throw new KeyInvalid("this EC PRIVATE KEY does not name its curve (RFC 5915 §3: parameters MUST be present)");
  if (scalar.length !== curveSize(curve)) {
    throw new KeyInvalid(`this ${curve} private key is ${scalar.length} bytes long; RFC 5915 §3 makes it ${curveSize(curve)}`);
  }
  if (key.peekTag() === contextTag(1, true)) {
    const field = key.enter(contextTag(1, true), "publicKey");
    checkPoint(field.bitString("publicKey"), curve);
    field.finish("publicKey");
  }
  key.finish("ECPrivateKey");
  return curve;
}

/** Checks the public key of `algorithm` (`what` names it in messages) and wraps it as a SubjectPublicKeyInfo. */
function publicKeyInfo(algorithm: KeyAlgorithm, key: Uint8Array, what: string): KeyInfo {
  let modulusBits: number | undefined;
  if (algorithm.kind === "EC") checkPoint(key, algorithm.curve!);
  else if (algorithm.kind === "Ed25519" && key.length !== 32) throw new KeyInvalid(`this Ed25519 public key is ${key.length} bytes long; RFC 8410 §3 makes it 32`);
  else if (algorithm.kind === "RSA" || algorithm.kind === "RSA-PSS") modulusBits = readRsaPublicKey(key, what);
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }  (RFC 5280 §4.1)
  const der = encodeDer(TAG.SEQUENCE, encodeKeyAlgorithm(algorithm), encodeDer(TAG.BIT_STRING, Uint8Array.of(0), key));
  return { type: "public", algorithm, modulusBits, der };
}

/** PrivateKeyInfo ::= SEQUENCE { version 0, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING } */
function wrapPrivateKey(algorithm: KeyAlgorithm, key: Uint8Array): Uint8Array {
  const version = encodeDer(TAG.INTEGER, Uint8Array.of(0));
  return encodeDer(TAG.SEQUENCE, version, encodeKeyAlgorithm(algorithm), encodeDer(TAG.OCTET_STRING, key));
}

/**
 * Checks the private key of `algorithm` (what PKCS #8 `privateKey` holds; `what` names it in messages) and
 * wraps it as a PrivateKeyInfo.
 */
function privateKeyInfo(algorithm: KeyAlgorithm, key: Uint8Array, what: string): KeyInfo {
  let modulusBits: number | undefined;
  if (algorithm.kind === "EC") {
    readEcPrivateKey(key, what, algorithm.curve);
  } else if (algorithm.kind === "Ed25519") {
    // CurvePrivateKey ::= OCTET STRING  (RFC 8410 §7), 32 bytes for Ed25519 (RFC 8032 §5.1.5)
    const inner = open(key, what);
    const seed = inner.octetString("CurvePrivateKey");
    inner.finish("CurvePrivateKey");
    if (seed.length !== 32) throw new KeyInvalid(`this Ed25519 private key is ${seed.length} bytes long; RFC 8410 §7 makes it 32`);
  } else {
    modulusBits = readRsaPrivateKey(key, what);
  }
  return { type: "private", algorithm, modulusBits, der: wrapPrivateKey(algorithm, key) };
}

/** Reads a SubjectPublicKeyInfo (RFC 5280 §4.1) from `reader`. */
function readSpki(reader: DerReader, what: string): KeyInfo {
  const spki = reader.enter(TAG.SEQUENCE, "SubjectPublicKeyInfo");
  const algorithm = readKeyAlgorithm(spki);
  const key = spki.bitString("subjectPublicKey");
  spki.finish("SubjectPublicKeyInfo");
  return publicKeyInfo(algorithm, key, `the subjectPublicKey in ${what}`);
}

/** `PUBLIC KEY`: a SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 7468 §13). */
export function parseSpki(der: Uint8Array): KeyInfo {
  const what = "this SubjectPublicKeyInfo (RFC 5280 §4.1)";
  return readSpki(open(der, what), what);
}

/**
 * `PRIVATE KEY` (RFC 7468 §10):
 *   OneAsymmetricKey ::= SEQUENCE {  (RFC 5958 §2; version 0 is the PrivateKeyInfo of RFC 5208 §5)
 *     version Version (v1(0), v2(1)), privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING,
 *     attributes [0] IMPLICIT Attributes OPTIONAL, ..., [[2: publicKey [1] IMPLICIT BIT STRING OPTIONAL ]], ... }
 * Attributes and the optional public key are read past and dropped.
 */
export function parsePkcs8(der: Uint8Array): KeyInfo {
  const what = "this PrivateKeyInfo (PKCS #8, RFC 5958 §2)";
  const info = open(der, what).enter(TAG.SEQUENCE, "PrivateKeyInfo");
  const version = info.smallInteger("version");
  if (version > 1) info.fail(`PrivateKeyInfo version ${version} is unknown (RFC 5958 §2: 0 or 1)`);
  const algorithm = readKeyAlgorithm(info);
  const key = info.octetString("privateKey");
  if (info.peekTag() === contextTag(0, true)) info.next();
  if (info.peekTag() === contextTag(1, false)) {
    if (version === 0) info.fail("a publicKey [1] needs version 1 (RFC 5958 §2)");
    info.next();
  }
  info.finish("PrivateKeyInfo");
  return privateKeyInfo(algorithm, key, `the privateKey in ${what}`);
}

/**
 * `CERTIFICATE` (RFC 7468 §5): its subjectPublicKeyInfo, nothing else checked.
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier,
 *                              signatureValue BIT STRING }  (RFC 5280 §4.1)
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber INTEGER,
 *     signature AlgorithmIdentifier, issuer Name, validity Validity, subject Name,
 *     subjectPublicKeyInfo SubjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *     subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
 */
export function parseCertificate(der: Uint8Array): KeyInfo {
  const what = "this Certificate (X.509, RFC 5280 §4.1)";
  const certificate = open(der, what).enter(TAG.SEQUENCE, "Certificate");
  const tbs = certificate.enter(TAG.SEQUENCE, "TBSCertificate");
  if (tbs.peekTag() === contextTag(0, true)) tbs.next();
  tbs.read(TAG.INTEGER, "serialNumber");
  for (const field of ["signature", "issuer", "validity", "subject"]) tbs.read(TAG.SEQUENCE, field);
  const key = readSpki(tbs, what);
  for (const tag of [contextTag(1, false), contextTag(2, false), contextTag(3, true)]) if (tbs.peekTag() === tag) tbs.next();
  tbs.finish("TBSCertificate");
  certificate.read(TAG.SEQUENCE, "signatureAlgorithm");
  certificate.read(TAG.BIT_STRING, "signatureValue");
  certificate.finish("Certificate");
  return key;
}

/** `RSA PUBLIC KEY`: a PKCS #1 RSAPublicKey (RFC 8017 Appendix A.1.1), wrapped as a SubjectPublicKeyInfo. */
export function parsePkcs1Public(der: Uint8Array): KeyInfo {
  return publicKeyInfo({ kind: "RSA" }, der, "this RSAPublicKey (PKCS #1, RFC 8017 Appendix A.1.1)");
}

/** `RSA PRIVATE KEY`: a PKCS #1 RSAPrivateKey (RFC 8017 Appendix A.1.2), wrapped as a PrivateKeyInfo. */
export function parsePkcs1Private(der: Uint8Array): KeyInfo {
  return privateKeyInfo({ kind: "RSA" }, der, "this RSAPrivateKey (PKCS #1, RFC 8017 Appendix A.1.2)");
}

/** `EC PRIVATE KEY`: a SEC 1 ECPrivateKey (RFC 5915 §3) naming its curve, wrapped as a PrivateKeyInfo. */
export function parseSec1(der: Uint8Array): KeyInfo {
  const curve = readEcPrivateKey(der, "this ECPrivateKey (SEC 1, RFC 5915 §3)", undefined);
  const algorithm: KeyAlgorithm = { kind: "EC", curve };
  return { type: "private", algorithm, modulusBits: undefined, der: wrapPrivateKey(algorithm, der) };
}
