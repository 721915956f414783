// Weak keys (lib/keys/strength.ts): short HMAC secrets, small RSA moduli, bad RSA public exponents, ROCA moduli.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { importPEM, sign, verify, verifyJWS, JWTError, type JWK } from "../../lib/index.js";
import { hasRocaFingerprint, rsaWeakness } from "../../lib/keys/strength.js";

const isCode = (code: string) => (error: unknown) => error instanceof JWTError && error.code === code;

async function rsaPair(publicExponent: number[] = [1, 0, 1]) {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array(publicExponent), hash: "SHA-256" },
    true, ["sign", "verify"],
  );
  return { ...pair, jwk: (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JWK };
}

test("rsaWeakness: modulus size and the public exponent rules of RFC 8017 §3.1", () => {
  const f4 = new Uint8Array([1, 0, 1]);
  assert.equal(rsaWeakness(2048, f4), undefined);
  assert.equal(rsaWeakness(2048, new Uint8Array([3])), undefined);
  assert.equal(rsaWeakness(2048, new Uint8Array([0, 0, 3])), undefined, "leading zero bytes are ignored");
  assert.match(rsaWeakness(2047, f4)!, /at least 2048 bits/);
  for (const e of [[], [0], [1], [2], [0, 1], [1, 0, 0], [4]]) {
    assert.match(rsaWeakness(2048, new Uint8Array(e))!, /odd number of at least 3/, `e = [${e}]`);
  }
});

test("an RSA JWK with e = 1 or an even e is refused on verify, before any import", async () => {
  const { privateKey, jwk } = await rsaPair();
  const token = await sign({ sub: "x" }, privateKey, { alg: "RS256" });
  await verify(token, jwk); // the genuine key works
  for (const e of ["AQ", "Ag", "AQAA"]) {
    await assert.rejects(verify(token, { ...jwk, e }), isCode("ERR_KEY_INVALID"), `e = ${e}`);
  }
});

test("an RSA CryptoKey with e = 3 is accepted; the exponent of a CryptoKey is checked too", async () => {
  const small = await rsaPair([3]);
  const token = await sign({ sub: "e3" }, small.privateKey, { alg: "RS256" });
  assert.equal((await verify(token, small.publicKey)).payload.sub, "e3");
  // WebCrypto may refuse to import e = 1 at all; when it does import it, keycard must refuse to use it.
  let weak: CryptoKey | undefined;
  try {
    weak = await crypto.subtle.importKey("jwk", { ...small.jwk, e: "AQ" }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  } catch {
    weak = undefined;
  }
  if (weak === undefined) return;
  await assert.rejects(verify(token, weak), isCode("ERR_KEY_INVALID"));
});

test("ROCA (CVE-2017-15361): Wycheproof's ROCA modulus is refused as a JWK and as a PEM; fresh keys are not flagged", async () => {
  const vectors = JSON.parse(readFileSync(new URL("../vectors/wycheproof/json_web_key_test.json", import.meta.url), "utf8"));
  const group = vectors.testGroups.find((g: { tests: { tcId: number }[] }) => g.tests.some((t) => t.tcId === 7));
  const rocaJwk = (group.public ?? group.private).keys.find((k: JWK) => k.kty === "RSA") as JWK;
  assert.equal(hasRocaFingerprint(new Uint8Array(Buffer.from(rocaJwk.n!, "base64url"))), true);
  const token = group.tests.find((t: { tcId: number }) => t.tcId === 7).jws as string;
  await assert.rejects(verifyJWS(token, rocaJwk), (error: unknown) => isCode("ERR_KEY_INVALID")(error) && /ROCA/.test((error as Error).message));
  const pem = createPublicKey({ key: { kty: "RSA", n: rocaJwk.n, e: rocaJwk.e }, format: "jwk" }).export({ type: "spki", format: "pem" }) as string;
  await assert.rejects(importPEM(pem, "RS256"), (error: unknown) => isCode("ERR_KEY_INVALID")(error) && /ROCA/.test((error as Error).message));
  for (let i = 0; i < 2; i++) {
    const n = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" }).n!;
    assert.equal(hasRocaFingerprint(new Uint8Array(Buffer.from(n, "base64url"))), false);
  }
});
