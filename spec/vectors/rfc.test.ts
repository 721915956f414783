/**
 * The JWS examples of the RFCs, byte for byte: RFC 7515 Appendix A.1-A.5, RFC 7519 §3.1, RFC 7520 §4.1-4.4
 * and RFC 8037 Appendix A.1, A.2, A.4, as extract-rfc.mjs read them into spec/vectors/rfc/*.json.
 *
 * For each example: the committed JSON is what the extraction gives today (when the RFC texts are at hand),
 * keycard's public verifyJWS (and verify, for the JWTs) accepts the token with the RFC's key, the header and
 * payload it returns are the RFC's bytes, a one-bit change of signature or payload is refused, and for the
 * deterministic algorithms (HMAC, RSASSA-PKCS1-v1_5, Ed25519) the JWA layer re-signs the signing input into
 * exactly the RFC's signature. RFC 7515 A.5 (alg "none") must be refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decode, verify, verifyJWS, type JWK } from "../../lib/index.js";
import { algorithmByName, MIN_RSA_MODULUS_BITS, type Algorithm } from "../../lib/jwa/algorithms.js";
import { createSignature, verifySignature } from "../../lib/jwa/signature.js";
import { keyHandle } from "../../lib/keys/handle.js";
import { rejectsWith } from "../helpers/assert.js";
import { extractAll, outputDirectory } from "./extract-rfc.mjs";

interface RfcVector {
  id: string;
  source: string;
  alg: string;
  token: string;
  /** The exact protected header bytes, as text (RFC 7515 A.1's has a CRLF in it). */
  header: string;
  /** The header as the RFC displays it, parsed. */
  headerJSON: Record<string, unknown>;
  /** The exact payload bytes, as text. */
  payload: string;
  encodedHeader: string;
  encodedPayload: string;
  signingInput?: string;
  signature: string;
  signatureHex?: string;
  jwk: JWK | null;
  publicJwk?: JWK;
  privateKeyHex?: string;
  publicKeyHex?: string;
}

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const FILES = ["rfc7515.json", "rfc7519.json", "rfc7520.json", "rfc8037.json"];
const VECTORS: RfcVector[] = FILES.flatMap(
  (file) => (JSON.parse(readFileSync(join(outputDirectory, file), "utf8")) as { vectors: RfcVector[] }).vectors,
);
const byId = (id: string): RfcVector => VECTORS.find((v) => v.id === id) ?? assert.fail(`no vector ${id}`);

const utf8 = (text: string) => new TextEncoder().encode(text);
const fromBase64url = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));
const toBase64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"];
/** The key a verifier holds: the RFC's public JWK where it prints one, else the private JWK without its private members. */
function verificationKey(v: RfcVector): JWK {
  if (v.publicJwk !== undefined) return v.publicJwk;
  const jwk = v.jwk ?? assert.fail(`${v.id} has no key`);
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name))) as JWK;
}

/** The token with one bit of its signature (part 2) or payload (part 1) flipped. */
function flipBit(token: string, part: 1 | 2): string {
  const parts = token.split(".");
  const bytes = fromBase64url(parts[part]!);
  bytes[bytes.length - 1]! ^= 1;
  parts[part] = toBase64url(bytes);
  return parts.join(".");
}

/** The JWT examples carry a JSON claims set; the others (RFC 7515 A.4, RFC 7520, RFC 8037) sign plain text. */
function claimsOf(v: RfcVector): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(v.payload);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The directory of the RFC texts, when this checkout has them beside it (CI does not). */
function rfcDirectory(): string | undefined {
  const candidates = [process.env.KEYCARD_RFC_DIR, "/work/shared/rfc", join(repoRoot, "../shared/rfc")];
  return candidates.find((dir) => dir !== undefined && existsSync(join(dir, "rfc7515.txt")));
}

test("the committed spec/vectors/rfc/*.json are exactly what extract-rfc.mjs reads from the RFC texts", (t) => {
  const dir = rfcDirectory();
  if (dir === undefined) {
    t.diagnostic("RFC texts not found (/work/shared/rfc, ../shared/rfc, $KEYCARD_RFC_DIR): the committed JSON is used as it is");
    t.skip("no RFC texts to re-extract from");
    return;
  }
  const fresh = extractAll(dir);
  assert.deepEqual(Object.keys(fresh).sort(), readdirSync(outputDirectory).filter((f) => f.endsWith(".json")).sort());
  for (const [file, text] of Object.entries(fresh)) {
    assert.equal(readFileSync(join(outputDirectory, file), "utf8"), text, `spec/vectors/rfc/${file} differs from a fresh extraction`);
  }
  t.diagnostic(`re-extracted from ${dir}: ${Object.keys(fresh).length} files, ${VECTORS.length} vectors, identical`);
});

test("the vectors are the examples the brief names, each token made of its separately printed parts", () => {
  assert.deepEqual(VECTORS.map((v) => v.id), [
    "rfc7515-a1", "rfc7515-a2", "rfc7515-a3", "rfc7515-a4", "rfc7515-a5",
    "rfc7519-3.1", "rfc7520-4.1", "rfc7520-4.2", "rfc7520-4.3", "rfc7520-4.4", "rfc8037-a4",
  ]);
  for (const v of VECTORS) {
    assert.equal(v.token, `${v.encodedHeader}.${v.encodedPayload}.${v.signature}`, v.id);
    assert.equal(toBase64url(utf8(v.header)), v.encodedHeader, `${v.id}: header bytes`);
    assert.equal(toBase64url(utf8(v.payload)), v.encodedPayload, `${v.id}: payload bytes`);
    if (v.signingInput !== undefined) assert.equal(v.signingInput, `${v.encodedHeader}.${v.encodedPayload}`, v.id);
    if (v.signatureHex !== undefined) assert.equal(toHex(fromBase64url(v.signature)), v.signatureHex, v.id);
  }
  // RFC 7515 A.1 (and RFC 7519 §3.1): CRLF line breaks and a leading space are part of the signed bytes.
  assert.equal(byId("rfc7515-a1").header, '{"typ":"JWT",\r\n "alg":"HS256"}');
  assert.equal(byId("rfc7519-3.1").header, byId("rfc7515-a1").header);
  assert.equal(byId("rfc7519-3.1").token, byId("rfc7515-a1").token);
});

for (const v of VECTORS.filter((vector) => vector.alg !== "none")) {
  const alg: Algorithm = algorithmByName(v.alg) ?? assert.fail(`${v.id}: ${v.alg} is not in the JWA table`);
  const claims = claimsOf(v);
  const deterministic = alg.family === "HMAC" || alg.family === "RSASSA-PKCS1-v1_5" || alg.family === "Ed25519";

  test(`${v.source} (${v.alg})`, async (t) => {
    const key = verificationKey(v);

    // (b) + (d): verifyJWS accepts the token; header and payload are the RFC's bytes.
    const result = await verifyJWS(v.token, key);
    assert.deepEqual(result.payload, utf8(v.payload), "verifyJWS payload bytes");
    assert.deepEqual(result.header, v.headerJSON, "verifyJWS header");
    assert.deepEqual(fromBase64url(v.token.split(".")[0]!), utf8(v.header), "the token's header bytes");
    await verifyJWS(v.token, key, { algorithms: [alg.name] });

    if (claims !== undefined) {
      // A JWT: verify it too, at a time before its exp (1300819380, March 2011).
      const exp = claims.exp as number;
      const verified = await verify(v.token, key, { now: exp - 60 });
      assert.deepEqual(verified.payload, claims);
      assert.deepEqual(verified.header, v.headerJSON);
      assert.deepEqual(decode(v.token).payload, claims);
      // The same token today has expired: the claims really are judged.
      await rejectsWith(verify(v.token, key), "ERR_JWT_EXPIRED", { claim: "exp" });
      await rejectsWith(verify(v.token, key, { now: exp }), "ERR_JWT_EXPIRED", { claim: "exp" }, "now = exp");
    }

    // A one-bit change of the signature or of the payload is refused.
    await rejectsWith(verifyJWS(flipBit(v.token, 2), key), "ERR_JWT_SIGNATURE_INVALID", undefined, "signature bit flipped");
    await rejectsWith(verifyJWS(flipBit(v.token, 1), key), "ERR_JWT_SIGNATURE_INVALID", undefined, "payload bit flipped");

    // The JWA layer, with the key imported through lib/keys, on the exact signing input.
    const signingInput = utf8(`${v.encodedHeader}.${v.encodedPayload}`);
    const signature = fromBase64url(v.signature);
    const verifyKey = await keyHandle(key).cryptoKey(alg, "verify");
    assert.equal(await verifySignature(alg, verifyKey, signingInput, signature), true, "verifySignature");
    const privateJwk = v.jwk ?? assert.fail("no private key");
    const signKey = await keyHandle(privateJwk).cryptoKey(alg, "sign");
    const ours = await createSignature(alg, signKey, signingInput);
    if (deterministic) {
      // (c) HMAC, RSASSA-PKCS1-v1_5 and Ed25519 are deterministic: the very same bytes as the RFC.
      assert.equal(toHex(ours), toHex(signature), "createSignature gives the RFC's signature");
      t.diagnostic(`${v.source}: re-signed through createSignature, ${signature.length} bytes identical to the RFC's`);
    } else {
      // ECDSA and RSA-PSS are randomised: our signature differs, but must verify, and the RFC's did above.
      assert.equal(ours.length, signature.length, "signature length");
      assert.equal(await verifySignature(alg, verifyKey, signingInput, ours), true, "our own signature verifies");
      t.diagnostic(`${v.source}: ${alg.family} is randomised; RFC signature verified, bit flips refused, our signature verifies`);
    }
  });
}

test("RFC 7515 A.2 and RFC 7520's RSA keys are 2048 bits: at keycard's minimum, so they are accepted", async (t) => {
  for (const id of ["rfc7515-a2", "rfc7520-4.1"]) {
    const n = fromBase64url(byId(id).jwk!.n!);
    const bits = (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
    // API.md: RSA moduli under 2048 bits are ERR_KEY_INVALID. These are not under: the token verified above.
    assert.equal(bits, 2048, `${id} modulus size`);
    assert.ok(bits >= MIN_RSA_MODULUS_BITS);
  }
  t.diagnostic("RFC 7515 A.2's modulus is 2048 bits (256 bytes, top bit set), exactly MIN_RSA_MODULUS_BITS: not refused, "
    + "so no raw-JWA-layer fallback is needed (the size rule lives in lib/keys, which verify goes through).");
});

test("RFC 7515 A.5: the unsecured JWS (alg none) is refused, whatever the key and options", async (t) => {
  const v = byId("rfc7515-a5");
  assert.equal(v.signature, "");
  const hmacKey = byId("rfc7515-a1").jwk!;
  const now = 1300819380 - 60;
  await rejectsWith(verify(v.token, hmacKey, { now }), "ERR_JWT_ALG_NOT_ALLOWED");
  await rejectsWith(verifyJWS(v.token, hmacKey), "ERR_JWT_ALG_NOT_ALLOWED");
  await rejectsWith(verify(v.token, () => hmacKey, { now }), "ERR_JWT_ALG_NOT_ALLOWED", undefined, "through a resolver");
  for (const key of [verificationKey(byId("rfc7515-a2")), verificationKey(byId("rfc7515-a3")), byId("rfc8037-a4").publicJwk!]) {
    await rejectsWith(verifyJWS(v.token, key), "ERR_JWT_ALG_NOT_ALLOWED", undefined, `key ${key.kty}`);
  }
  // Asking for "none" is a mistake of the caller, not a way in.
  await rejectsWith(verify(v.token, hmacKey, { now, algorithms: ["none" as "HS256"] }), "ERR_INVALID_ARGUMENT");
  // decode (which verifies nothing) still reads it, with the RFC's header and payload.
  const decoded = decode(v.token);
  assert.deepEqual(decoded.header, v.headerJSON);
  assert.deepEqual(decoded.payload, JSON.parse(v.payload));
  assert.equal(decoded.signature.length, 0);
  t.diagnostic("RFC 7515 A.5 refused: ERR_JWT_ALG_NOT_ALLOWED (verify, verifyJWS, resolver, 4 key kinds); algorithms: [\"none\"] is ERR_INVALID_ARGUMENT");
});

test("RFC 8037 A.1 and A.2: the Ed25519 keys match their hex dumps and import through lib/keys", async () => {
  const v = byId("rfc8037-a4");
  const privateJwk = v.jwk!;
  const publicJwk = v.publicJwk!;
  assert.equal(toHex(fromBase64url(privateJwk.d!)), v.privateKeyHex);
  assert.equal(toHex(fromBase64url(privateJwk.x!)), v.publicKeyHex);
  // A.2 "is the public part of the previous private key (which just omits "d")".
  assert.deepEqual(publicJwk, verificationKey({ ...v, publicJwk: undefined }));
  for (const name of ["EdDSA", "Ed25519"] as const) {
    const alg = algorithmByName(name)!;
    const signKey = await keyHandle(privateJwk).cryptoKey(alg, "sign");
    const verifyKey = await keyHandle(publicJwk).cryptoKey(alg, "verify");
    assert.equal(signKey.type, "private");
    assert.equal(verifyKey.type, "public");
    const signature = await createSignature(alg, signKey, utf8(v.signingInput!));
    assert.equal(toHex(signature), v.signatureHex, `${name}: RFC 8037 A.4's signature`);
  }
  // The token names EdDSA; a verifier that only allows the fully-specified Ed25519 (RFC 9864) refuses it.
  await verifyJWS(v.token, publicJwk, { algorithms: ["EdDSA"] });
  await rejectsWith(verifyJWS(v.token, publicJwk, { algorithms: ["Ed25519"] }), "ERR_JWT_ALG_NOT_ALLOWED");
});
