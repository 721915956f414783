/**
 * authenticate / createAuthenticator on fetch-style requests (RFC 6750, RFC 9068 §4): the claims on success;
 * on failure an AuthenticationError carrying the code, the status and the challenge, for every way a request
 * can fail. Errors of the caller's own callbacks pass through.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthenticationError, JWKSFetchFailed, authenticate, createAuthenticator, createMemoryStore, createRevocationList, issueTokens, sign,
  type AuthenticateOptions,
} from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { fixedSecret } from "../helpers/keys.js";

const secret = fixedSecret(32);
const NOW = 1_800_000_000;
const ISSUER = "https://auth.example";
const rules: AuthenticateOptions = { issuer: ISSUER, audience: "orders-api", now: NOW };
const tokens = (options: Record<string, unknown> = {}) =>
  issueTokens("alice", { key: secret, issuer: ISSUER, audience: "orders-api", clientId: "web", scope: "orders:read", now: NOW, ...options });
const request = (authorization?: string) => new Request("http://localhost/orders", authorization === undefined ? {} : { headers: { authorization } });

async function failure(promise: Promise<unknown>, status: number, error: string | undefined, code: string): Promise<AuthenticationError> {
  const e = await rejectsWith(promise, code as never);
  assert.ok(e instanceof AuthenticationError, `${code} is an AuthenticationError`);
  assert.equal(e.status, status, `${code}: status`);
  assert.equal(e.error, error, `${code}: error`);
  return e;
}

test("a valid access token: the verified claims", async () => {
  const { accessToken, accessClaims } = await tokens();
  const claims = await authenticate(request(`Bearer ${accessToken}`), secret, { ...rules, scope: "orders:read" });
  assert.deepEqual(claims, accessClaims);
  const guard = createAuthenticator<{ role?: string }>(secret, { ...rules, cache: true });
  assert.equal((await guard(request(`Bearer ${accessToken}`))).sub, "alice");
  assert.equal((await guard(request(`bearer ${accessToken}`))).sub, "alice", "the scheme in any case");
  assert.equal((await guard({ headers: { get: (name: string) => (name === "authorization" ? `Bearer ${accessToken}` : null) } })).sub, "alice");
});

test("no credentials: 401 with a bare challenge (RFC 6750 §3.1); another scheme counts as none", async () => {
  const guard = createAuthenticator(secret, { ...rules, realm: "orders" });
  for (const r of [request(), request("Basic dXNlcjpwYXNz")]) {
    const e = await failure(guard(r), 401, undefined, "ERR_JWT_MALFORMED");
    assert.equal(e.challenge, 'Bearer realm="orders"');
    assert.equal(e.cause, undefined);
  }
});

test("a malformed Authorization header, or two of them: 400 invalid_request", async () => {
  const guard = createAuthenticator(secret, rules);
  const { accessToken } = await tokens();
  await failure(guard(request("Bearer")), 400, "invalid_request", "ERR_JWT_MALFORMED");
  await failure(guard(request(`Bearer ${accessToken} extra`)), 400, "invalid_request", "ERR_JWT_MALFORMED");
  const headers = new Headers();
  headers.append("authorization", `Bearer ${accessToken}`);
  headers.append("authorization", `Bearer ${accessToken}`);
  const e = await failure(guard(new Request("http://localhost/", { headers })), 400, "invalid_request", "ERR_JWT_MALFORMED");
  assert.match(e.challenge!, /^Bearer realm="api", error="invalid_request"/);
});

test("tokens that fail verification: 401 invalid_token with the code of the failure", async () => {
  const guard = createAuthenticator(secret, rules);
  const { accessToken, refreshToken } = await tokens();
  const late = createAuthenticator(secret, { ...rules, now: NOW + 15 * 60 });
  let e = await failure(late(request(`Bearer ${accessToken}`)), 401, "invalid_token", "ERR_JWT_EXPIRED");
  assert.equal(e.challenge, 'Bearer realm="api", error="invalid_token", error_description="the access token expired"');
  await failure(guard(request(`Bearer ${accessToken.slice(0, -4)}AAAA`)), 401, "invalid_token", "ERR_JWT_SIGNATURE_INVALID");
  await failure(guard(request("Bearer not.a.jwt")), 401, "invalid_token", "ERR_JWT_MALFORMED");
  e = await failure(guard(request(`Bearer ${refreshToken}`)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID");
  const other = await tokens({ audience: "billing-api" });
  e = await failure(guard(request(`Bearer ${other.accessToken}`)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID");
  assert.match(e.challenge!, /claim aud is not accepted/);
  const foreign = await tokens({ issuer: "https://evil.example" });
  await failure(guard(request(`Bearer ${foreign.accessToken}`)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID");
  // A plain JWT (typ "JWT") with the right claims is not an access token (RFC 9068 §4).
  const plain = await sign({ scope: "orders:read" }, secret, { issuer: ISSUER, audience: "orders-api", subject: "alice", expiresIn: "5m", now: NOW });
  e = await failure(guard(request(`Bearer ${plain}`)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID");
  assert.equal((e.cause as { claim?: string }).claim, "typ");
  // typ: undefined (a config value that is not set) does not switch the check off.
  const unset = createAuthenticator(secret, { ...rules, typ: undefined });
  e = await failure(unset(request(`Bearer ${plain}`)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID");
  assert.equal((e.cause as { claim?: string }).claim, "typ");
  // A resource that takes another typ says so.
  const custom = createAuthenticator(secret, { ...rules, typ: "JWT" });
  assert.equal((await custom(request(`Bearer ${plain}`))).sub, "alice");
});

test("a token without the required scope: 403 insufficient_scope naming the scope", async () => {
  const { accessToken } = await tokens();
  const e = await failure(authenticate(request(`Bearer ${accessToken}`), secret, { ...rules, scope: ["orders:read", "orders:write"] }),
    403, "insufficient_scope", "ERR_JWT_CLAIM_INVALID");
  assert.equal(e.challenge, 'Bearer realm="api", error="insufficient_scope", error_description="the access token lacks the scope this resource requires", scope="orders:read orders:write"');
  const none = await tokens({ scope: undefined });
  await failure(authenticate(request(`Bearer ${none.accessToken}`), secret, { ...rules, scope: "orders:read" }), 403, "insufficient_scope", "ERR_JWT_CLAIM_INVALID");
});

test("a revoked token: 401 ERR_JWT_REVOKED through isRevoked (verify step 6)", async () => {
  const list = createRevocationList(createMemoryStore({ clock: () => NOW }), { clock: () => NOW });
  const { accessToken, accessClaims } = await tokens();
  const guard = createAuthenticator(secret, { ...rules, isRevoked: list.isRevoked, cache: true });
  await guard(request(`Bearer ${accessToken}`)); // cached now
  await list.revoke(accessClaims.jti, accessClaims.exp);
  await failure(guard(request(`Bearer ${accessToken}`)), 401, "invalid_token", "ERR_JWT_REVOKED");
});

test("the server cannot judge (JWK Set down): 503 without a challenge, so the client keeps its token", async () => {
  const { accessToken } = await tokens();
  const down = () => { throw new JWKSFetchFailed("GET https://idp/jwks: 500"); };
  const e = await failure(authenticate(request(`Bearer ${accessToken}`), down, rules), 503, undefined, "ERR_JWKS_FETCH_FAILED");
  assert.equal(e.challenge, undefined);
  assert.equal(e.toResponse().headers.get("www-authenticate"), null);
});

test("errors of the caller's own callbacks pass through unchanged; bad options are ERR_INVALID_ARGUMENT", async () => {
  const { accessToken } = await tokens();
  const boom = new Error("redis down");
  await assert.rejects(authenticate(request(`Bearer ${accessToken}`), secret, { ...rules, isRevoked: () => { throw boom; } }), (e) => e === boom);
  await rejectsWith(authenticate(request(`Bearer ${accessToken}`), secret, { audience: "orders-api" } as never), "ERR_INVALID_ARGUMENT");
  await rejectsWith(authenticate(request(`Bearer ${accessToken}`), secret, { issuer: ISSUER } as never), "ERR_INVALID_ARGUMENT");
  await rejectsWith(authenticate(request(`Bearer ${accessToken}`), secret, { ...rules, scopes: "x" } as never), "ERR_INVALID_ARGUMENT");
  await rejectsWith(authenticate({} as never, secret, rules), "ERR_INVALID_ARGUMENT");
  await rejectsWith(authenticate(null as never, secret, rules), "ERR_INVALID_ARGUMENT");
  assert.throws(() => createAuthenticator(secret, { ...rules, realm: 5 } as never), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => createAuthenticator(secret, { ...rules, scope: "a\\b" }), { code: "ERR_INVALID_ARGUMENT" });
});

test("a token in the header and in the access_token query parameter is two methods: 400 invalid_request (RFC 6750 §2)", async () => {
  const { accessToken } = await tokens();
  const guard = createAuthenticator(secret, rules);
  const both = (url: string) => new Request(url, { headers: { authorization: `Bearer ${accessToken}` } });
  for (const url of [`http://localhost/orders?access_token=${accessToken}`, "http://localhost/orders?page=2&access_token="]) {
    const e = await failure(guard(both(url)), 400, "invalid_request", "ERR_JWT_MALFORMED");
    assert.equal(e.challenge, 'Bearer realm="api", error="invalid_request", error_description="the request carries an access token in more than one way"');
  }
  // Other query parameters, and a request-like object with a path or without a url, are fine.
  assert.equal((await guard(both("http://localhost/orders?page=2&token_hint=x"))).sub, "alice");
  const get = (name: string) => (name === "authorization" ? `Bearer ${accessToken}` : null);
  assert.equal((await guard({ headers: { get }, url: "/orders?page=2" })).sub, "alice");
  await failure(guard({ headers: { get }, url: "/orders?access_token=x" }), 400, "invalid_request", "ERR_JWT_MALFORMED");
});

test("a token in the query or a form body is never read: 401 with a bare challenge (only the header method, RFC 6750 §2.1)", async () => {
  const { accessToken } = await tokens();
  const guard = createAuthenticator(secret, rules);
  const inQuery = new Request(`http://localhost/orders?access_token=${accessToken}`);
  const inBody = new Request("http://localhost/orders", {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `access_token=${accessToken}`,
  });
  for (const r of [inQuery, inBody]) {
    const e = await failure(guard(r), 401, undefined, "ERR_JWT_MALFORMED");
    assert.equal(e.challenge, 'Bearer realm="api"');
  }
  assert.equal(inBody.bodyUsed, false, "the body is left for the application");
});
