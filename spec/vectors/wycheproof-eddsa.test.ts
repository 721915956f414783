/**
 * Wycheproof Ed25519 vectors (RFC 8032) against EdDSA (RFC 8037 §3.1) and Ed25519 (RFC 9864 §2.2), which
 * are one algorithm under two names. Each case goes through lib/jwa/signature.ts verifySignature under both
 * names, with the group's public JWK (kty OKP) imported through lib/keys; both must give the verdict.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ALGORITHMS } from "../../lib/jwa/algorithms.js";
import { verifySignature } from "../../lib/jwa/signature.js";
import { keyHandle } from "../../lib/keys/handle.js";
import { Scorecard, describeError, groupPublicJwk, hexBytes, loadWycheproof } from "../helpers/wycheproof.js";

const FILE = "ed25519_test.json";

test(`Wycheproof ${FILE}`, async (t) => {
  const vectors = loadWycheproof(FILE);
  const score = new Scorecard(FILE, "EdDSA and Ed25519");
  const names = [ALGORITHMS.EdDSA, ALGORITHMS.Ed25519];
  for (const group of vectors.testGroups) {
    const handle = keyHandle(groupPublicJwk(group));
    assert.deepEqual(handle.algorithms, names, "an Ed25519 JWK permits EdDSA and Ed25519");
    let keys: CryptoKey[] | undefined;
    let keyError = "";
    try {
      keys = [await handle.cryptoKey(names[0]!, "verify"), await handle.cryptoKey(names[1]!, "verify")];
    } catch (error) {
      keyError = `key refused: ${describeError(error)}`;
    }
    for (const vector of group.tests) {
      if (keys === undefined) {
        score.verdict(vector, { accepted: false, detail: keyError });
        continue;
      }
      const msg = hexBytes(vector.msg as string);
      const sig = hexBytes(vector.sig as string);
      const results = [await verifySignature(names[0]!, keys[0]!, msg, sig), await verifySignature(names[1]!, keys[1]!, msg, sig)];
      if (results[0] !== results[1]) score.failures.push(`tcId ${vector.tcId}: EdDSA says ${results[0]}, Ed25519 says ${results[1]}`);
      score.verdict(vector, { accepted: results[0]!, detail: "signature refused" });
    }
  }
  score.finish(t, vectors.numberOfTests);
});
