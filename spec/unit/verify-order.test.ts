/**
 * verify's order of checks (API.md "verify", steps 1-6 and the order inside step 5): a token that fails
 * several checks always reports the first one. Each test starts from a token that fails everything and
 * repairs one fault at a time, expecting the next step's error each time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, type KeyResolver, type VerifyOptions } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { b64, badSignature, fixedSecret, hs256, keyPair, rawToken, withPart } from "../helpers/keys.js";

const NOW = 1_700_000_000;
const secret48 = fixedSecret(48, 1);
const secret32 = secret48.subarray(0, 32);
const other48 = fixedSecret(48, 2);

test("steps 1 to 4 peeled one at a time: shape, crit, alg allowed, key usable, signature", async () => {
  const good = { alg: "HS384", typ: "JWT" };
  const claims = { exp: NOW - 100, iss: 5 }; // would fail step 5 twice over
  let token = withPart(await rawToken({ ...good, crit: ["exp"] }, claims, other48, "HS384"), 1, b64("not json"));
  // step 1 beats everything: too long, then the payload is not JSON
  await rejectsWith(verify(token, secret32, { now: NOW, maxTokenLength: token.length - 1, algorithms: ["HS256"] }), "ERR_JWT_MALFORMED");
  await rejectsWith(verify(token, secret32, { now: NOW, algorithms: ["HS256"] }), "ERR_JWT_MALFORMED");
  // step 2: crit lists a name the application does not handle
  token = await rawToken({ ...good, alg: "none", crit: ["exp"], exp: 1 }, claims, other48, "HS384");
  await rejectsWith(verify(token, secret32, { now: NOW, algorithms: ["HS256"] }), "ERR_JWT_HEADER_UNSUPPORTED");
  // step 3a: alg none, then an alg outside options.algorithms, both before the weak key
  token = await rawToken({ ...good, alg: "none" }, claims, other48, "HS384");
  await rejectsWith(verify(token, secret32, { now: NOW }), "ERR_JWT_ALG_NOT_ALLOWED");
  token = await rawToken(good, claims, other48, "HS384");
  await rejectsWith(verify(token, secret32, { now: NOW, algorithms: ["HS256"] }), "ERR_JWT_ALG_NOT_ALLOWED");
  // step 3b: the 32-byte secret cannot serve HS384
  await rejectsWith(verify(token, secret32, { now: NOW }), "ERR_KEY_INVALID");
  // step 4: a usable key, but not the one that signed
  await rejectsWith(verify(token, secret48, { now: NOW }), "ERR_JWT_SIGNATURE_INVALID");
  // step 5 only once the signature holds
  token = await rawToken(good, claims, secret48, "HS384");
  await rejectsWith(verify(token, secret48, { now: NOW }), "ERR_JWT_CLAIM_INVALID", { claim: "iss" });
});

test("a token both expired and badly signed reports the signature; so does one with claims of the wrong type", async () => {
  const expired = await hs256({ alg: "HS256" }, { exp: NOW - 1 }, secret48);
  await rejectsWith(verify(expired, secret48, { now: NOW }), "ERR_JWT_EXPIRED");
  await rejectsWith(verify(badSignature(expired), secret48, { now: NOW }), "ERR_JWT_SIGNATURE_INVALID");
  const wrongTypes = await hs256({ alg: "HS256" }, { exp: "soon", aud: 7 }, secret48);
  await rejectsWith(verify(badSignature(wrongTypes), secret48, { now: NOW }), "ERR_JWT_SIGNATURE_INVALID");
  // a signature of the wrong length is simply invalid, still before any claim
  await rejectsWith(verify(withPart(expired, 2, b64("short")), secret48, { now: NOW }), "ERR_JWT_SIGNATURE_INVALID");
  await rejectsWith(verify(withPart(expired, 2, ""), secret48, { now: NOW }), "ERR_JWT_SIGNATURE_INVALID");
});

test("a bad crit beats a bad alg, b64:false beats alg none, and both beat a bad signature", async () => {
  const badCrit = await hs256({ alg: "HS999", crit: ["x"] }, {}, secret48);
  await rejectsWith(verify(badCrit, secret48), "ERR_JWT_HEADER_UNSUPPORTED");
  await rejectsWith(verify(badSignature(badCrit), secret48, { algorithms: ["HS256"] }), "ERR_JWT_HEADER_UNSUPPORTED");
  const unencoded = await hs256({ alg: "none", b64: false, crit: ["b64"] }, {}, secret48);
  await rejectsWith(verify(unencoded, secret48), "ERR_JWT_HEADER_UNSUPPORTED");
});

test("alg not allowed beats a weak key: a key's family, options.algorithms, then the RSA modulus size", async () => {
  const weak = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) },
    true, ["sign", "verify"],
  )) as CryptoKeyPair;
  const rs256 = await rawToken({ alg: "RS256" }, {}, weak.privateKey, "RS256");
  await rejectsWith(verify(rs256, weak.publicKey), "ERR_KEY_INVALID");
  await rejectsWith(verify(rs256, weak.publicKey, { algorithms: ["PS256"] }), "ERR_JWT_ALG_NOT_ALLOWED");
  const es256 = await rawToken({ alg: "ES256" }, {}, (await keyPair("ES256")).privateKey, "ES256");
  await rejectsWith(verify(es256, weak.publicKey), "ERR_JWT_ALG_NOT_ALLOWED");
  // weak key beats a bad signature
  await rejectsWith(verify(badSignature(rs256), weak.publicKey), "ERR_KEY_INVALID");
});

test("the resolver is asked for a key only after shape, crit and the allowed algorithms pass", async () => {
  let calls = 0;
  const resolver: KeyResolver = () => {
    calls++;
    return secret48;
  };
  const cases: [string, VerifyOptions, string][] = [
    [withPart(await hs256({ alg: "HS256" }, {}, secret48), 1, b64("[]")), {}, "ERR_JWT_MALFORMED"],
    [await hs256({ alg: "HS256", crit: ["x"], x: 1 }, {}, secret48), {}, "ERR_JWT_HEADER_UNSUPPORTED"],
    [await hs256({ alg: "none" }, {}, secret48), {}, "ERR_JWT_ALG_NOT_ALLOWED"],
    [await hs256({ alg: "HS256" }, {}, secret48), { algorithms: ["HS512"] }, "ERR_JWT_ALG_NOT_ALLOWED"],
  ];
  for (const [token, options, code] of cases) await rejectsWith(verify(token, resolver, options), code as "ERR_JWT_MALFORMED");
  assert.equal(calls, 0);
  await verify(await hs256({ alg: "HS256" }, {}, secret48), resolver);
  assert.equal(calls, 1);
});

test("step 5 peeled one claim at a time: types, exp, nbf, iat, iss, aud, sub, typ, requiredClaims, maxTokenAge; then step 6", async () => {
  const options: VerifyOptions = {
    now: NOW, issuer: "good-iss", audience: "good-aud", subject: "good-sub", typ: "at+jwt",
    requiredClaims: ["jti"], maxTokenAge: 60,
  };
  const revoked: unknown[] = [];
  const withRevocation = (answer: boolean): VerifyOptions => ({
    ...options,
    isRevoked: (payload) => {
      revoked.push(payload);
      return answer;
    },
  });
  const claims: Record<string, unknown> = {
    aud: 5, exp: NOW - 1, nbf: NOW + 1, iat: NOW + 1, iss: "bad-iss", sub: "bad-sub",
  };
  let typ = "JWT";
  const expectations: [() => void, string, string][] = [
    [() => (claims.aud = "bad-aud"), "ERR_JWT_CLAIM_INVALID", "aud"], // types first
    [() => (claims.exp = NOW + 1), "ERR_JWT_EXPIRED", "exp"],
    [() => (claims.nbf = NOW), "ERR_JWT_NOT_YET_VALID", "nbf"],
    [() => (claims.iat = NOW - 1000), "ERR_JWT_CLAIM_INVALID", "iat"], // iat in the future
    [() => (claims.iss = "good-iss"), "ERR_JWT_CLAIM_INVALID", "iss"],
    [() => (claims.aud = ["x", "good-aud"]), "ERR_JWT_CLAIM_INVALID", "aud"],
    [() => (claims.sub = "good-sub"), "ERR_JWT_CLAIM_INVALID", "sub"],
    [() => (typ = "application/AT+JWT"), "ERR_JWT_CLAIM_INVALID", "typ"],
    [() => (claims.jti = "id"), "ERR_JWT_CLAIM_INVALID", "jti"], // requiredClaims
    [() => (claims.iat = NOW - 60), "ERR_JWT_CLAIM_INVALID", "iat"], // maxTokenAge
  ];
  for (const [repair, code, claim] of expectations) {
    const token = await hs256({ alg: "HS256", typ }, claims, secret48);
    const error = await rejectsWith(verify(token, secret48, withRevocation(true)), code as "ERR_JWT_EXPIRED", { claim, payload: claims }, claim);
    assert.ok(error);
    repair();
  }
  assert.equal(revoked.length, 0, "isRevoked is not asked while a claim fails");
  const token = await hs256({ alg: "HS256", typ }, claims, secret48);
  await rejectsWith(verify(token, secret48, withRevocation(true)), "ERR_JWT_REVOKED", { claim: "jti", payload: claims });
  assert.equal(revoked.length, 1);
  const { payload } = await verify(token, secret48, withRevocation(false));
  assert.deepEqual(payload, claims);
});

test("every registered claim's type is checked before exp", async () => {
  const wrong: [string, unknown][] = [
    ["exp", "1"], ["exp", null], ["nbf", true], ["iat", [1]], ["iat", { n: 1 }], ["iss", 1], ["sub", false],
    ["jti", 5], ["aud", 5], ["aud", [1]], ["aud", ["a", null]], ["aud", {}], ["iss", null],
  ];
  for (const [name, value] of wrong) {
    // expired and not yet valid as well, unless the faulty claim is one of those
    const token = await hs256({ alg: "HS256" }, { exp: NOW - 10, nbf: NOW + 10, [name]: value }, secret48);
    await rejectsWith(verify(token, secret48, { now: NOW }), "ERR_JWT_CLAIM_INVALID", { claim: name }, `${name}: ${JSON.stringify(value)}`);
  }
  // exp written as 1e999 is Infinity once parsed: not a finite number
  const infinite = await hs256({ alg: "HS256" }, '{"exp":1e999}', secret48);
  await rejectsWith(verify(infinite, secret48, { now: NOW }), "ERR_JWT_CLAIM_INVALID", { claim: "exp" });
});
