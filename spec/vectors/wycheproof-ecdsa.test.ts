/**
 * Wycheproof ECDSA vectors with IEEE P1363 (R||S) signatures, the JWS form (RFC 7518 §3.4): P-256/SHA-256,
 * P-384/SHA-384 and P-521/SHA-512, i.e. ES256, ES384 and ES512. Every case goes through
 * lib/jwa/signature.ts verifySignature (length and 0 < r, s < n checks, then the backend) with the group's
 * public JWK (its publicKeyJwk, or one built from wx/wy where the group has none: 9 groups per file)
 * imported through lib/keys. Valid must verify, invalid must not.
 */
import { test } from "node:test";
import { verifySignature } from "../../lib/jwa/signature.js";
import { keyHandle } from "../../lib/keys/handle.js";
import { Scorecard, describeError, groupPublicJwk, hexBytes, jwsAlgorithm, loadWycheproof } from "../helpers/wycheproof.js";

const FILES = [
  "ecdsa_secp256r1_sha256_p1363_test.json",
  "ecdsa_secp384r1_sha384_p1363_test.json",
  "ecdsa_secp521r1_sha512_p1363_test.json",
];

for (const file of FILES) {
  test(`Wycheproof ${file}`, async (t) => {
    const vectors = loadWycheproof(file);
    const algs = new Set<string>();
    const score = new Scorecard(file, "ES*");
    for (const group of vectors.testGroups) {
      const jwk = groupPublicJwk(group);
      const alg = jwsAlgorithm("ECDSA", group.sha as string, jwk.crv);
      if (alg === undefined) throw new Error(`${file}: no JWS algorithm for ${String(group.sha)} on ${String(jwk.crv)}`);
      algs.add(alg.name);
      let key: CryptoKey | undefined;
      let keyError = "";
      try {
        key = await keyHandle(jwk).cryptoKey(alg, "verify");
      } catch (error) {
        keyError = `key refused: ${describeError(error)}`;
      }
      for (const vector of group.tests) {
        if (key === undefined) {
          score.verdict(vector, { accepted: false, detail: keyError });
          continue;
        }
        const accepted = await verifySignature(alg, key, hexBytes(vector.msg as string), hexBytes(vector.sig as string));
        score.verdict(vector, { accepted, detail: "signature refused" });
      }
    }
    t.diagnostic(`${file} → ${[...algs].join(", ")}`);
    score.finish(t, vectors.numberOfTests);
  });
}
