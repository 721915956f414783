/**
 * verify step 2 (RFC 7515 §4.1.11, RFC 7797): `crit` must be a non-empty array of distinct strings, none a
 * parameter the JOSE RFCs define, each present in the header and each either `b64` or listed in
 * options.critical; `b64: false` is refused. All failures are ERR_JWT_HEADER_UNSUPPORTED.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, verifyJWS, createVerifier, sign, signJWS, decode } from "../../lib/index.js";
import { rejectsWith, throwsWith } from "../helpers/assert.js";
import { fixedSecret, hs256 } from "../helpers/keys.js";

const secret = fixedSecret(32);

const REGISTERED = ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c"];

test("crit that is not a non-empty array of distinct strings is ERR_JWT_HEADER_UNSUPPORTED", async () => {
  const cases: Record<string, unknown>[] = [
    { crit: "exp", exp: 1 }, { crit: [] }, { crit: null }, { crit: {} }, { crit: 1 }, { crit: true },
    { crit: [1] }, { crit: [null] }, { crit: [["exp"]], exp: 1 }, { crit: ["exp", "exp"], exp: 1 }, { crit: ["exp", 5], exp: 1 },
  ];
  for (const extra of cases) {
    const token = await hs256({ alg: "HS256", ...extra }, {}, secret);
    await rejectsWith(verify(token, secret, { critical: ["exp"] }), "ERR_JWT_HEADER_UNSUPPORTED", undefined, JSON.stringify(extra));
    await rejectsWith(verifyJWS(token, secret, { critical: ["exp"] }), "ERR_JWT_HEADER_UNSUPPORTED", undefined, JSON.stringify(extra));
  }
});

test("crit naming a parameter the JOSE RFCs define is ERR_JWT_HEADER_UNSUPPORTED, even when present", async () => {
  for (const name of REGISTERED) {
    const header: Record<string, unknown> = { alg: "HS256", crit: [name] };
    if (!(name in header)) header[name] = "x";
    const token = await hs256(header, {}, secret);
    await rejectsWith(verify(token, secret), "ERR_JWT_HEADER_UNSUPPORTED", undefined, name);
  }
});

test("each crit name must be present in the header and handled by the application (options.critical)", async () => {
  const absent = await hs256({ alg: "HS256", crit: ["exp"] }, {}, secret);
  await rejectsWith(verify(absent, secret, { critical: ["exp"] }), "ERR_JWT_HEADER_UNSUPPORTED");
  const present = await hs256({ alg: "HS256", crit: ["exp", "http://example.com/ext"], exp: 1, "http://example.com/ext": true }, {}, secret);
  await rejectsWith(verify(present, secret), "ERR_JWT_HEADER_UNSUPPORTED");
  await rejectsWith(verify(present, secret, { critical: ["exp"] }), "ERR_JWT_HEADER_UNSUPPORTED");
  const { header } = await verify(present, secret, { critical: ["exp", "http://example.com/ext", "other"] });
  assert.deepEqual(header.crit, ["exp", "http://example.com/ext"]);
  await verifyJWS(present, secret, { critical: ["http://example.com/ext", "exp"] });
  // a name inherited from Object.prototype is not "present"
  const inherited = await hs256({ alg: "HS256", crit: ["toString"] }, {}, secret);
  await rejectsWith(verify(inherited, secret, { critical: ["toString"] }), "ERR_JWT_HEADER_UNSUPPORTED");
  // options.critical does not make a parameter required when crit does not list it
  await verify(await hs256({ alg: "HS256" }, {}, secret), secret, { critical: ["exp"] });
});

test("b64: crit [\"b64\"] with b64 true is fine without options.critical; b64 false (or not true) is refused", async () => {
  await verify(await hs256({ alg: "HS256", b64: true, crit: ["b64"] }, {}, secret), secret);
  for (const header of [
    { alg: "HS256", b64: false, crit: ["b64"] }, { alg: "HS256", b64: false }, { alg: "HS256", b64: "false", crit: ["b64"] },
    { alg: "HS256", b64: 0 }, { alg: "HS256", b64: null, crit: ["b64"] },
  ]) {
    const token = await hs256(header, {}, secret);
    await rejectsWith(verify(token, secret, { critical: ["b64"] }), "ERR_JWT_HEADER_UNSUPPORTED", undefined, JSON.stringify(header));
    await rejectsWith(verifyJWS(token, secret), "ERR_JWT_HEADER_UNSUPPORTED", undefined, JSON.stringify(header));
  }
  await rejectsWith(verify(await hs256({ alg: "HS256", crit: ["b64"] }, {}, secret), secret), "ERR_JWT_HEADER_UNSUPPORTED");
});

test("options.critical must be an array of extension names: ERR_INVALID_ARGUMENT otherwise", async () => {
  const token = await sign({}, secret);
  for (const critical of ["exp", [1], [null], ["alg"], ["kid"], ["crit"], {}, null]) {
    await rejectsWith(verify(token, secret, { critical: critical as string[] }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(critical));
    await rejectsWith(verifyJWS(token, secret, { critical: critical as string[] }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(critical));
    throwsWith(() => createVerifier(secret, { critical: critical as string[] }), "ERR_INVALID_ARGUMENT", undefined, JSON.stringify(critical));
  }
});

test("signing with crit in the header produces a token that verifies once the application lists the names", async () => {
  const token = await sign({ a: 1 }, secret, { header: { crit: ["urn:x"], "urn:x": 1 } });
  assert.deepEqual(decode(token).header.crit, ["urn:x"]);
  await rejectsWith(verify(token, secret), "ERR_JWT_HEADER_UNSUPPORTED");
  assert.equal((await verify(token, secret, { critical: ["urn:x"] })).payload.a, 1);
  // b64 false cannot be produced
  await rejectsWith(signJWS("x", secret, { header: { b64: false, crit: ["b64"] } }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(sign({}, secret, { header: { b64: false } }), "ERR_INVALID_ARGUMENT");
});
