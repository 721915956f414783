/**
 * keycard's lines for one scenario: the one-shot call (`sign`, `verify`), the prepared one (`createSigner`,
 * `createVerifier`, the reference every ratio is taken against), and for verify the opt-in cache (a hit on
 * every call, since the same token comes back). Keys are what users pass: the secret's bytes for HS256,
 * a CryptoKey for the others.
 */
import { checkToken } from "./floors.mjs";

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
  return [
    { label: "keycard verify", kind: "keycard", fn: () => kc.verify(fx.token, key, fx.verifyOptions), check },
    { label: "keycard createVerifier", kind: "keycard", reference: "keycard", concurrent: true,
      fn: () => verifier(fx.token), check },
    { label: "keycard createVerifier cache (hit)", kind: "keycard", fn: () => cached(fx.token), check },
  ];
}
