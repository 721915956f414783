/**
 * Wycheproof HMAC-SHA-256/384/512 vectors against HS256, HS384 and HS512 (RFC 7518 §3.2), through
 * lib/jwa/signature.ts verifySignature with the key (a Uint8Array secret) imported through lib/keys.
 *
 * JWS uses the whole HMAC output as the signature, and RFC 7518 §3.2 requires a key at least as long as
 * the hash output. So, whatever Wycheproof's verdict under its own parameters:
 * - a group whose key is shorter than the hash output (128 bits for SHA-256...) must have its key refused
 *   with ERR_KEY_INVALID before any tag is looked at;
 * - a group with a truncated tag (tagSize below the hash size) must have every tag refused.
 * Groups with full-length tags and long enough keys (including the 520-bit ones) follow their verdicts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { verifySignature } from "../../lib/jwa/signature.js";
import { keyHandle } from "../../lib/keys/handle.js";
import { JWTError } from "../../lib/index.js";
import { Scorecard, describeError, hexBytes, jwsAlgorithm, loadWycheproof } from "../helpers/wycheproof.js";

const FILES: [string, string][] = [
  ["hmac_sha256_test.json", "SHA-256"],
  ["hmac_sha384_test.json", "SHA-384"],
  ["hmac_sha512_test.json", "SHA-512"],
];

for (const [file, hash] of FILES) {
  test(`Wycheproof ${file}`, async (t) => {
    const vectors = loadWycheproof(file);
    assert.equal(vectors.algorithm, `HMAC${hash.replace("-", "")}`);
    const alg = jwsAlgorithm("HMAC", hash);
    assert.ok(alg !== undefined);
    const score = new Scorecard(file, alg.name);
    for (const group of vectors.testGroups) {
      const keyBits = group.keySize as number;
      const tagBits = group.tagSize as number;
      for (const vector of group.tests) {
        const key = hexBytes(vector.key as string);
        assert.equal(key.length * 8, keyBits);
        if (keyBits < alg.hashLength * 8) {
          let code = "";
          try {
            await keyHandle(key).cryptoKey(alg, "verify");
            code = "key accepted";
          } catch (error) {
            code = error instanceof JWTError ? error.code : describeError(error);
          }
          const reason = `${keyBits}-bit key, shorter than ${alg.name}'s ${alg.hashLength * 8}-bit hash: ERR_KEY_INVALID (RFC 7518 §3.2)`;
          score.refusedByProfile(vector, reason, { accepted: code !== "ERR_KEY_INVALID", detail: code });
          continue;
        }
        const cryptoKey = await keyHandle(key).cryptoKey(alg, "verify");
        const accepted = await verifySignature(alg, cryptoKey, hexBytes(vector.msg as string), hexBytes(vector.tag as string));
        if (tagBits < alg.hashLength * 8) {
          score.refusedByProfile(vector, `${tagBits}-bit truncated tag: JWS takes the full ${alg.hashLength * 8}-bit HMAC (RFC 7518 §3.2)`, { accepted });
        } else {
          score.verdict(vector, { accepted, detail: "tag refused" });
        }
      }
    }
    score.finish(t, vectors.numberOfTests);
  });
}
