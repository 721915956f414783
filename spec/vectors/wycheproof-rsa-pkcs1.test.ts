/**
 * Wycheproof RSASSA-PKCS1-v1_5 vectors (RFC 8017 §8.2), the RS256/RS384/RS512 of RFC 7518 §3.3:
 * - rsa_signature_{2048,3072,4096}_{sha256,sha384,sha512}: verification through lib/jwa/signature.ts
 *   verifySignature with the group's JWK imported through lib/keys. Valid must verify, invalid must not,
 *   acceptable (a DigestInfo without its NULL parameters) may go either way and is reported.
 * - rsa_pkcs1_{2048,3072,4096}_sig_gen: PKCS#1 v1.5 signing is deterministic, so createSignature with the
 *   private JWK must give exactly Wycheproof's `sig`, which must also verify. Groups hashing with SHA-1 or
 *   SHA-224 have no JWS algorithm and are counted as not run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSignature, verifySignature } from "../../lib/jwa/signature.js";
import { keyHandle } from "../../lib/keys/handle.js";
import type { JWK } from "../../lib/index.js";
import { Scorecard, describeError, hexBytes, jwsAlgorithm, loadWycheproof } from "../helpers/wycheproof.js";

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

const VERIFY_FILES = ["2048", "3072", "4096"].flatMap((bits) =>
  ["sha256", "sha384", "sha512"].map((hash) => `rsa_signature_${bits}_${hash}_test.json`),
);

for (const file of VERIFY_FILES) {
  test(`Wycheproof ${file}`, async (t) => {
    const vectors = loadWycheproof(file);
    const score = new Scorecard(file, "RS*");
    const algs = new Set<string>();
    for (const group of vectors.testGroups) {
      const alg = jwsAlgorithm("RSASSA-PKCS1-v1_5", group.sha as string);
      assert.ok(alg !== undefined, `${file}: a JWS algorithm for ${String(group.sha)}`);
      algs.add(alg.name);
      const handle = keyHandle(group.keyJwk as JWK);
      assert.ok(handle.algorithms.includes(alg), `the group's JWK permits ${alg.name}`);
      let key: CryptoKey | undefined;
      let keyError = "";
      try {
        key = await handle.cryptoKey(alg, "verify");
      } catch (error) {
        keyError = `key refused: ${describeError(error)}`;
      }
      for (const vector of group.tests) {
        const accepted = key !== undefined
          && (await verifySignature(alg, key, hexBytes(vector.msg as string), hexBytes(vector.sig as string)));
        score.verdict(vector, { accepted, detail: key === undefined ? keyError : "signature refused" });
      }
    }
    t.diagnostic(`${file} → ${[...algs].join(", ")}`);
    score.finish(t, vectors.numberOfTests);
  });
}

for (const bits of ["2048", "3072", "4096"]) {
  const file = `rsa_pkcs1_${bits}_sig_gen_test.json`;
  test(`Wycheproof ${file}`, async (t) => {
    const vectors = loadWycheproof(file);
    const score = new Scorecard(file, "RS* signing", "signed exactly as sig (and sig verifies)");
    const algs = new Set<string>();
    for (const group of vectors.testGroups) {
      const alg = jwsAlgorithm("RSASSA-PKCS1-v1_5", group.sha as string);
      if (alg === undefined) {
        for (const vector of group.tests) {
          score.notRunnable(vector, `${String(group.sha)}: no JWS algorithm signs with it (RFC 7518 §3.1)`);
        }
        continue;
      }
      algs.add(alg.name);
      let signKey: CryptoKey | undefined;
      let verifyKey: CryptoKey | undefined;
      let keyError = "";
      try {
        signKey = await keyHandle(group.privateKeyJwk as JWK).cryptoKey(alg, "sign");
        verifyKey = await keyHandle(group.keyJwk as JWK).cryptoKey(alg, "verify");
      } catch (error) {
        keyError = `key refused: ${describeError(error)}`;
      }
      for (const vector of group.tests) {
        if (signKey === undefined || verifyKey === undefined) {
          score.verdict(vector, { accepted: false, detail: keyError });
          continue;
        }
        const msg = hexBytes(vector.msg as string);
        const ours = toHex(await createSignature(alg, signKey, msg));
        const verifies = await verifySignature(alg, verifyKey, msg, hexBytes(vector.sig as string));
        const exact = ours === vector.sig && verifies;
        // An acceptable case (a small public exponent) may be refused, but a key keycard takes must sign exactly.
        if (vector.result === "acceptable" && !exact) score.failures.push(`tcId ${vector.tcId}: signed, but not as sig`);
        score.verdict(vector, { accepted: exact, detail: ours === vector.sig ? "sig does not verify" : "our signature differs from sig" });
      }
    }
    t.diagnostic(`${file} → ${[...algs].join(", ")}`);
    score.finish(t, vectors.numberOfTests);
  });
}
