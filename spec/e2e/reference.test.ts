/**
 * End to end, over real HTTP on 127.0.0.1: the reference architecture of docs/examples/reference (auth service,
 * gateway with createRemoteJWKSet, orders service), run from the built package as a user runs it, and attacked:
 * a refresh token used as an access token and the other way round, a replayed refresh token, a revoked token,
 * a token for another audience, tampered and duplicated cookies, hostile Authorization headers, `alg: none`.
 * Each is refused with the right status, challenge and keycard code. Needs dist/ (npm test builds it).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));
const reference = (name: string) => pathToFileURL(join(root, "docs", "examples", "reference", name)).href;

interface Servers {
  auth: { url: string; jwksURL: string; rotateKeys(): Promise<{ signing: string }>; close(): Promise<void> };
  gateway: { url: string; close(): Promise<void> };
  orders: { url: string; close(): Promise<void> };
}
let servers: Servers;
let api: string;

before(async () => {
  assert.ok(existsSync(join(root, "dist", "node", "http.js")), "run `npm run build` first (npm test does)");
  // Loaded by URL at run time: plain JavaScript on the built package, as the walkthrough runs it.
  const keycard = await import("keycard" as string);
  const { startAuthService } = await import(reference("auth-service.mjs"));
  const { startGateway } = await import(reference("gateway.mjs"));
  const { startDownstream } = await import(reference("downstream.mjs"));
  const store = keycard.createMemoryStore();
  const auth = await startAuthService({ store });
  const orders = await startDownstream({ jwksURL: auth.jwksURL });
  const gateway = await startGateway({ jwksURL: auth.jwksURL, downstreamURL: orders.url, store });
  servers = { auth, orders, gateway };
  api = `${gateway.url}/api/orders`;
});

after(async () => {
  await Promise.all([servers?.gateway.close(), servers?.orders.close(), servers?.auth.close()]);
});

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown> | undefined;
}

async function call(method: string, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method, headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? undefined : JSON.parse(text) };
}

async function login(resource?: string) {
  const r = await call("POST", `${servers.auth.url}/auth/login`, {}, { username: "alice", password: "correct horse battery staple", resource });
  assert.equal(r.status, 200);
  const cookie = r.headers.get("set-cookie")!.split(";")[0]!;
  return { access: r.json!.access_token as string, cookie, refresh: cookie.slice(cookie.indexOf("=") + 1) };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const refresh = (cookie: string) => call("POST", `${servers.auth.url}/auth/refresh`, { cookie });

/** A gateway refusal: status, RFC 6750 error in the challenge, and keycard's decision. */
function refused(r: Answer, status: number, error: string | undefined, decision: string) {
  assert.equal(r.status, status);
  assert.equal(r.headers.get("x-keycard-decision"), decision);
  const challenge = r.headers.get("www-authenticate") ?? "";
  if (error === undefined) assert.equal(challenge, 'Bearer realm="orders-api"');
  else assert.match(challenge, new RegExp(`^Bearer realm="orders-api", error="${error}", error_description="[^"]+"`));
  assert.equal(r.headers.get("cache-control"), "no-store");
  const text = JSON.stringify(r.json);
  assert.ok(!/eyJ|BEGIN|at .*\.js|\"d\"/.test(text), `the body leaks nothing: ${text}`);
}

test("the happy path: login, the API through the gateway, the claims read downstream, refresh", async () => {
  const { access, cookie } = await login();
  const r = await call("GET", api, bearer(access));
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("x-keycard-decision"), "verified");
  assert.deepEqual((r.json!.readClaims as Record<string, unknown>).sub, "alice");
  const next = await refresh(cookie);
  assert.equal(next.status, 200);
  assert.match(next.headers.get("set-cookie")!, /^__Secure-refresh=[\w-]+\.[\w-]+\.[\w-]+; Path=\/auth; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/);
  assert.equal((await call("GET", api, bearer(next.json!.access_token as string))).status, 200);
});

test("login refuses wrong passwords and values of the wrong type with 401, never a 500", async () => {
  for (const body of [
    { username: "alice", password: "guess" }, { username: ["alice"], password: "correct horse battery staple" },
    { username: "alice", password: ["correct horse battery staple"] }, { username: "__proto__", password: "x" }, "not an object",
    { username: "alice", password: "correct horse battery staple", resource: "admin-api" },
  ]) {
    const r = await call("POST", `${servers.auth.url}/auth/login`, {}, body);
    assert.equal(r.status, 401, JSON.stringify(body));
    assert.equal(r.headers.get("set-cookie"), null);
  }
});

test("attack: a refresh token used as an access token is refused at the gateway (401 invalid_token)", async () => {
  const { refresh: refreshToken } = await login();
  refused(await call("GET", api, bearer(refreshToken)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID (aud)");
});

test("attack: an access token used as a refresh token is refused at the auth service", async () => {
  const { access } = await login();
  const r = await refresh(`__Secure-refresh=${access}`);
  assert.equal(r.status, 401);
  assert.equal(r.json!.keycard_code, "ERR_JWT_CLAIM_INVALID");
  assert.match(r.headers.get("set-cookie")!, /Max-Age=0/, "the bad cookie is cleared");
});

test("attack: a replayed refresh token is refused and revokes its whole family, at the auth service and the gateway", async () => {
  const stolen = await login();
  const legit = await refresh(stolen.cookie);
  assert.equal(legit.status, 200);
  const replay = await refresh(stolen.cookie);
  assert.equal(replay.status, 401);
  assert.equal(replay.json!.keycard_code, "ERR_JWT_REVOKED");
  const legitCookie = legit.headers.get("set-cookie")!.split(";")[0]!;
  assert.equal((await refresh(legitCookie)).json!.keycard_code, "ERR_JWT_REVOKED", "the family's newest refresh token too");
  refused(await call("GET", api, bearer(legit.json!.access_token as string)), 401, "invalid_token", "ERR_JWT_REVOKED (jti)");
  refused(await call("GET", api, bearer(stolen.access)), 401, "invalid_token", "ERR_JWT_REVOKED (jti)");
});

test("attack: two refreshes racing with one token: exactly one gets a new pair", async () => {
  const { cookie } = await login();
  const answers = await Promise.all([refresh(cookie), refresh(cookie), refresh(cookie)]);
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401, 401]);
  for (const a of answers.filter((a) => a.status === 401)) assert.equal(a.json!.keycard_code, "ERR_JWT_REVOKED");
});

test("attack: a revoked token (after logout) is refused, and so is its refresh token", async () => {
  const { access, cookie } = await login();
  assert.equal((await call("GET", api, bearer(access))).status, 200); // now in the gateway's verified-token cache
  const out = await call("POST", `${servers.auth.url}/auth/logout`, { cookie });
  assert.equal(out.status, 204);
  assert.match(out.headers.get("set-cookie")!, /^__Secure-refresh=; Path=\/auth; Max-Age=0/);
  refused(await call("GET", api, bearer(access)), 401, "invalid_token", "ERR_JWT_REVOKED (jti)");
  assert.equal((await refresh(cookie)).json!.keycard_code, "ERR_JWT_REVOKED");
});

test("attack: a token for another audience (billing-api) is refused by the orders gateway", async () => {
  const { access } = await login("billing-api");
  refused(await call("GET", api, bearer(access)), 401, "invalid_token", "ERR_JWT_CLAIM_INVALID (aud)");
});

test("attack: tampered and duplicated cookies are refused", async () => {
  const { cookie, refresh: token } = await login();
  const [h, p, s] = token.split(".") as [string, string, string];
  const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
  assert.equal((await refresh(`__Secure-refresh=${flipped}`)).json!.keycard_code, "ERR_JWT_SIGNATURE_INVALID");
  const payload = JSON.parse(Buffer.from(p, "base64url").toString());
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: "admin" })).toString("base64url")}.${s}`;
  assert.equal((await refresh(`__Secure-refresh=${forged}`)).json!.keycard_code, "ERR_JWT_SIGNATURE_INVALID");
  assert.equal((await refresh(`__Secure-refresh=${h}.${p}`)).json!.keycard_code, "ERR_JWT_MALFORMED");
  assert.equal((await refresh(`${cookie}; __Secure-refresh=planted`)).json!.keycard_code, "ERR_JWT_MALFORMED", "two values: refused, not guessed");
  assert.equal((await refresh("__Secure-refresh=a b")).json!.keycard_code, "ERR_JWT_MALFORMED");
  assert.equal((await refresh("other=1")).status, 401);
  assert.equal((await refresh(cookie)).status, 200, "the untampered cookie still works: nothing above consumed it");
});

test("attack: hostile Authorization headers at the gateway", async () => {
  const { access } = await login();
  refused(await call("GET", api), 401, undefined, "ERR_JWT_MALFORMED");
  refused(await call("GET", api, { authorization: "Basic YWxpY2U6eA==" }), 401, undefined, "ERR_JWT_MALFORMED");
  refused(await call("GET", api, { authorization: "Bearer" }), 400, "invalid_request", "ERR_JWT_MALFORMED");
  refused(await call("GET", api, { authorization: `Bearer ${access} x` }), 400, "invalid_request", "ERR_JWT_MALFORMED");
  refused(await call("GET", api, { authorization: `Bearer "${access}"` }), 400, "invalid_request", "ERR_JWT_MALFORMED");
  refused(await call("GET", api, bearer("a".repeat(10_000))), 401, "invalid_token", "ERR_JWT_MALFORMED");
  assert.equal((await call("GET", api, bearer("a".repeat(70_000)))).status, 431, "Node's own header limit stops a huge header first");
  const [, p] = access.split(".");
  const none = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString("base64url")}.${p}.`;
  refused(await call("GET", api, bearer(none)), 401, "invalid_token", "ERR_JWT_ALG_NOT_ALLOWED");
  assert.equal((await call("GET", api, { authorization: `bEaReR ${access}` })).status, 200);
  // Two Authorization headers: Node keeps only the first in req.headers; keycard/node sees both and refuses.
  const status = await new Promise<number>((resolve, reject) => {
    const url = new URL(api);
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: ["authorization", `Bearer ${access}`, "authorization", "Bearer other"] }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
    req.end();
  });
  assert.equal(status, 400);
});

test("key rotation: tokens signed with the next key verify at once, earlier tokens still verify", async () => {
  const before = await login();
  const { signing } = await servers.auth.rotateKeys();
  const afterRotation = await login();
  assert.equal(JSON.parse(Buffer.from(afterRotation.access.split(".")[0]!, "base64url").toString()).kid, signing);
  assert.equal((await call("GET", api, bearer(afterRotation.access))).status, 200);
  assert.equal((await call("GET", api, bearer(before.access))).status, 200);
  assert.equal((await refresh(before.cookie)).status, 200, "a refresh token signed with the previous key is still exchanged");
});
