/**
 * issueTokens and the token service: the claims of RFC 9068 §2.2, the defaults (15 minutes, 7 days), and the
 * rule that an access token is never accepted as a refresh token and a refresh token never as an access token,
 * checked both ways, by `typ` alone and by audience alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createAuthenticator, createTokenService, decode, generateKeyPair, issueTokens, verify,
  ACCESS_TOKEN_TYPE, REFRESH_TOKEN_TYPE, DEFAULT_ACCESS_TOKEN_LIFETIME, DEFAULT_REFRESH_TOKEN_LIFETIME,
} from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { fixedSecret } from "../helpers/keys.js";

const secret = fixedSecret(32);
const NOW = 1_800_000_000;
const base = { key: secret, issuer: "https://auth.example", audience: "orders-api", clientId: "web", now: NOW };

test("issueTokens: an at+jwt access token with the RFC 9068 §2.2 claims, 15 minutes by default", async () => {
  const pair = await issueTokens("alice", { ...base, scope: ["orders:read", "orders:write"], claims: { role: "admin" } });
  const { header, payload } = decode(pair.accessToken);
  assert.equal(header.typ, "at+jwt");
  assert.equal(ACCESS_TOKEN_TYPE, "at+jwt");
  assert.equal(header.alg, "HS256");
  assert.deepEqual(Object.keys(payload).sort(), ["aud", "client_id", "exp", "iat", "iss", "jti", "role", "scope", "sid", "sub"]);
  assert.equal(payload.iss, "https://auth.example");
  assert.equal(payload.sub, "alice");
  assert.equal(payload.aud, "orders-api");
  assert.equal(payload.client_id, "web");
  assert.equal(payload.scope, "orders:read orders:write");
  assert.equal(payload.iat, NOW);
  assert.equal(payload.exp, NOW + 15 * 60);
  assert.equal(DEFAULT_ACCESS_TOKEN_LIFETIME, 900);
  assert.equal(pair.expiresIn, 900);
  assert.equal(pair.tokenType, "Bearer");
  assert.equal(pair.scope, "orders:read orders:write");
  assert.deepEqual(pair.accessClaims, payload);
});

test("issueTokens: a refresh token of its own typ and audience, 7 days by default, same session", async () => {
  const pair = await issueTokens("alice", base);
  const access = decode(pair.accessToken).payload;
  const { header, payload } = decode(pair.refreshToken);
  assert.equal(header.typ, REFRESH_TOKEN_TYPE);
  assert.equal(payload.aud, "https://auth.example", "the refresh audience defaults to the issuer");
  assert.equal(payload.exp, NOW + 7 * 86400);
  assert.equal(DEFAULT_REFRESH_TOKEN_LIFETIME, 604800);
  assert.equal(pair.refreshExpiresIn, 604800);
  assert.equal(payload.sid, access.sid);
  assert.equal(payload.sid, pair.sessionId);
  assert.notEqual(payload.jti, access.jti);
  assert.equal(payload.scope, undefined);
  assert.equal((await issueTokens("alice", { ...base, sessionId: "s-1" })).sessionId, "s-1");
});

test("issueTokens: lifetimes, key objects with kid, an audience list", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const pair = await issueTokens("bob", {
    ...base, key: { key: privateKey, kid: "k-7" }, audience: ["orders-api", "billing-api"], accessTokenLifetime: "2s", refreshTokenLifetime: "1h",
  });
  const { header, payload } = await verify(pair.accessToken, publicKey, { typ: "at+jwt", audience: "billing-api", now: NOW });
  assert.equal(header.kid, "k-7");
  assert.equal(header.alg, "ES256");
  assert.deepEqual(payload.aud, ["orders-api", "billing-api"]);
  assert.equal(payload.exp, NOW + 2);
  assert.equal(decode(pair.refreshToken).payload.exp, NOW + 3600);
});

test("issueTokens: bad options are ERR_INVALID_ARGUMENT (rejections, never throws)", async () => {
  const bad: [string, unknown, Record<string, unknown>][] = [
    ["no issuer", "alice", { ...base, issuer: undefined }],
    ["no audience", "alice", { ...base, audience: undefined }],
    ["no clientId", "alice", { ...base, clientId: "" }],
    ["no key", "alice", { ...base, key: undefined }],
    ["empty subject", "", base],
    ["subject not a string", 42, base],
    ["a reserved claim", "alice", { ...base, claims: { aud: "x" } }],
    ["sid in claims", "alice", { ...base, claims: { sid: "x" } }],
    ["a refresh audience that is an access audience", "alice", { ...base, refreshAudience: "orders-api" }],
    ["a lifetime under a second", "alice", { ...base, accessTokenLifetime: 0 }],
    ["a duration without unit", "alice", { ...base, refreshTokenLifetime: "60" }],
    ["a scope with a quote", "alice", { ...base, scope: 'a"b' }],
    ["an unknown option", "alice", { ...base, expiresIn: "1h" }],
    ["an empty sessionId", "alice", { ...base, sessionId: "" }],
  ];
  for (const [what, subject, options] of bad) {
    await rejectsWith(issueTokens(subject as string, options as never), "ERR_INVALID_ARGUMENT", undefined, what);
  }
  await rejectsWith(issueTokens("alice", undefined as never), "ERR_INVALID_ARGUMENT");
});

test("a refresh token is never an access token, and an access token never a refresh token: by typ alone, by audience alone", async () => {
  const pair = await issueTokens("alice", base);
  const rules = { issuer: base.issuer, now: NOW };
  // The gateway's rules refuse the refresh token: its audience first...
  await rejectsWith(verify(pair.refreshToken, secret, { ...rules, audience: "orders-api", typ: "at+jwt" }), "ERR_JWT_CLAIM_INVALID", { claim: "aud" });
  // ...and its typ, even for a verifier that would accept the refresh audience.
  await rejectsWith(verify(pair.refreshToken, secret, { ...rules, audience: base.issuer, typ: "at+jwt" }), "ERR_JWT_CLAIM_INVALID", { claim: "typ" });
  // The other way round: an access token where a refresh token is expected.
  await rejectsWith(verify(pair.accessToken, secret, { ...rules, audience: base.issuer, typ: "rt+jwt" }), "ERR_JWT_CLAIM_INVALID", { claim: "aud" });
  await rejectsWith(verify(pair.accessToken, secret, { ...rules, audience: "orders-api", typ: "rt+jwt" }), "ERR_JWT_CLAIM_INVALID", { claim: "typ" });
  // And each passes where it belongs.
  await verify(pair.accessToken, secret, { ...rules, audience: "orders-api", typ: "at+jwt" });
  await verify(pair.refreshToken, secret, { ...rules, audience: base.issuer, typ: "rt+jwt" });
});

test("the token service and authenticate refuse the wrong kind of token in both directions", async () => {
  const service = createTokenService({
    signingKey: secret, verificationKey: secret, issuer: base.issuer, audience: "orders-api", clientId: "web", clock: () => NOW,
  });
  const pair = await service.issue("alice");
  await rejectsWith(service.refresh(pair.accessToken), "ERR_JWT_CLAIM_INVALID", { claim: "aud" });
  await rejectsWith(service.verifyRefreshToken(pair.accessToken), "ERR_JWT_CLAIM_INVALID");
  await rejectsWith(service.verifyAccessToken(pair.refreshToken), "ERR_JWT_CLAIM_INVALID");
  const guard = createAuthenticator(secret, { issuer: base.issuer, audience: "orders-api", now: NOW });
  const request = (token: string) => new Request("http://localhost/", { headers: { authorization: `Bearer ${token}` } });
  await rejectsWith(guard(request(pair.refreshToken)), "ERR_JWT_CLAIM_INVALID", { status: 401, error: "invalid_token" });
  assert.equal((await guard(request(pair.accessToken))).sub, "alice");
  // A verifier told to accept the issuer as audience still refuses the refresh token: typ defaults to at+jwt.
  const lax = createAuthenticator(secret, { issuer: base.issuer, audience: [base.issuer, "orders-api"], now: NOW });
  const error = await rejectsWith(lax(request(pair.refreshToken)), "ERR_JWT_CLAIM_INVALID");
  assert.equal((error.cause as { claim: string }).claim, "typ");
});
