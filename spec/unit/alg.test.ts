/**
 * Algorithm rules (API.md "Algorithms" and "Keys", verify step 3): `none` in any casing is never accepted;
 * `algorithms` naming `none` or an unknown algorithm is a caller mistake; by default a key permits only what
 * it is: a secret HS*, a CryptoKey exactly its algorithm (Ed25519: EdDSA and Ed25519), a JWK with alg exactly
 * that, a JWK without alg its family.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sign, verify, verifyJWS, type KeyLike, type AlgorithmName } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import {
  ALL_ALGS, EC_ALGS, HMAC_ALGS, RSA_ALGS, fixedSecret, hmacCryptoKey, hs256, jwkPair, keyPair, octJWK, part, withPart,
  type Alg,
} from "../helpers/keys.js";

const secret = fixedSecret(64);

/** A token claiming `alg` whose signature is whatever `base` had: step 3 judges it before any signature. */
function claiming(base: string, alg: string): string {
  return withPart(base, 0, part({ alg }));
}

test("alg none in any casing is ERR_JWT_ALG_NOT_ALLOWED, with or without a signature, whatever the key", async () => {
  const base = await sign({}, secret);
  const { publicKey } = await keyPair("ES256");
  for (const alg of ["none", "None", "NONE", "nOnE", "NonE"]) {
    for (const signature of ["", base.split(".")[2]!]) {
      const token = withPart(claiming(base, alg), 2, signature);
      for (const key of [secret, publicKey, octJWK(secret)] as KeyLike[]) {
        await rejectsWith(verify(token, key), "ERR_JWT_ALG_NOT_ALLOWED", undefined, alg);
        await rejectsWith(verifyJWS(token, key), "ERR_JWT_ALG_NOT_ALLOWED", undefined, alg);
        await rejectsWith(verify(token, () => key), "ERR_JWT_ALG_NOT_ALLOWED", undefined, alg);
      }
    }
  }
});

test("an alg keycard does not know is ERR_JWT_ALG_NOT_ALLOWED (a string alg is well-formed)", async () => {
  const base = await sign({}, secret);
  for (const alg of ["HS1024", "hs256", "RS1", "ES256K", "EdDSA25519", "", " HS256", "__proto__", "constructor", "toString"]) {
    await rejectsWith(verify(claiming(base, alg), secret), "ERR_JWT_ALG_NOT_ALLOWED", undefined, JSON.stringify(alg));
  }
});

test("algorithms listing none (any casing) or an unknown name is ERR_INVALID_ARGUMENT, even if the token would pass", async () => {
  const token = await sign({}, secret);
  for (const list of [["none"], ["HS256", "none"], ["NONE"], ["HS256", "None"], ["HS257"], ["hs256"], [""], [5], [null], [], "HS256", {}]) {
    await rejectsWith(verify(token, secret, { algorithms: list as AlgorithmName[] }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(list));
    await rejectsWith(verifyJWS(token, secret, { algorithms: list as AlgorithmName[] }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(list));
  }
  await verify(token, secret, { algorithms: ["HS512", "HS256"] });
  await rejectsWith(verify(token, secret, { algorithms: ["HS384", "HS512"] }), "ERR_JWT_ALG_NOT_ALLOWED");
});

test("algorithms cannot widen what the key permits", async () => {
  const token = await sign({}, secret, { alg: "HS512" });
  const { publicKey } = await keyPair("RS256");
  await rejectsWith(verify(claiming(token, "RS256"), secret, { algorithms: ["RS256", "HS512"] }), "ERR_JWT_ALG_NOT_ALLOWED");
  await rejectsWith(verify(token, publicKey, { algorithms: ["HS512"] }), "ERR_JWT_ALG_NOT_ALLOWED");
});

/** Asserts that `key` verifies exactly the tokens in `valid` and refuses the claim of every other alg at step 3. */
async function permitsExactly(key: KeyLike, valid: Partial<Record<Alg, string>>, what: string): Promise<void> {
  const base = Object.values(valid)[0]!;
  for (const alg of ALL_ALGS) {
    const token = valid[alg];
    if (token !== undefined) {
      const { header } = await verify(token, key);
      assert.equal(header.alg, alg, what);
    } else {
      await rejectsWith(verify(claiming(base, alg), key), "ERR_JWT_ALG_NOT_ALLOWED", undefined, `${what} must not permit ${alg}`);
    }
  }
}

test("a secret permits HS256, HS384 and HS512 and nothing else", async () => {
  const valid: Partial<Record<Alg, string>> = {};
  for (const alg of HMAC_ALGS) valid[alg] = await sign({}, secret, { alg });
  await permitsExactly(secret, valid, "a 64-byte secret");
  const text = "a string secret, long enough for HS512: ".repeat(2);
  const fromText: Partial<Record<Alg, string>> = {};
  for (const alg of HMAC_ALGS) fromText[alg] = await sign({}, text, { alg });
  await permitsExactly(text, fromText, "a string secret");
});

test("a CryptoKey permits exactly the algorithm it was imported for; an Ed25519 key EdDSA and Ed25519", async () => {
  for (const alg of [...RSA_ALGS, ...EC_ALGS]) {
    const { privateKey, publicKey } = await keyPair(alg);
    await permitsExactly(publicKey, { [alg]: await sign({}, privateKey) }, `${alg} CryptoKey`);
  }
  for (const alg of HMAC_ALGS) {
    const key = await hmacCryptoKey(alg, 64);
    await permitsExactly(key, { [alg]: await sign({}, key) }, `${alg} CryptoKey`);
  }
  const { privateKey, publicKey } = await keyPair("EdDSA");
  await permitsExactly(publicKey, {
    EdDSA: await sign({}, privateKey, { alg: "EdDSA" }),
    Ed25519: await sign({}, privateKey, { alg: "Ed25519" }),
  }, "Ed25519 CryptoKey");
});

test("a JWK with alg permits exactly that alg (Ed25519 and EdDSA name one algorithm)", async () => {
  const rsa = await jwkPair("RS256");
  for (const alg of RSA_ALGS) {
    const token = await sign({}, { ...rsa.privateJWK, alg });
    await permitsExactly({ ...rsa.publicJWK, alg }, { [alg]: token }, `RSA JWK with alg ${alg}`);
  }
  const ec = await jwkPair("ES384");
  await permitsExactly({ ...ec.publicJWK, alg: "ES384" }, { ES384: await sign({}, ec.privateJWK) }, "P-384 JWK with alg");
  for (const alg of HMAC_ALGS) {
    await permitsExactly(octJWK(secret, alg), { [alg]: await sign({}, secret, { alg }) }, `oct JWK with alg ${alg}`);
  }
  const okp = await jwkPair("EdDSA");
  for (const alg of ["EdDSA", "Ed25519"] as const) {
    await permitsExactly({ ...okp.publicJWK, alg }, {
      EdDSA: await sign({}, okp.privateJWK, { alg: "EdDSA" }),
      Ed25519: await sign({}, okp.privateJWK, { alg: "Ed25519" }),
    }, `OKP JWK with alg ${alg}`);
  }
});

test("a JWK without alg permits its family: RSA RS*/PS*, EC the ES of its curve, OKP EdDSA/Ed25519, oct HS*", async () => {
  const rsa = await jwkPair("RS256");
  const rsaTokens: Partial<Record<Alg, string>> = {};
  for (const alg of RSA_ALGS) rsaTokens[alg] = await sign({}, rsa.privateJWK, { alg });
  await permitsExactly(rsa.publicJWK, rsaTokens, "RSA JWK without alg");
  for (const alg of EC_ALGS) {
    const ec = await jwkPair(alg);
    await permitsExactly(ec.publicJWK, { [alg]: await sign({}, ec.privateJWK) }, `EC JWK on ${alg}'s curve`);
  }
  const okp = await jwkPair("EdDSA");
  await permitsExactly(okp.publicJWK, {
    EdDSA: await sign({}, okp.privateJWK), Ed25519: await sign({}, okp.privateJWK, { alg: "Ed25519" }),
  }, "OKP JWK without alg");
  const octTokens: Partial<Record<Alg, string>> = {};
  for (const alg of HMAC_ALGS) octTokens[alg] = await sign({}, secret, { alg });
  await permitsExactly(octJWK(secret), octTokens, "oct JWK without alg");
});

test("alg not a string in the header is ERR_JWT_MALFORMED (step 1), not an alg error", async () => {
  for (const alg of [null, 256, ["HS256"], { name: "HS256" }, true]) {
    await rejectsWith(verify(await hs256({ alg }, {}, secret), secret), "ERR_JWT_MALFORMED", undefined, JSON.stringify(alg));
  }
  await rejectsWith(verify(await hs256({ typ: "JWT" }, {}, secret), secret), "ERR_JWT_MALFORMED");
});
