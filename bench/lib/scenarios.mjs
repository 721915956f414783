/**
 * The scenarios, in the order they run and print: one algorithm, one operation and one payload size each.
 * By default HS256 and ES256 run at every size (200 B, 2 KB, 20 KB of claims JSON) and the other algorithms at
 * 200 B: HMAC is where the library's own work (base64url, JSON) is the most of the cost, so where payload
 * size shows; `--sizes=200,2000,20000` runs every algorithm at the sizes listed.
 */
import { PAYLOAD_SIZES } from "./fixtures.mjs";

export const ALGORITHMS = ["HS256", "RS256", "PS256", "ES256", "EdDSA"];
const ALL_SIZES = new Set(["HS256", "ES256"]);

export const sizeLabel = (size) => (size >= 1000 ? `${size / 1000} KB` : `${size} B`);

/** @param {number[] | undefined} sizes every algorithm at these sizes; default as above */
export function scenarios(sizes) {
  const out = [];
  for (const size of sizes ?? PAYLOAD_SIZES) {
    for (const alg of ALGORITHMS) {
      if (sizes === undefined && size !== 200 && !ALL_SIZES.has(alg)) continue;
      for (const op of ["sign", "verify"]) out.push({ name: `${alg} ${op} ${sizeLabel(size)}`, alg, op, size });
    }
  }
  return out;
}
