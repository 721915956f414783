// Group "jwks": createLocalJWKSet selection (kid, kty, alg, crv; none or several fitting), sets refused at
// creation, and createRemoteJWKSet through a caller's fetch that answers from memory (no network): this
// runtime's Response, AbortSignal and timers as the library uses them.
import { equal, need, ok, rejects, throws } from "./harness.js";

const JWKS_URL = "https://issuer.example/.well-known/jwks.json";

export async function run({ keycard, check, keys }) {
  /** The public JWK of generated key `id`, with a kid. */
  const publicJwk = async (id, kid) => ({ ...(await need(keycard, "exportJWK")(keys.get(id).publicKey)), kid });
  /** A token signed by key `id` under alg, with `kid` in its header (none when kid is null). */
  const tokenBy = (id, alg, kid, payload = { sub: id }) =>
    need(keycard, "sign")(payload, keys.signingKey(id), kid === null ? { alg } : { alg, kid });

  let set;
  const ready = (async () => {
    set = { keys: [await publicJwk("ES256", "es"), await publicJwk("ES256#2", "es-2"), await publicJwk("RS256", "rs"), await publicJwk("EdDSA", "ed")] };
    for (const jwk of set.keys) delete jwk.alg; // as many sets publish them: the family decides
  })();

  await check("jwks: local set — verify picks each token's key by kid", async () => {
    await ready;
    const resolver = need(keycard, "createLocalJWKSet")(set);
    for (const [id, alg, kid] of [["ES256", "ES256", "es"], ["ES256#2", "ES256", "es-2"], ["RS256", "RS256", "rs"], ["RS256", "PS256", "rs"], ["EdDSA", "EdDSA", "ed"], ["EdDSA", "Ed25519", "ed"]]) {
      if (alg === "PS256") {
        // The RSA key of the set has no alg, so it serves PS256 too; sign one with a PS256 import of its private JWK.
        const privateJwk = await keycard.exportJWK(keys.get("RS256").privateKey);
        const token = await keycard.sign({ sub: "ps" }, { ...privateJwk, alg: "PS256" }, { kid });
        equal((await keycard.verify(token, resolver)).payload.sub, "ps", "PS256 payload.sub");
        continue;
      }
      const { header, payload } = await keycard.verify(await tokenBy(id, alg, kid), resolver);
      equal(header.kid, kid, "header.kid");
      equal(payload.sub, id, "payload.sub");
    }
  });

  await check("jwks: local set — a kid that is not in the set is ERR_JWKS_NO_MATCHING_KEY", async () => {
    await ready;
    const resolver = keycard.createLocalJWKSet(set);
    await rejects(keycard, async () => keycard.verify(await tokenBy("ES256", "ES256", "nobody"), resolver), "ERR_JWKS_NO_MATCHING_KEY");
  });

  await check("jwks: local set — a kid whose key is of another kind is ERR_JWKS_NO_MATCHING_KEY", async () => {
    await ready;
    const resolver = keycard.createLocalJWKSet(set);
    await rejects(keycard, async () => keycard.verify(await tokenBy("ES256", "ES256", "rs"), resolver), "ERR_JWKS_NO_MATCHING_KEY", { context: "ES256 token, RSA kid" });
    await rejects(keycard, async () => keycard.verify(await tokenBy("HS256", "HS256", "es"), resolver), "ERR_JWKS_NO_MATCHING_KEY", { context: "HS256 token, EC kid" });
    await rejects(keycard, async () => keycard.verify(await tokenBy("ES384", "ES384", "es"), resolver), "ERR_JWKS_NO_MATCHING_KEY", { context: "ES384 token, P-256 kid" });
  });

  await check("jwks: local set — no kid: the one key that fits is used, two that fit are ERR_JWKS_MULTIPLE_MATCHING_KEYS", async () => {
    await ready;
    const resolver = keycard.createLocalJWKSet(set);
    equal((await keycard.verify(await tokenBy("RS256", "RS256", null), resolver)).payload.sub, "RS256", "the lone RSA key");
    equal((await keycard.verify(await tokenBy("EdDSA", "EdDSA", null), resolver)).payload.sub, "EdDSA", "the lone Ed25519 key");
    await rejects(keycard, async () => keycard.verify(await tokenBy("ES256", "ES256", null), resolver), "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
  });

  await check("jwks: local set — a token naming a kid but signed by another key is ERR_JWT_SIGNATURE_INVALID", async () => {
    await ready;
    const resolver = keycard.createLocalJWKSet(set);
    await rejects(keycard, async () => keycard.verify(await tokenBy("ES256#2", "ES256", "es"), resolver), "ERR_JWT_SIGNATURE_INVALID");
  });

  await check("jwks: local set — malformed sets are ERR_INVALID_ARGUMENT, private keys ERR_KEY_INVALID, at creation", async () => {
    await ready;
    const create = need(keycard, "createLocalJWKSet");
    for (const bad of [null, "{}", [], { keys: "[]" }, { keys: [null] }]) {
      throws(keycard, () => create(bad), "ERR_INVALID_ARGUMENT", { context: JSON.stringify(bad) });
    }
    const privateJwk = await keycard.exportJWK(keys.get("ES256").privateKey);
    throws(keycard, () => create({ keys: [set.keys[2], privateJwk] }), "ERR_KEY_INVALID", { context: "a private JWK in the set" });
  });

  /** A remote set whose fetch answers with `respond()` and counts its calls. */
  const remote = (respond, options = {}) => {
    const calls = [];
    const resolver = need(keycard, "createRemoteJWKSet")(JWKS_URL, {
      ...options,
      fetch: async (url, init) => {
        calls.push(String(url));
        return respond(init);
      },
    });
    return { resolver, calls };
  };
  const json = (body, status = 200) => new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  await check("jwks: remote set through the caller's fetch — one request, keys selected as in a local set", async () => {
    await ready;
    const { resolver, calls } = remote(() => json(set));
    const tokens = await Promise.all([tokenBy("ES256", "ES256", "es"), tokenBy("RS256", "RS256", "rs"), tokenBy("EdDSA", "EdDSA", "ed")]);
    const results = await Promise.all(tokens.map((token) => keycard.verify(token, resolver)));
    equal(results.map((r) => r.payload.sub).join(","), "ES256,RS256,EdDSA", "subjects");
    equal(calls.length, 1, "fetch calls");
    equal(calls[0], JWKS_URL, "fetched URL");
  });

  await check("jwks: remote set — a non-2xx answer or a body that is not a JWK Set is ERR_JWKS_FETCH_FAILED", async () => {
    await ready;
    const token = await tokenBy("ES256", "ES256", "es");
    for (const [what, respond] of [
      ["HTTP 500", () => json(set, 500)],
      ["not JSON", () => json("<html>")],
      ["no keys array", () => json({ keys: {} })],
    ]) {
      await rejects(keycard, () => keycard.verify(token, remote(respond).resolver), "ERR_JWKS_FETCH_FAILED", { context: what });
    }
  });

  await check("jwks: remote set — a fetch that never answers is ERR_JWKS_TIMEOUT after timeoutDuration", async () => {
    await ready;
    const token = await tokenBy("ES256", "ES256", "es");
    let aborted = false;
    const { resolver } = remote((init) => new Promise((_, reject) => {
      const signal = init?.signal;
      ok(signal !== undefined && signal !== null, "fetch was given no AbortSignal");
      signal.addEventListener("abort", () => {
        aborted = true;
        reject(signal.reason ?? new Error("aborted"));
      });
    }), { timeoutDuration: "100ms" });
    const started = Date.now();
    await rejects(keycard, () => keycard.verify(token, resolver), "ERR_JWKS_TIMEOUT");
    const elapsed = Date.now() - started;
    ok(elapsed < 5000, `the timeout took ${elapsed} ms`);
    ok(aborted, "the fetch's signal was not aborted");
  });

  await check("jwks: an error thrown by the caller's own resolver passes through unchanged", async () => {
    const mine = new Error("my resolver failed");
    const token = await tokenBy("ES256", "ES256", "es");
    let caught;
    try {
      await keycard.verify(token, () => { throw mine; });
    } catch (error) {
      caught = error;
    }
    ok(caught === mine, `got ${caught}`);
  });
}
