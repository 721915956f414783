// Group "lifecycle": the token lifecycle (bearer, challenge, authenticate, token pairs, rotation with reuse
// detection, revocation, the memory store, cookies) on each runtime, with web-standard objects only (Request,
// Response): what a Worker, Deno or Bun server would call. Time is a fake clock; no timers, no network.
import { equal, need, ok, rejects, throws } from "./harness.js";

const SECRET = new Uint8Array(32).map((_, i) => 17 + i);
const NOW = 1_800_000_000;
const ISSUER = "https://auth.example";

export async function run({ keycard, check }) {
  const request = (authorization) => new Request("https://api.example/orders", authorization === undefined ? {} : { headers: { authorization } });
  const newService = (clock, extra = {}) => need(keycard, "createTokenService")({
    signingKey: SECRET, verificationKey: SECRET, issuer: ISSUER, audience: "orders-api", clientId: "web",
    store: need(keycard, "createMemoryStore")({ clock: () => clock.now }), clock: () => clock.now, ...extra,
  });

  await check("lifecycle: bearer reads RFC 6750 §2.1 and tells no credentials from malformed", () => {
    const bearer = need(keycard, "bearer");
    equal(bearer("Bearer a.b-c_d~e+f/g=="), "a.b-c_d~e+f/g==", "the token");
    equal(bearer("bearer x"), "x", "the scheme in lower case");
    equal(bearer(null), undefined, "no header");
    equal(bearer("Basic dXNlcg=="), undefined, "another scheme");
    throws(keycard, () => bearer("Bearer a b"), "ERR_JWT_MALFORMED", { context: "two tokens" });
    throws(keycard, () => bearer("Bearer"), "ERR_JWT_MALFORMED", { context: "no token" });
  });

  await check("lifecycle: issueTokens gives an at+jwt access token and an rt+jwt refresh token, 15 min and 7 days", async () => {
    const pair = await need(keycard, "issueTokens")("alice", { key: SECRET, issuer: ISSUER, audience: "orders-api", clientId: "web", now: NOW });
    const access = keycard.decode(pair.accessToken), refresh = keycard.decode(pair.refreshToken);
    equal(access.header.typ, "at+jwt", "access typ");
    equal(refresh.header.typ, "rt+jwt", "refresh typ");
    equal(access.payload.exp - access.payload.iat, 900, "access lifetime");
    equal(refresh.payload.exp - refresh.payload.iat, 604800, "refresh lifetime");
    equal(access.payload.client_id, "web", "client_id");
    equal(refresh.payload.aud, ISSUER, "refresh audience");
  });

  await check("lifecycle: authenticate admits an access token and answers failures with status and challenge", async () => {
    const pair = await keycard.issueTokens("alice", { key: SECRET, issuer: ISSUER, audience: "orders-api", clientId: "web", scope: "orders:read", now: NOW });
    const guard = need(keycard, "createAuthenticator")(SECRET, { issuer: ISSUER, audience: "orders-api", now: NOW });
    equal((await guard(request(`Bearer ${pair.accessToken}`))).sub, "alice", "sub");
    const missing = await rejects(keycard, () => guard(request()), "ERR_JWT_MALFORMED", { context: "no token" });
    equal(missing.status, 401, "no token: status");
    equal(missing.challenge, 'Bearer realm="api"', "no token: challenge");
    const refreshAsAccess = await rejects(keycard, () => guard(request(`Bearer ${pair.refreshToken}`)), "ERR_JWT_CLAIM_INVALID", { context: "refresh token as access token" });
    equal(refreshAsAccess.status, 401, "refresh token as access token: status");
    const malformed = await rejects(keycard, () => guard(request("Bearer a b")), "ERR_JWT_MALFORMED", { context: "malformed header" });
    equal(malformed.status, 400, "malformed header: status");
    const scoped = need(keycard, "createAuthenticator")(SECRET, { issuer: ISSUER, audience: "orders-api", now: NOW, scope: "orders:write" });
    const forbidden = await rejects(keycard, () => scoped(request(`Bearer ${pair.accessToken}`)), "ERR_JWT_CLAIM_INVALID", { context: "scope" });
    equal(forbidden.status, 403, "scope: status");
    const response = forbidden.toResponse();
    ok(response instanceof Response, "toResponse gives a Response");
    equal(response.status, 403, "toResponse status");
    ok(/error="insufficient_scope"/.test(response.headers.get("www-authenticate") ?? ""), "toResponse challenge");
    ok(forbidden instanceof need(keycard, "AuthenticationError"), "an AuthenticationError");
  });

  await check("lifecycle: refresh rotates; a replayed refresh token revokes its session (RFC 9700 §4.14.2)", async () => {
    const clock = { now: NOW };
    const service = newService(clock);
    const first = await service.issue("alice");
    clock.now += 5;
    const second = await service.refresh(first.refreshToken);
    equal(second.sessionId, first.sessionId, "same session");
    await rejects(keycard, () => service.refresh(first.refreshToken), "ERR_JWT_REVOKED", { claim: "jti", context: "replay" });
    await rejects(keycard, () => service.refresh(second.refreshToken), "ERR_JWT_REVOKED", { context: "the session's newest token" });
    await rejects(keycard, () => service.verifyAccessToken(second.accessToken), "ERR_JWT_REVOKED", { context: "the session's access token" });
    await rejects(keycard, () => service.refresh(second.accessToken), "ERR_JWT_CLAIM_INVALID", { context: "access token as refresh token" });
  });

  await check("lifecycle: two refreshes racing with one token: exactly one wins", async () => {
    const service = newService({ now: NOW });
    const pair = await service.issue("alice");
    const results = await Promise.allSettled([service.refresh(pair.refreshToken), service.refresh(pair.refreshToken)]);
    equal(results.filter((r) => r.status === "fulfilled").length, 1, "winners");
  });

  await check("lifecycle: revoke(jti, until) denies a token until its exp, then the entry is gone", async () => {
    const clock = { now: NOW };
    const service = newService(clock, { accessTokenLifetime: "5m" });
    const pair = await service.issue("alice");
    await service.revoke(pair.accessClaims.jti, pair.accessClaims.exp);
    await rejects(keycard, () => keycard.verify(pair.accessToken, SECRET, { isRevoked: service.isRevoked, now: clock.now }), "ERR_JWT_REVOKED", { claim: "jti" });
    clock.now = pair.accessClaims.exp;
    equal(await service.isRevoked(pair.accessClaims), false, "after exp");
  });

  await check("lifecycle: the refresh cookie is HttpOnly, Secure, SameSite=Strict, and reads back", () => {
    const value = need(keycard, "refreshCookie")("a.b.c", { path: "/auth", maxAge: 60 });
    equal(value, "__Secure-refresh=a.b.c; Path=/auth; Max-Age=60; HttpOnly; Secure; SameSite=Strict", "Set-Cookie");
    equal(need(keycard, "readCookie")("x=1; __Secure-refresh=a.b.c"), "a.b.c", "read back");
    throws(keycard, () => keycard.readCookie("__Secure-refresh=a; __Secure-refresh=b"), "ERR_JWT_MALFORMED", { context: "two values" });
  });
}
