// Unknown option names are refused: a misspelt option must not silently turn a check off.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  sign, verify, signJWS, verifyJWS, createSigner, createVerifier, generateKeyPair, createRemoteJWKSet, JWTError,
} from "../../lib/index.js";

const secret = "a-string-secret-at-least-256-bits-long";
const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof JWTError && error.code === "ERR_INVALID_ARGUMENT" && pattern.test(error.message);

test("verify refuses an unknown option and suggests the one meant", async () => {
  const token = await sign({ sub: "a" }, secret, { expiresIn: "1m" });
  await assert.rejects(verify(token, secret, { maxAge: "1h" } as never), invalid(/no option "maxAge" \(did you mean maxTokenAge\?\)/));
  await assert.rejects(verify(token, secret, { audiences: ["x"] } as never), invalid(/did you mean audience\?/));
  await assert.rejects(verify(token, secret, { expiresIn: "1m" } as never), invalid(/verify has no option "expiresIn"/));
  // Every documented option is known.
  const all = {
    algorithms: ["HS256"], issuer: undefined, audience: undefined, subject: undefined, typ: undefined, clockTolerance: 0,
    maxTokenAge: undefined, requiredClaims: [], critical: [], maxTokenLength: 1000, isRevoked: () => false, now: undefined,
  } as const;
  assert.equal((await verify(token, secret, all)).payload.sub, "a");
});

test("sign, signJWS, verifyJWS, createSigner, createVerifier, generateKeyPair and createRemoteJWKSet do too", async () => {
  const token = await signJWS("x", secret);
  await assert.rejects(sign({}, secret, { expiresin: "1m" } as never), invalid(/did you mean expiresIn\?/));
  await assert.rejects(signJWS("x", secret, { expiresIn: "1m" } as never), invalid(/signJWS has no option "expiresIn"/));
  await assert.rejects(verifyJWS(token, secret, { issuer: "x" } as never), invalid(/verifyJWS has no option "issuer"/));
  assert.throws(() => createSigner(secret, { audiance: "x" } as never), invalid(/createSigner|sign/));
  assert.throws(() => createVerifier(secret, { cache: { max: 1, maxAge: 5 } } as never), invalid(/cache has no option "maxAge"/));
  assert.throws(() => createVerifier(secret, { clocktolerance: 5 } as never), invalid(/did you mean clockTolerance\?/));
  await assert.rejects(generateKeyPair("ES256", { extractible: true } as never), invalid(/generateKeyPair has no option "extractible"/));
  assert.throws(() => createRemoteJWKSet("https://example.com/jwks", { maxAge: "1m" } as never), invalid(/createRemoteJWKSet has no option/));
});

test("createVerifier: cache true is the defaults, false is no cache", async () => {
  const token = await sign({ sub: "c" }, secret, { expiresIn: "1m" });
  assert.equal((await createVerifier(secret, { cache: true })(token)).payload.sub, "c");
  assert.equal((await createVerifier(secret, { cache: false })(token)).payload.sub, "c");
});

test("options whose names cannot be read (a Proxy throwing in ownKeys) are ERR_INVALID_ARGUMENT, not a TypeError", async () => {
  const options = new Proxy({}, { ownKeys() { throw new TypeError("no keys for you"); } });
  const token = await sign({ sub: "p" }, secret);
  await assert.rejects(verify(token, secret, options as never), invalid(/could not be read/));
  await assert.rejects(sign({}, secret, options as never), invalid(/could not be read/));
  await assert.rejects(verifyJWS(token, secret, options as never), invalid(/could not be read/));
  assert.throws(() => createVerifier(secret, options as never), invalid(/could not be read/));
});
