/**
 * The AlgorithmIdentifier of a key (RFC 5280 §4.1.1.2) in SubjectPublicKeyInfo and PKCS#8: which kind of
 * key it is, its curve, its RSASSA-PSS restrictions. Keys of a kind JWS cannot sign with are refused here,
 * each with a message naming what it is.
 *
 *   AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
 */
import { KeyInvalid } from "../errors.js";
import { DerReader, TAG, contextTag, encodeDer, encodeOid } from "../bytes/der.js";

/** The named curves keycard reads from DER (RFC 5480 §2.1.1.1). */
export type Curve = "P-256" | "P-384" | "P-521";

/** What a key's AlgorithmIdentifier says. */
export interface KeyAlgorithm {
  /** `RSA-PSS` is an RSA key marked id-RSASSA-PSS: usable with RSASSA-PSS only (RFC 4055 §1.2). */
  readonly kind: "RSA" | "RSA-PSS" | "EC" | "Ed25519";
  /** EC only: the named curve. */
  readonly curve?: Curve;
  /** id-RSASSA-PSS with parameters only: the hash and MGF1 hash they fix and the least salt length. */
  readonly pss?: { readonly hash: string; readonly mgfHash: string; readonly saltLength: number };
}

// Key algorithms.
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1"; // RFC 8017 Appendix A.1
const RSASSA_PSS = "1.2.840.113549.1.1.10"; // RFC 8017 Appendix A.2.3, RFC 4055 §3.1
const EC_PUBLIC_KEY = "1.2.840.10045.2.1"; // RFC 5480 §2.1.1
const ED25519 = "1.3.101.112"; // RFC 8410 §3
const MGF1 = "1.2.840.113549.1.1.8"; // RFC 8017 Appendix B.2.1

/** The named curves of JWS (RFC 5480 §2.1.1.1: secp256r1, secp384r1, secp521r1). */
const CURVE_OID: Record<Curve, string> = { "P-256": "1.2.840.10045.3.1.7", "P-384": "1.3.132.0.34", "P-521": "1.3.132.0.35" };
const CURVES: Record<string, Curve> = { "1.2.840.10045.3.1.7": "P-256", "1.3.132.0.34": "P-384", "1.3.132.0.35": "P-521" };

/** The length in bytes of a curve's coordinates and private scalars (SEC 1 §2.3.5, RFC 5915 §3). */
export function curveSize(curve: Curve): number {
  return curve === "P-256" ? 32 : curve === "P-384" ? 48 : 66;
}

/** Hash algorithms (RFC 8017 Appendix A.2.4; RFC 5754 §2). */
const HASHES: Record<string, string> = {
  "1.3.14.3.2.26": "SHA-1",
  "2.16.840.1.101.3.4.2.4": "SHA-224",
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};

/** Keys of other kinds, named in the refusal. */
const OTHER_KINDS: Record<string, string> = {
  "1.2.840.10040.4.1": "a DSA key, which JWS does not sign with",
  "1.3.101.110": "an X25519 key, which is for key agreement, not signatures",
  "1.3.101.111": "an X448 key, which is for key agreement, not signatures",
  "1.3.101.113": "an Ed448 key; of the EdDSA curves keycard signs with Ed25519 only",
  "1.3.132.1.12": "an ECDH-only EC key (id-ecDH, RFC 5480 §2.1.2), which is for key agreement, not signatures",
  "1.3.132.1.13": "an ECMQV-only EC key (id-ecMQV, RFC 5480 §2.1.2), which is for key agreement, not signatures",
  "1.2.840.113549.1.1.7": "an RSAES-OAEP key (RFC 4055 §4.1), which is for encryption, not signatures",
  "1.2.840.113549.1.3.1": "a Diffie-Hellman key, which is for key agreement, not signatures",
  "1.2.840.10046.2.1": "a Diffie-Hellman key (X9.42), which is for key agreement, not signatures",
};
const NAMED_OTHER_CURVES: Record<string, string> = {
  "1.3.132.0.10": "secp256k1",
  "1.2.840.10045.3.1.1": "P-192",
  "1.3.132.0.33": "P-224",
  "1.3.36.3.3.2.8.1.1.7": "brainpoolP256r1",
  "1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
  "1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
  "1.2.156.10197.1.301": "SM2",
};
const SUPPORTED = "keycard takes RSA, EC (P-256, P-384, P-521) and Ed25519 keys";

/** The curve named by `oid`. @throws KeyInvalid for any curve JWS does not sign with. */
export function curveOf(oid: string): Curve {
  const curve = CURVES[oid];
  if (curve !== undefined) return curve;
  const other = NAMED_OTHER_CURVES[oid];
  throw new KeyInvalid(`this EC key is on the curve ${other ?? `with OID ${oid}`}; JWS signs with P-256 (ES256), P-384 (ES384) and P-521 (ES512) only (RFC 7518 §3.4)`);
}

/** Reads an EC key's ECParameters (RFC 5480 §2.1.1): only `namedCurve` is allowed in PKIX. */
export function readCurve(reader: DerReader): Curve {
  if (reader.peekTag() !== TAG.OID) {
    // RFC 5480 §2.1.1: implicitCurve and specifiedCurve MUST NOT be used.
    throw new KeyInvalid("this EC key gives its curve as explicit parameters, not by name; RFC 5480 §2.1.1 allows named curves only");
  }
  return curveOf(reader.oid("the namedCurve"));
}

/** A hash AlgorithmIdentifier, whose parameters are NULL or absent (RFC 8017 Appendix A.2.4). */
function readHashAlgorithm(reader: DerReader, name: string): string {
  const algorithm = reader.enter(TAG.SEQUENCE, name);
  const oid = algorithm.oid(name);
  if (!algorithm.done) algorithm.null(`the parameters of ${name}`);
  algorithm.finish(name);
  return HASHES[oid] ?? `the hash with OID ${oid}`;
}

/**
 * RSASSA-PSS-params (RFC 8017 Appendix A.2.3), every field with its DEFAULT:
 *   RSASSA-PSS-params ::= SEQUENCE {
 *     hashAlgorithm    [0] HashAlgorithm    DEFAULT sha1,
 *     maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
 *     saltLength       [2] INTEGER          DEFAULT 20,
 *     trailerField     [3] TrailerField     DEFAULT trailerFieldBC(1) }
 */
function readPssParameters(reader: DerReader): NonNullable<KeyAlgorithm["pss"]> {
  const params = reader.enter(TAG.SEQUENCE, "RSASSA-PSS-params");
  let hash = "SHA-1";
  let mgfHash = "SHA-1";
  let saltLength = 20;
  if (params.peekTag() === contextTag(0, true)) {
    const field = params.enter(contextTag(0, true), "hashAlgorithm");
    hash = readHashAlgorithm(field, "hashAlgorithm");
    field.finish("hashAlgorithm");
  }
  if (params.peekTag() === contextTag(1, true)) {
    const field = params.enter(contextTag(1, true), "maskGenAlgorithm");
    const mgf = field.enter(TAG.SEQUENCE, "maskGenAlgorithm");
    const oid = mgf.oid("the mask generation function");
    if (oid !== MGF1) throw new KeyInvalid(`this RSA-PSS key names the mask generation function ${oid}; only MGF1 exists (RFC 8017 Appendix B.2)`);
    mgfHash = readHashAlgorithm(mgf, "the MGF1 hash");
    mgf.finish("maskGenAlgorithm");
    field.finish("maskGenAlgorithm");
  }
  if (params.peekTag() === contextTag(2, true)) {
    const field = params.enter(contextTag(2, true), "saltLength");
    saltLength = field.smallInteger("saltLength");
    field.finish("saltLength");
  }
  if (params.peekTag() === contextTag(3, true)) {
    const field = params.enter(contextTag(3, true), "trailerField");
    if (field.smallInteger("trailerField") !== 1) throw new KeyInvalid("this RSA-PSS key's trailerField is not 1 (RFC 8017 Appendix A.2.3)");
    field.finish("trailerField");
  }
  params.finish("RSASSA-PSS-params");
  return { hash, mgfHash, saltLength };
}

/**
 * Reads the AlgorithmIdentifier of a key from `reader`.
 * @throws KeyInvalid for a malformed identifier or a key of a kind JWS does not sign with.
 */
export function readKeyAlgorithm(reader: DerReader): KeyAlgorithm {
  const identifier = reader.enter(TAG.SEQUENCE, "AlgorithmIdentifier");
  const oid = identifier.oid("the key algorithm");
  let algorithm: KeyAlgorithm;
  if (oid === RSA_ENCRYPTION) {
    identifier.null("the rsaEncryption parameters"); // RFC 8017 Appendix A.1: parameters NULL
    algorithm = { kind: "RSA" };
  } else if (oid === RSASSA_PSS) {
    // RFC 4055 §3.1: absent parameters leave the key unrestricted; present ones fix the hash and MGF.
    algorithm = identifier.done ? { kind: "RSA-PSS" } : { kind: "RSA-PSS", pss: readPssParameters(identifier) };
  } else if (oid === EC_PUBLIC_KEY) {
    algorithm = { kind: "EC", curve: readCurve(identifier) };
  } else if (oid === ED25519) {
    algorithm = { kind: "Ed25519" }; // RFC 8410 §3: parameters MUST be absent (checked by finish below)
  } else {
    const other = OTHER_KINDS[oid];
    throw new KeyInvalid(`this is ${other ?? `a key of the algorithm with OID ${oid}, which keycard does not know`}; ${SUPPORTED}`);
  }
  identifier.finish("AlgorithmIdentifier");
  return algorithm;
}

/**
 * The AlgorithmIdentifier keycard hands to WebCrypto for a key of `algorithm`. An id-RSASSA-PSS key becomes
 * rsaEncryption: WebCrypto implementations do not all import id-RSASSA-PSS, the key material is the same
 * RSAPublicKey/RSAPrivateKey, and the PSS restriction is enforced before import (see import-pem.ts).
 */
export function encodeKeyAlgorithm(algorithm: KeyAlgorithm): Uint8Array {
  switch (algorithm.kind) {
    case "RSA":
    case "RSA-PSS":
      return encodeDer(TAG.SEQUENCE, encodeOid(RSA_ENCRYPTION), encodeDer(TAG.NULL));
    case "EC":
      return encodeDer(TAG.SEQUENCE, encodeOid(EC_PUBLIC_KEY), encodeOid(CURVE_OID[algorithm.curve!]));
    case "Ed25519":
      return encodeDer(TAG.SEQUENCE, encodeOid(ED25519));
  }
}
