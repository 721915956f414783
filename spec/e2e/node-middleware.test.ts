/**
 * keycard/node's authMiddleware on a real node:http server (127.0.0.1, ephemeral port), both ways it is used:
 * Connect/Express style with `next` (req.user set, next() called; failures answered, next not called; errors
 * that are not the token's handed to next(error)), and plain node:http awaiting it. Also `property`, `onError`,
 * several Authorization headers, and an answer that leaks nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authMiddleware } from "../../lib/node/http.js";
import { issueTokens, type AccessTokenClaims } from "../../lib/index.js";
import { fixedSecret } from "../helpers/keys.js";

const secret = fixedSecret(32);
const ISSUER = "https://auth.example";
const rules = { issuer: ISSUER, audience: "orders-api" };

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Serves `handler` on 127.0.0.1 for the duration of `use`. */
async function serve(handler: Handler, use: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const token = async (options: Record<string, unknown> = {}) =>
  (await issueTokens("alice", { key: secret, ...rules, clientId: "web", scope: "orders:read", ...options })).accessToken;

test("Connect/Express style: req.user and next() on success; the answer and no next() on failure", async () => {
  const middleware = authMiddleware(secret, { ...rules, scope: "orders:read" });
  const calls: string[] = [];
  const handler: Handler = (req, res) =>
    middleware(req, res, (error?: unknown) => {
      calls.push(error === undefined ? "next" : "next(error)");
      const user = (req as IncomingMessage & { user: AccessTokenClaims }).user;
      res.end(`hello ${user.sub} (${user.scope})`);
    }).then(() => undefined);
  await serve(handler, async (url) => {
    const ok = await fetch(url, { headers: { authorization: `Bearer ${await token()}` } });
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "hello alice (orders:read)");
    const refused = await fetch(url, { headers: { authorization: `Bearer ${await token({ scope: "other" })}` } });
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get("www-authenticate")!, /error="insufficient_scope".*scope="orders:read"/);
    assert.equal(refused.headers.get("cache-control"), "no-store");
    assert.equal(refused.headers.get("content-type"), "application/json");
    assert.deepEqual(await refused.json(), { error: "insufficient_scope", error_description: "the access token lacks the scope this resource requires" });
    const anonymous = await fetch(url);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get("www-authenticate"), 'Bearer realm="api"');
    assert.deepEqual(await anonymous.json(), { error: "unauthorized" });
  });
  assert.deepEqual(calls, ["next"]);
});

test("errors that are not the token's go to next(error), or reject without next", async () => {
  const boom = new Error("revocation store down");
  const middleware = authMiddleware(secret, { ...rules, isRevoked: () => { throw boom; } });
  const seen: unknown[] = [];
  await serve(async (req, res) => {
    if (req.url === "/plain") {
      await middleware(req, res).catch((error) => seen.push(error));
      res.statusCode = 500;
      res.end();
      return;
    }
    await middleware(req, res, (error) => {
      seen.push(error);
      res.statusCode = 500;
      res.end();
    });
  }, async (url) => {
    const headers = { authorization: `Bearer ${await token()}` };
    assert.equal((await fetch(url, { headers })).status, 500);
    assert.equal((await fetch(`${url}plain`, { headers })).status, 500);
  });
  assert.deepEqual(seen, [boom, boom]);
});

test("plain node:http: the claims, or undefined once answered; property and onError", async () => {
  const logged: string[] = [];
  const middleware = authMiddleware<{ role?: string }>(secret, {
    ...rules,
    property: "auth",
    onError: (error, _req, res) => {
      logged.push(`${error.code} ${error.status}`);
      res.writeHead(error.status, error.headers).end("custom");
    },
  });
  await serve(async (req, res) => {
    const claims = await middleware(req, res);
    if (claims === undefined) return;
    res.end(`${claims.sub} ${(req as unknown as { auth: AccessTokenClaims }).auth.jti === claims.jti}`);
  }, async (url) => {
    assert.equal(await (await fetch(url, { headers: { authorization: `Bearer ${await token()}` } })).text(), "alice true");
    const expired = await token({ now: 1_000_000, accessTokenLifetime: 60 });
    const refused = await fetch(url, { headers: { authorization: `Bearer ${expired}` } });
    assert.equal(refused.status, 401);
    assert.equal(await refused.text(), "custom");
    assert.match(refused.headers.get("www-authenticate")!, /the access token expired/);
  });
  assert.deepEqual(logged, ["ERR_JWT_EXPIRED 401"]);
});

test("several Authorization headers are refused (400), though Node keeps only the first in req.headers", async () => {
  const middleware = authMiddleware(secret, rules);
  const good = await token();
  await serve(async (req, res) => {
    if ((await middleware(req, res)) !== undefined) res.end("in");
  }, async (url) => {
    const status = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const req = httpRequest({ host: hostname, port, path: "/", headers: ["Authorization", `Bearer ${good}`, "Authorization", `Bearer ${good}`] }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject).end();
    });
    assert.equal(status, 400);
  });
});

test("a token in the header and in the query is refused (400 invalid_request); in the query alone it is not read (401) (RFC 6750 §2)", async () => {
  const middleware = authMiddleware(secret, rules);
  const good = await token();
  await serve(async (req, res) => {
    if ((await middleware(req, res)) !== undefined) res.end("in");
  }, async (url) => {
    const both = await fetch(`${url}orders?access_token=${good}`, { headers: { authorization: `Bearer ${good}` } });
    assert.equal(both.status, 400);
    assert.match(both.headers.get("www-authenticate")!, /^Bearer realm="api", error="invalid_request", error_description="[^"]+"$/);
    assert.equal((await both.json()).error, "invalid_request");
    const queryOnly = await fetch(`${url}orders?access_token=${good}`);
    assert.equal(queryOnly.status, 401);
    assert.equal(queryOnly.headers.get("www-authenticate"), 'Bearer realm="api"');
    await queryOnly.body?.cancel();
    const headerOnly = await fetch(`${url}orders?page=2`, { headers: { authorization: `Bearer ${good}` } });
    assert.equal(await headerOnly.text(), "in");
  });
});

test("bad options throw at once: ERR_INVALID_ARGUMENT, Proxies and throwing getters included", () => {
  assert.throws(() => authMiddleware(secret, { audience: "a" } as never), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => authMiddleware(secret, { ...rules, property: "" }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => authMiddleware(secret, { ...rules, property: "__proto__" }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => authMiddleware(secret, { ...rules, property: "constructor" }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => authMiddleware(secret, { ...rules, onError: "x" } as never), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => authMiddleware(secret, undefined as never), { code: "ERR_INVALID_ARGUMENT" });
  const trap = new Proxy({}, { get: () => { throw new Error("getter"); }, ownKeys: () => { throw new Error("ownKeys"); } });
  assert.throws(() => authMiddleware(secret, trap as never), { code: "ERR_INVALID_ARGUMENT" });
  const getters = Object.defineProperty({ ...rules }, "property", { enumerable: true, get() { throw new Error("getter"); } });
  assert.throws(() => authMiddleware(secret, getters as never), { code: "ERR_INVALID_ARGUMENT" });
});
