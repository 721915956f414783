// Group "rfc": the JWS examples of RFC 7515 (Appendix A), RFC 7519 (§3.1), RFC 7520 (§4.1-4.4) and RFC 8037
// (Appendix A.4), as spec/vectors/rfc/*.json holds them (the runner passes them in), plus the JWK Thumbprint
// examples of RFC 7638 §3.1 and RFC 8037 §A.3, which are short enough to live here.
//
// For each example: verifyJWS accepts the token with the RFC's key and returns the RFC's header and payload
// bytes; a flipped signature bit is refused; JWTs verify at a time before their `exp` and are expired now;
// where the algorithm is deterministic (HMAC, RSASSA-PKCS1-v1_5, Ed25519) and signJWS writes the same header
// bytes, signing the payload again gives the RFC's token exactly. RFC 7515 A.5 (`alg: none`) is refused.
import { equal, fail, flipSignatureBit, fromUtf8, need, ok, rejects, sameJSON } from "./harness.js";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"];

/** The key a verifier holds: the RFC's public JWK where it prints one, else the JWK without private members. */
function verificationKey(vector) {
  if (vector.publicJwk) return vector.publicJwk;
  if (vector.jwk.kty === "oct") return vector.jwk;
  return Object.fromEntries(Object.entries(vector.jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)));
}

/** The header signJWS writes for these options: alg, then typ, then kid (lib/jws/sign.ts). */
function headerSignJWSWrites(headerJSON) {
  const names = Object.keys(headerJSON);
  if (names.some((name) => !["alg", "typ", "kid"].includes(name))) return undefined;
  const header = { alg: headerJSON.alg };
  if (headerJSON.typ !== undefined) header.typ = headerJSON.typ;
  if (headerJSON.kid !== undefined) header.kid = headerJSON.kid;
  return JSON.stringify(header);
}

const DETERMINISTIC = /^(HS|RS)\d+$|^EdDSA$|^Ed25519$/;

/** The payload as a JWT claims set, or undefined when it is not JSON. */
function claimsOf(vector) {
  try {
    const value = JSON.parse(vector.payload);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

// RFC 7638 §3.1 (its thumbprint) and RFC 8037 §A.3 (the thumbprint of the Ed25519 key of A.1/A.2).
const THUMBPRINTS = [
  {
    source: "RFC 7638 §3.1",
    jwk: {
      kty: "RSA",
      n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3" +
        "oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6" +
        "qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      e: "AQAB",
      alg: "RS256",
      kid: "2011-04-29",
    },
    thumbprint: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
  },
  {
    source: "RFC 8037 §A.3",
    jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
    thumbprint: "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
  },
];

export async function run({ keycard, check, vectors }) {
  await check("rfc: the RFC vectors were handed to the suite", () => {
    ok(Array.isArray(vectors) && vectors.length > 0, "no RFC vectors given (the runner reads spec/vectors/rfc/*.json)");
  });

  for (const vector of vectors ?? []) {
    const name = `rfc: ${vector.source} (${vector.alg})`;

    if (vector.alg === "none") {
      await check(`${name}: an unsecured JWS is ERR_JWT_ALG_NOT_ALLOWED`, async () => {
        const secret = new Uint8Array(32).fill(7);
        await rejects(keycard, () => need(keycard, "verifyJWS")(vector.token, secret), "ERR_JWT_ALG_NOT_ALLOWED", { context: "verifyJWS" });
        await rejects(keycard, () => need(keycard, "verify")(vector.token, secret), "ERR_JWT_ALG_NOT_ALLOWED", { context: "verify" });
      });
      await check(`${name}: decode still reads it`, () => {
        const decoded = need(keycard, "decode")(vector.token);
        equal(decoded.header.alg, "none", "header.alg");
        equal(decoded.signature.length, 0, "signature length");
      });
      continue;
    }

    await check(`${name}: verifyJWS returns the RFC's header and payload`, async () => {
      const { header, payload } = await need(keycard, "verifyJWS")(vector.token, verificationKey(vector));
      sameJSON(header, vector.headerJSON, "header");
      ok(payload instanceof Uint8Array, "payload is not a Uint8Array");
      equal(fromUtf8(payload), vector.payload, "payload");
    });

    await check(`${name}: a flipped signature bit is ERR_JWT_SIGNATURE_INVALID`, async () => {
      await rejects(keycard, () => need(keycard, "verifyJWS")(flipSignatureBit(vector.token), verificationKey(vector)), "ERR_JWT_SIGNATURE_INVALID");
    });

    const claims = claimsOf(vector);
    if (claims !== undefined && typeof claims.exp === "number") {
      await check(`${name}: verify accepts the JWT one second before exp`, async () => {
        const { payload } = await need(keycard, "verify")(vector.token, verificationKey(vector), { now: claims.exp - 1 });
        sameJSON(payload, claims, "payload");
      });
      await check(`${name}: verify says ERR_JWT_EXPIRED today`, async () => {
        await rejects(keycard, () => need(keycard, "verify")(vector.token, verificationKey(vector)), "ERR_JWT_EXPIRED", { claim: "exp" });
      });
    }

    const written = headerSignJWSWrites(vector.headerJSON);
    if (DETERMINISTIC.test(vector.alg) && written === vector.header) {
      await check(`${name}: signJWS with the RFC's private key gives the RFC's token exactly`, async () => {
        const options = { alg: vector.alg };
        if (vector.headerJSON.typ !== undefined) options.typ = vector.headerJSON.typ;
        if (vector.headerJSON.kid !== undefined) options.kid = vector.headerJSON.kid;
        const token = await need(keycard, "signJWS")(vector.payload, vector.jwk, options);
        equal(token, vector.token, "token");
      });
    }
  }

  for (const { source, jwk, thumbprint } of THUMBPRINTS) {
    await check(`rfc: ${source} JWK thumbprint`, async () => {
      equal(await need(keycard, "thumbprint")(jwk), thumbprint, "thumbprint");
    });
  }

  await check("rfc: the RFC 8037 A.1 key signs and verifies as Ed25519 too (RFC 9864)", async () => {
    const vector = (vectors ?? []).find((v) => v.alg === "EdDSA");
    if (vector === undefined) fail("no EdDSA vector given");
    const token = await need(keycard, "signJWS")(vector.payload, vector.jwk, { alg: "Ed25519" });
    const { header, payload } = await need(keycard, "verifyJWS")(token, verificationKey(vector));
    equal(header.alg, "Ed25519", "header.alg");
    equal(fromUtf8(payload), vector.payload, "payload");
  });
}
