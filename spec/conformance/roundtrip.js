// Group "roundtrip": for every algorithm of API.md, fresh keys from generateSecret / generateKeyPair, a JWT
// signed and verified, a tampered signature and payload refused, the key carried as a JWK (exportJWK, then
// verify with the JWK object, importJWK of the private JWK), and createSigner / createVerifier.
// It also makes the keys the later groups share (ctx.keys).
import { equal, fail, flipSignatureBit, need, ok, rejects, swapPayload } from "./harness.js";

export const ALGORITHMS = [
  "HS256", "HS384", "HS512",
  "RS256", "RS384", "RS512",
  "PS256", "PS384", "PS512",
  "ES256", "ES384", "ES512",
  "EdDSA", "Ed25519",
];

const isSecretAlg = (alg) => alg.startsWith("HS");

/**
 * Makes one key (pair) per algorithm, extractable so PEM and JWK forms can be taken from it, plus a second
 * ES256, EdDSA and HS256 key for wrong-key checks. Generation runs concurrently; a failure is kept per key
 * and reported by each check that needs that key.
 */
export async function generateKeys(keycard) {
  const wanted = [...ALGORITHMS.map((alg) => [alg, alg]), ["ES256#2", "ES256"], ["EdDSA#2", "EdDSA"], ["HS256#2", "HS256"]];
  const entries = await Promise.all(wanted.map(async ([id, alg]) => {
    try {
      if (isSecretAlg(alg)) return [id, { alg, secret: need(keycard, "generateSecret")(alg) }];
      const pair = await need(keycard, "generateKeyPair")(alg, { extractable: true });
      return [id, { alg, privateKey: pair.privateKey, publicKey: pair.publicKey }];
    } catch (error) {
      return [id, { alg, error }];
    }
  }));
  const keys = Object.fromEntries(entries);
  return {
    /** The key (pair) for `id`, or a failure explaining why there is none. */
    get(id) {
      const entry = keys[id];
      if (entry === undefined) fail(`no key ${id}`);
      if (entry.error !== undefined) {
        fail(`no ${id} key: generating it failed with ${entry.error?.name ?? "Error"}: ${entry.error?.message ?? String(entry.error)}`);
      }
      return entry;
    },
    signingKey(id) {
      const entry = this.get(id);
      return entry.secret ?? entry.privateKey;
    },
    verificationKey(id) {
      const entry = this.get(id);
      return entry.secret ?? entry.publicKey;
    },
  };
}

const ISSUER = "https://issuer.example";
const AUDIENCE = "conformance";

export async function run(ctx) {
  const { keycard, check } = ctx;
  ctx.keys = await generateKeys(keycard);
  const keys = ctx.keys;

  await check("roundtrip: generateSecret gives as many bytes as the hash (RFC 7518 §3.2)", () => {
    for (const [alg, length] of [["HS256", 32], ["HS384", 48], ["HS512", 64]]) {
      const secret = keys.get(alg).secret;
      ok(secret instanceof Uint8Array, `${alg} secret is not a Uint8Array`);
      equal(secret.length, length, `${alg} secret length`);
    }
  });

  for (const alg of ALGORITHMS) {
    let token;
    await check(`roundtrip: ${alg} sign → verify`, async () => {
      token = await need(keycard, "sign")({ sub: "alice", alg }, keys.signingKey(alg), {
        alg, kid: `key-${alg}`, expiresIn: "5m", issuer: ISSUER, audience: AUDIENCE,
      });
      const decoded = need(keycard, "decode")(token);
      equal(decoded.header.alg, alg, "header.alg");
      equal(decoded.header.kid, `key-${alg}`, "header.kid");
      equal(decoded.header.typ, "JWT", "header.typ");
      const { header, payload } = await need(keycard, "verify")(token, keys.verificationKey(alg), {
        algorithms: [alg], issuer: ISSUER, audience: AUDIENCE,
      });
      equal(header.alg, alg, "verified header.alg");
      equal(payload.sub, "alice", "payload.sub");
      equal(payload.alg, alg, "payload.alg");
      equal(payload.exp - payload.iat, 300, "exp - iat");
    });

    await check(`roundtrip: ${alg} flipped signature bit → ERR_JWT_SIGNATURE_INVALID`, async () => {
      if (token === undefined) fail("no token (sign failed)");
      await rejects(keycard, () => keycard.verify(flipSignatureBit(token), keys.verificationKey(alg)), "ERR_JWT_SIGNATURE_INVALID");
    });

    await check(`roundtrip: ${alg} changed payload → ERR_JWT_SIGNATURE_INVALID`, async () => {
      if (token === undefined) fail("no token (sign failed)");
      await rejects(keycard, () => keycard.verify(swapPayload(token, { sub: "mallory", alg }), keys.verificationKey(alg)), "ERR_JWT_SIGNATURE_INVALID");
    });

    await check(`roundtrip: ${alg} verify with the key as an exported JWK`, async () => {
      if (token === undefined) fail("no token (sign failed)");
      const jwk = await need(keycard, "exportJWK")(keys.verificationKey(alg));
      ok(jwk.d === undefined, "the exported public JWK has a private member d");
      const { payload } = await keycard.verify(token, jwk);
      equal(payload.sub, "alice", "payload.sub");
    });

    if (!isSecretAlg(alg)) {
      await check(`roundtrip: ${alg} importJWK of the exported private JWK signs`, async () => {
        const privateJwk = await need(keycard, "exportJWK")(keys.signingKey(alg));
        ok(typeof privateJwk.d === "string", "the exported private JWK has no d");
        const imported = await need(keycard, "importJWK")(privateJwk, alg);
        const again = await keycard.sign({ sub: "bob" }, imported, { alg });
        const { payload } = await keycard.verify(again, keys.verificationKey(alg), { algorithms: [alg] });
        equal(payload.sub, "bob", "payload.sub");
      });
    }
  }

  await check("roundtrip: createSigner and createVerifier (ES256), reused", async () => {
    const signer = need(keycard, "createSigner")(keys.signingKey("ES256"), { issuer: ISSUER, expiresIn: 60 });
    const verifier = need(keycard, "createVerifier")(keys.verificationKey("ES256"), { issuer: ISSUER, algorithms: ["ES256"] });
    for (const sub of ["a", "b", "c"]) equal((await verifier(await signer({ sub }))).payload.sub, sub, "payload.sub");
  });

  await check("roundtrip: an EdDSA key pair signs under the name Ed25519 and the reverse (RFC 9864)", async () => {
    const token = await keycard.sign({ sub: "x" }, keys.signingKey("EdDSA"), { alg: "Ed25519" });
    equal((await keycard.verify(token, keys.verificationKey("EdDSA"))).header.alg, "Ed25519", "header.alg");
    const other = await keycard.sign({ sub: "x" }, keys.signingKey("Ed25519"), { alg: "EdDSA" });
    equal((await keycard.verify(other, keys.verificationKey("Ed25519"))).header.alg, "EdDSA", "header.alg");
  });

  for (const [alg, otherId] of [["HS256", "HS256#2"], ["ES256", "ES256#2"], ["EdDSA", "EdDSA#2"]]) {
    await check(`roundtrip: ${alg} verified with another key of the same kind → ERR_JWT_SIGNATURE_INVALID`, async () => {
      const token = await keycard.sign({ sub: "alice" }, keys.signingKey(alg), { alg });
      await rejects(keycard, () => keycard.verify(token, keys.verificationKey(otherId)), "ERR_JWT_SIGNATURE_INVALID");
    });
  }

  await check("roundtrip: RS256 verified with another RSA modulus → ERR_JWT_SIGNATURE_INVALID", async () => {
    const token = await keycard.sign({ sub: "alice" }, keys.signingKey("RS256"), { alg: "RS256" });
    const { kty, n, e } = await need(keycard, "exportJWK")(keys.verificationKey("RS384"));
    await rejects(keycard, () => keycard.verify(token, { kty, n, e }), "ERR_JWT_SIGNATURE_INVALID");
  });

  await check("roundtrip: an HMAC secret too short for HS512 is ERR_KEY_INVALID (RFC 7518 §3.2)", async () => {
    await rejects(keycard, () => keycard.sign({}, keys.signingKey("HS256"), { alg: "HS512" }), "ERR_KEY_INVALID", { context: "sign" });
    const token = await keycard.sign({}, keys.signingKey("HS512"), { alg: "HS512" });
    await rejects(keycard, () => keycard.verify(token, keys.signingKey("HS256")), "ERR_KEY_INVALID", { context: "verify" });
  });
}
