/**
 * Wycheproof RSASSA-PSS vectors (RFC 8017 §8.1) against PS256, PS384 and PS512 (RFC 7518 §3.5).
 *
 * A JWS PS algorithm fixes every PSS parameter: the hash, MGF1 over that same hash, and a salt as long as
 * the hash. A group whose parameters are exactly those of one PS algorithm is run under it and follows
 * Wycheproof's verdicts. Any other group (salt length 0 or 20 or 64 with SHA-256, MGF1 over SHA-1, SHA-1
 * or SHA-224 as the hash...) is valid only under its own parameters, which no JWS algorithm has: each of its
 * signatures must be refused by all of PS256, PS384 and PS512, except the one Wycheproof made with exactly a
 * PS algorithm's parameters (rsa_pss_2048_sha256_mgf1_0 tcId 69, "s_len changed to 32": a PS256 signature,
 * invalid only under that file's salt length 0), which PS256 must accept. Everything runs through lib/jwa/signature.ts
 * verifySignature with the group's public key as a JWK imported through lib/keys.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ALGORITHMS, type Algorithm } from "../../lib/jwa/algorithms.js";
import { verifySignature } from "../../lib/jwa/signature.js";
import { keyHandle } from "../../lib/keys/handle.js";
import { Scorecard, describeError, groupPublicJwk, hexBytes, jwsAlgorithm, loadWycheproof } from "../helpers/wycheproof.js";

const FILES = [
  "rsa_pss_2048_sha256_mgf1_0_test.json",
  "rsa_pss_2048_sha256_mgf1_32_test.json",
  "rsa_pss_2048_sha384_mgf1_48_test.json",
  "rsa_pss_3072_sha256_mgf1_32_test.json",
  "rsa_pss_4096_sha256_mgf1_32_test.json",
  "rsa_pss_4096_sha384_mgf1_48_test.json",
  "rsa_pss_4096_sha512_mgf1_64_test.json",
  "rsa_pss_misc_test.json",
];
const PS_ALGORITHMS: readonly Algorithm[] = [ALGORITHMS.PS256, ALGORITHMS.PS384, ALGORITHMS.PS512];

/** Why a group's parameters are not those of a PS algorithm, or undefined when they are `alg`'s. */
function mismatch(alg: Algorithm | undefined, sha: string, mgfSha: string, sLen: number): string | undefined {
  if (alg === undefined) return `hash ${sha}: no PS algorithm uses it`;
  const differ = [mgfSha !== sha ? "MGF1 hash" : "", sLen !== alg.saltLength ? "salt length" : ""].filter(Boolean);
  if (differ.length === 0) return undefined;
  return `${alg.name}'s hash, other ${differ.join(" and ")} (${alg.name} fixes MGF1 over ${sha}, salt ${alg.saltLength} bytes: RFC 7518 §3.5)`;
}

for (const file of FILES) {
  test(`Wycheproof ${file}`, async (t) => {
    const vectors = loadWycheproof(file);
    const score = new Scorecard(file, "PS*");
    const ran = new Set<string>();
    for (const group of vectors.testGroups) {
      assert.equal(group.mgf, "MGF1");
      const sha = group.sha as string;
      const alg = jwsAlgorithm("RSA-PSS", sha);
      const reason = mismatch(alg, sha, group.mgfSha as string, group.sLen as number);
      const jwk = groupPublicJwk(group);
      if (reason === undefined) {
        // Parameters are exactly alg's: Wycheproof's verdicts hold.
        const handle = keyHandle(jwk);
        assert.ok(handle.algorithms.includes(alg!), `the group's JWK permits ${alg!.name}`);
        ran.add(alg!.name);
        let key: CryptoKey | undefined;
        let keyError = "";
        try {
          key = await handle.cryptoKey(alg!, "verify");
        } catch (error) {
          keyError = `key refused: ${describeError(error)}`;
        }
        for (const vector of group.tests) {
          const accepted = key !== undefined
            && (await verifySignature(alg!, key, hexBytes(vector.msg as string), hexBytes(vector.sig as string)));
          score.verdict(vector, { accepted, detail: key === undefined ? keyError : "signature refused" });
        }
        continue;
      }
      // Other parameters: refused by every PS verifier. The key without its own alg permits all three.
      const familyKey = keyHandle({ kty: "RSA", n: jwk.n, e: jwk.e });
      const keys: [Algorithm, CryptoKey][] = [];
      for (const ps of PS_ALGORITHMS) keys.push([ps, await familyKey.cryptoKey(ps, "verify")]);
      for (const vector of group.tests) {
        const msg = hexBytes(vector.msg as string);
        const sig = hexBytes(vector.sig as string);
        const acceptedBy: string[] = [];
        for (const [ps, key] of keys) if (await verifySignature(ps, key, msg, sig)) acceptedBy.push(ps.name);
        // A signature Wycheproof made with the salt length changed to exactly alg's, in a group whose hash and
        // MGF1 hash are alg's, is an alg signature after all ("invalid" only under the group's parameters).
        const changedTo = /^s_len changed to (\d+)$/.exec(vector.comment)?.[1];
        if (alg !== undefined && group.mgfSha === sha && changedTo !== undefined && Number(changedTo) === alg.saltLength) {
          const note = `its salt is ${changedTo} bytes: a ${alg.name} signature, so ${alg.name} (and only it) must accept it`;
          score.interpreted(vector, note, acceptedBy.join() === alg.name, `accepted by [${acceptedBy.join(", ")}]`);
          continue;
        }
        score.refusedByProfile(vector, reason, { accepted: acceptedBy.length > 0, detail: acceptedBy.join(",") });
      }
    }
    t.diagnostic(`${file} → verdicts followed under ${ran.size > 0 ? [...ran].join(", ") : "none (no group has PS parameters)"}`);
    score.finish(t, vectors.numberOfTests);
  });
}
