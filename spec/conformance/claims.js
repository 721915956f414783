// Group "claims": verify step 5 at its boundaries (RFC 7519 §4.1, API.md), step 6 (isRevoked), the claims sign
// writes, and durations. Tokens are HS256 over a fixed secret; every verify is given `now`, so the clock of the
// runtime plays no part.
import { base64urlJSON, equal, hmac, need, ok, rejects, toBase64url } from "./harness.js";

const T = 1_700_000_000; // a fixed "now", seconds since the epoch
const SECRET = new Uint8Array(32).map((_, i) => i + 1);

export async function run({ keycard, check }) {
  /** A token with exactly `payload` as its claims (no iat added) and `header` as extra header parameters. */
  const token = (payload, options = {}) => need(keycard, "sign")(payload, SECRET, { iat: false, ...options });
  const verify = (jwt, options) => need(keycard, "verify")(jwt, SECRET, options);
  const accepts = async (payload, options, what) => {
    const { payload: verified } = await verify(await token(payload), options);
    ok(typeof verified === "object", `${what}: no payload`);
  };
  const refuses = async (payload, options, code, claim, what, signOptions) => {
    const jwt = await token(payload, signOptions);
    const error = await rejects(keycard, () => verify(jwt, options), code, { claim, context: what });
    ok(error.payload !== undefined && typeof error.payload === "object", `${what}: the error carries no payload`);
  };

  await check("claims: exp — valid until now reaches exp, expired at exp (RFC 7519 §4.1.4)", async () => {
    await accepts({ exp: T }, { now: T - 0.001 }, "now = exp - 1ms");
    await refuses({ exp: T }, { now: T }, "ERR_JWT_EXPIRED", "exp", "now = exp");
    await accepts({ exp: T }, { now: T, clockTolerance: 1 }, "now = exp, tolerance 1");
    await accepts({ exp: T }, { now: T + 0.999, clockTolerance: "1s" }, "now = exp + 999ms, tolerance 1s");
    await refuses({ exp: T }, { now: T + 1, clockTolerance: "1s" }, "ERR_JWT_EXPIRED", "exp", "now = exp + 1, tolerance 1s");
  });

  await check("claims: nbf — valid from nbf on (RFC 7519 §4.1.5)", async () => {
    await accepts({ nbf: T }, { now: T }, "now = nbf");
    await refuses({ nbf: T }, { now: T - 0.001 }, "ERR_JWT_NOT_YET_VALID", "nbf", "now = nbf - 1ms");
    await accepts({ nbf: T }, { now: T - 1, clockTolerance: 1 }, "now = nbf - 1, tolerance 1");
    await refuses({ nbf: T }, { now: T - 1.001, clockTolerance: 1 }, "ERR_JWT_NOT_YET_VALID", "nbf", "now = nbf - 1.001, tolerance 1");
  });

  await check("claims: iat in the future is ERR_JWT_CLAIM_INVALID beyond the tolerance", async () => {
    await accepts({ iat: T }, { now: T }, "iat = now");
    await refuses({ iat: T + 1 }, { now: T }, "ERR_JWT_CLAIM_INVALID", "iat", "iat = now + 1");
    await accepts({ iat: T + 1 }, { now: T, clockTolerance: "1s" }, "iat = now + 1, tolerance 1s");
  });

  await check("claims: maxTokenAge — now - iat up to the age is valid; it makes iat required", async () => {
    await accepts({ iat: T - 60 }, { now: T, maxTokenAge: "60s" }, "age = 60s");
    await refuses({ iat: T - 60.5 }, { now: T, maxTokenAge: "60s" }, "ERR_JWT_CLAIM_INVALID", "iat", "age = 60.5s");
    await accepts({ iat: T - 61 }, { now: T, maxTokenAge: "1m", clockTolerance: 1 }, "age = 61s, 1m + tolerance 1");
    await refuses({ sub: "x" }, { now: T, maxTokenAge: "1h" }, "ERR_JWT_CLAIM_INVALID", "iat", "no iat");
  });

  await check("claims: issuer, audience and subject, each required once asked for", async () => {
    await accepts({ iss: "b" }, { now: T, issuer: ["a", "b"] }, "issuer in list");
    await refuses({ iss: "c" }, { now: T, issuer: ["a", "b"] }, "ERR_JWT_CLAIM_INVALID", "iss", "issuer not in list");
    await refuses({}, { now: T, issuer: "a" }, "ERR_JWT_CLAIM_INVALID", "iss", "no iss");
    await accepts({ aud: ["x", "y"] }, { now: T, audience: "y" }, "aud list shares the audience");
    await accepts({ aud: "x" }, { now: T, audience: ["z", "x"] }, "audience list shares aud");
    await refuses({ aud: ["x", "y"] }, { now: T, audience: ["z"] }, "ERR_JWT_CLAIM_INVALID", "aud", "no shared audience");
    await refuses({}, { now: T, audience: "x" }, "ERR_JWT_CLAIM_INVALID", "aud", "no aud");
    await accepts({ sub: "alice" }, { now: T, subject: "alice" }, "subject");
    await refuses({ sub: "bob" }, { now: T, subject: "alice" }, "ERR_JWT_CLAIM_INVALID", "sub", "other subject");
  });

  await check("claims: typ is compared without case and without application/ (claim typ)", async () => {
    const jwt = await token({}); // typ "JWT", sign's default
    for (const typ of ["JWT", "jwt", "application/jwt"]) equal((await verify(jwt, { now: T, typ })).header.typ, "JWT", `typ option ${typ}`);
    const at = await token({}, { typ: "application/AT+JWT" });
    equal((await verify(at, { now: T, typ: "at+jwt" })).header.typ, "application/AT+JWT", "header.typ");
    await rejects(keycard, () => verify(at, { now: T, typ: "JWT" }), "ERR_JWT_CLAIM_INVALID", { claim: "typ" });
  });

  await check("claims: requiredClaims", async () => {
    await accepts({ jti: "1" }, { now: T, requiredClaims: ["jti"] }, "present");
    await refuses({ sub: "x" }, { now: T, requiredClaims: ["sub", "jti"] }, "ERR_JWT_CLAIM_INVALID", "jti", "missing jti");
  });

  await check("claims: registered claims of the wrong type are ERR_JWT_CLAIM_INVALID", async () => {
    // sign refuses to write such claims, so these tokens are made by hand.
    const forge = async (payload) => {
      const input = `${base64urlJSON({ alg: "HS256" })}.${base64urlJSON(payload)}`;
      return `${input}.${toBase64url(await hmac("SHA-256", SECRET, input))}`;
    };
    for (const [what, payload, claim] of [
      ["exp as a string", { exp: String(T + 60) }, "exp"],
      ["nbf null", { nbf: null }, "nbf"],
      ["iat an array", { iat: [T] }, "iat"],
      ["iss a number", { iss: 7 }, "iss"],
      ["sub an object", { sub: {} }, "sub"],
      ["aud with a number", { aud: ["a", 1] }, "aud"],
    ]) {
      const jwt = await forge(payload);
      await rejects(keycard, () => verify(jwt, { now: T }), "ERR_JWT_CLAIM_INVALID", { claim, context: what });
    }
  });

  await check("claims: the order — exp before nbf before the rest, and the signature before any claim", async () => {
    await refuses({ exp: T - 10, nbf: T + 10, iss: "wrong" }, { now: T, issuer: "right" }, "ERR_JWT_EXPIRED", "exp", "expired, early, wrong iss");
    await refuses({ nbf: T + 10, iss: "wrong" }, { now: T, issuer: "right" }, "ERR_JWT_NOT_YET_VALID", "nbf", "early, wrong iss");
    const expired = await token({ exp: T - 10 });
    const forged = expired.slice(0, expired.lastIndexOf(".") + 1) + "A".repeat(43);
    await rejects(keycard, () => verify(forged, { now: T }), "ERR_JWT_SIGNATURE_INVALID", { context: "expired and forged" });
  });

  await check("claims: isRevoked (sync and async) → ERR_JWT_REVOKED with claim jti; false lets the token through", async () => {
    const jwt = await token({ jti: "t-1", sub: "alice" });
    const seen = [];
    const error = await rejects(keycard, () => verify(jwt, { now: T, isRevoked: (payload, header) => (seen.push([payload.jti, header.alg]), true) }), "ERR_JWT_REVOKED", { claim: "jti" });
    equal(error.payload.sub, "alice", "error.payload.sub");
    equal(JSON.stringify(seen), JSON.stringify([["t-1", "HS256"]]), "isRevoked arguments");
    await rejects(keycard, () => verify(jwt, { now: T, isRevoked: async () => true }), "ERR_JWT_REVOKED", { claim: "jti" });
    equal((await verify(jwt, { now: T, isRevoked: async () => false })).payload.jti, "t-1", "payload.jti");
  });

  await check("claims: an error thrown by isRevoked passes through unchanged", async () => {
    const jwt = await token({ jti: "t-2" });
    const mine = new Error("store unavailable");
    let caught;
    try {
      await verify(jwt, { now: T, isRevoked: () => { throw mine; } });
    } catch (error) {
      caught = error;
    }
    ok(caught === mine, `got ${caught}`);
  });

  await check("claims: sign writes iat, exp, nbf from now and durations; jwtId true is a UUID", async () => {
    for (const now of [T, new Date(T * 1000)]) {
      const jwt = await need(keycard, "sign")({ sub: "s" }, SECRET, { now, expiresIn: "15m", notBefore: "1h", jwtId: true, issuer: "i", audience: ["a", "b"] });
      const { payload } = need(keycard, "decode")(jwt);
      equal(payload.iat, T, "iat");
      equal(payload.exp, T + 900, "exp");
      equal(payload.nbf, T + 3600, "nbf");
      equal(payload.iss, "i", "iss");
      equal(payload.sub, "s", "sub");
      equal(JSON.stringify(payload.aud), '["a","b"]', "aud");
      ok(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(payload.jti), `jti ${payload.jti} is not a v4 UUID`);
    }
  });

  await check("claims: an option that would overwrite a claim of the payload is ERR_INVALID_ARGUMENT", async () => {
    await rejects(keycard, () => keycard.sign({ sub: "a" }, SECRET, { subject: "b" }), "ERR_INVALID_ARGUMENT", { context: "subject" });
    await rejects(keycard, () => keycard.sign({ exp: T }, SECRET, { expiresIn: 60 }), "ERR_INVALID_ARGUMENT", { context: "expiresIn" });
    const { payload } = keycard.decode(await keycard.sign({ iat: 5 }, SECRET));
    equal(payload.iat, 5, "a payload's own iat is kept");
  });

  await check("claims: durations — a number of seconds or a string with a unit; anything else ERR_INVALID_ARGUMENT", async () => {
    for (const [duration, seconds] of [[90, 90], [1.5, 1.5], ["500ms", 0.5], ["90s", 90], ["15m", 900], ["1h", 3600], ["7d", 604800], ["2 weeks", 1209600]]) {
      const { payload } = keycard.decode(await keycard.sign({}, SECRET, { now: T, expiresIn: duration }));
      equal(payload.exp, Math.floor(T + seconds), `expiresIn ${JSON.stringify(duration)}`); // whole seconds
    }
    const valid = await token({});
    for (const bad of ["60", "", "1 fortnight", -1, NaN, Infinity, "-5s", null]) {
      await rejects(keycard, () => keycard.sign({}, SECRET, { expiresIn: bad }), "ERR_INVALID_ARGUMENT", { context: `expiresIn ${String(bad)}` });
      await rejects(keycard, () => keycard.verify(valid, SECRET, { clockTolerance: bad }), "ERR_INVALID_ARGUMENT", { context: `clockTolerance ${String(bad)}` });
    }
  });
}
