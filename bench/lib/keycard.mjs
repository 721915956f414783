/**
 * keycard's lines for one scenario: the one-shot call (`sign`, `verify`), the prepared one (`createSigner`,
 * `createVerifier`, the reference of the "vs keycard" column), and for verify the opt-in cache: hits (the same
 * token every call) and misses (all-distinct tokens, next to `createVerifier` without a cache on the same
 * tokens, so the two differ only by the cache's cost). Keys are what users pass: the secret's bytes for HS256,
 * a CryptoKey for the others.
 */
import { checkToken } from "./floors.mjs";

/** How many distinct tokens the "distinct" lines rotate through, and the cache size they run with (all misses). */
export const DISTINCT_TOKENS = 256;
const DISTINCT_CACHE = { max: 128 };

export function keycardLines(kc, fx, op) {
  if (op === "sign") {
    const key = fx.alg === "HS256" ? fx.signKey.secret : fx.signKey.cryptoKey;
    const options = { alg: fx.alg };
    const signer = kc.createSigner(key, options);
    const check = (token) => checkToken(fx, token);
    return [
      { label: "keycard sign", kind: "keycard", fn: () => kc.sign(fx.payload, key, options), check },
      { label: "keycard createSigner", kind: "keycard", reference: "keycard", concurrent: true,
        fn: () => signer(fx.payload), check },
    ];
  }
  const key = fx.alg === "HS256" ? fx.verifyKey.secret : fx.verifyKey.cryptoKey;
  const verifier = kc.createVerifier(key, fx.verifyOptions);
  const cached = kc.createVerifier(key, { ...fx.verifyOptions, cache: true });
  const check = (result) => (result?.payload?.sub === fx.payload.sub ? undefined : "unexpected result");
  const tokens = fx.distinctTokens(DISTINCT_TOKENS);
  let i = 0;
  let j = 0;
  const plain = kc.createVerifier(key, fx.verifyOptions);
  const missing = kc.createVerifier(key, { ...fx.verifyOptions, cache: DISTINCT_CACHE });
  return [
    { label: "keycard verify", kind: "keycard", fn: () => kc.verify(fx.token, key, fx.verifyOptions), check },
    { label: "keycard createVerifier", kind: "keycard", reference: "keycard", concurrent: true,
      fn: () => verifier(fx.token), check },
    { label: "keycard createVerifier cache (hit)", kind: "keycard", cache: "hit", fn: () => cached(fx.token), check },
    { label: "keycard createVerifier, distinct tokens", kind: "keycard", cache: "none",
      fn: () => plain(tokens[i++ & (DISTINCT_TOKENS - 1)]), check },
    { label: "keycard createVerifier cache (miss)", kind: "keycard", cache: "miss",
      fn: () => missing(tokens[j++ & (DISTINCT_TOKENS - 1)]), check },
  ];
}
