// createRemoteJWKSet against a real node:http server on 127.0.0.1: shared requests, cooldown, rotation,
// Cache-Control and ETag revalidation, stale keys on failure, the cache hook, and every way a server can
// misbehave (timeout, 500, HTML, 10 MB, redirect). Cache ages run on an injected clock, so nothing sleeps.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { verify, type JWK, type JWSHeader } from "../../lib/index.js";
import { createRemoteJWKSet, createRemoteJWKSetWithClock, type CachedJWKS, type RemoteJWKSetOptions } from "../../lib/keys/jwks-remote.js";
import { MAX_JWKS_BYTES } from "../../lib/keys/jwks-fetch.js";
import { HUGE_BYTES, signingKey, startJWKSServer, type JWKSServer, type SigningKey } from "../helpers/jwks-server.js";

const code = (expected: string) => (error: unknown) => {
  assert.equal((error as { code?: string }).code, expected, String(error));
  return true;
};

const SECOND = 1000, MINUTE = 60 * SECOND;

let server: JWKSServer;
let a: SigningKey, b: SigningKey, stranger: SigningKey, rs: SigningKey;

before(async () => {
  [a, b, stranger, rs] = await Promise.all([signingKey("ES256", "a"), signingKey("ES256", "b"), signingKey("ES256", "stranger"), signingKey("RS256", "rs")]);
  server = await startJWKSServer();
});
after(() => server.close());

/** A fresh server state and a resolver on a fake clock (milliseconds) that the test moves by hand. */
function setup(jwks: unknown, options: RemoteJWKSetOptions = {}, path = "/jwks") {
  server.jwks = jwks;
  server.etag = false;
  server.cacheControl = undefined;
  server.age = undefined;
  server.failWith = undefined;
  server.hits.clear();
  server.notModified = 0;
  const clock = { now: 1_700_000_000_000 };
  const resolver = createRemoteJWKSetWithClock(`${server.origin}${path}`, { allowHttp: true, ...options }, () => clock.now);
  return { resolver, clock };
}

const header = (alg: string, kid?: string): JWSHeader => (kid === undefined ? { alg } : { alg, kid });

test("200 concurrent first verifications share one request", async () => {
  const { resolver } = setup({ keys: [a.publicJwk, b.publicJwk] });
  const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).token({ sub: `u${i}` })));
  const results = await Promise.all(tokens.map((token) => verify(token, resolver)));
  assert.equal(results.length, 200);
  assert.equal(results[7]!.payload.sub, "u7");
  assert.equal(server.count(), 1);
});

test("a rotated key is found by exactly one refetch; old tokens verify while their key is published", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk] });
  const oldToken = await a.token();
  await verify(oldToken, resolver);
  assert.equal(server.count(), 1);
  server.jwks = { keys: [a.publicJwk, b.publicJwk] }; // the issuer publishes b, then signs with it
  clock.now += 31 * SECOND; // past the cooldown of the first request
  const newToken = await b.token();
  assert.equal((await verify(newToken, resolver)).header.kid, "b");
  assert.equal(server.count(), 2);
  await verify(oldToken, resolver);
  await verify(newToken, resolver);
  assert.equal(server.count(), 2);
  server.jwks = { keys: [b.publicJwk] }; // a is retired
  clock.now += 10 * MINUTE; // the set goes stale (no Cache-Control: cacheMaxAge, 10 min)
  await assert.rejects(verify(oldToken, resolver), code("ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 3); // one revalidation; the unknown kid then waits for the cooldown
  await verify(newToken, resolver);
  assert.equal(server.count(), 3);
});

test("unknown kids: 200 concurrent verifications cost exactly one extra request, then the cooldown holds", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk] });
  await verify(await a.token(), resolver);
  assert.equal(server.count(), 1);
  const forged = await Promise.all(Array.from({ length: 200 }, (_, i) => stranger.token({}, `unknown-${i}`)));
  // Right after the first request the cooldown already holds: no request at all.
  await assert.rejects(verify(forged[0]!, resolver), code("ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 1);
  assert.equal(resolver.coolingDown, true);
  clock.now += 30 * SECOND;
  assert.equal(resolver.coolingDown, false);
  const outcomes = await Promise.allSettled(forged.map((token) => verify(token, resolver)));
  assert.ok(outcomes.every((o) => o.status === "rejected" && (o.reason as { code: string }).code === "ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 2);
  const again = await Promise.allSettled(forged.map((token) => verify(token, resolver)));
  assert.ok(again.every((o) => o.status === "rejected"));
  assert.equal(server.count(), 2);
  clock.now += 29 * SECOND;
  await assert.rejects(verify(forged[1]!, resolver), code("ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 2);
  clock.now += 1 * SECOND;
  await assert.rejects(verify(forged[1]!, resolver), code("ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 3);
  // Known keys keep verifying throughout, with no request.
  await verify(await a.token(), resolver);
  assert.equal(server.count(), 3);
});

test("a server that never answers is ERR_JWKS_TIMEOUT after timeoutDuration", async () => {
  const { resolver } = setup({ keys: [] }, { timeoutDuration: "150ms" }, "/hang");
  await assert.rejects(verify(await a.token(), resolver), code("ERR_JWKS_TIMEOUT"));
  assert.equal(server.count("/hang"), 1);
  // A caller's fetch that honours the signal is timed out the same way.
  const hanging = createRemoteJWKSet("https://jwks.example/keys", {
    timeoutDuration: 0.1,
    fetch: (_url, init) => new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(new Error("aborted")))),
  });
  await assert.rejects(hanging(header("ES256", "a")), code("ERR_JWKS_TIMEOUT"));
});

test("HTTP 500, an HTML page, a redirect and invalid sets are ERR_JWKS_FETCH_FAILED", async () => {
  for (const path of ["/status/500", "/status/404", "/status/204", "/html", "/redirect"]) {
    const { resolver } = setup({ keys: [a.publicJwk] }, {}, path);
    await assert.rejects(verify(await a.token(), resolver), code("ERR_JWKS_FETCH_FAILED"), path);
    assert.equal(server.count(path), 1, path);
  }
  assert.equal(server.count("/jwks"), 0); // the redirect was not followed
  const bodies: Record<string, string> = {
    array: JSON.stringify([a.publicJwk]),
    noKeys: JSON.stringify({ key: [a.publicJwk] }),
    keysNotArray: JSON.stringify({ keys: a.publicJwk }),
    memberNotObject: JSON.stringify({ keys: [a.publicJwk, "x"] }),
    duplicateMember: `{"keys":[],"keys":[${JSON.stringify(a.publicJwk)}]}`,
    privateKey: JSON.stringify({ keys: [a.privateJwk] }),
    truncated: JSON.stringify({ keys: [a.publicJwk] }).slice(0, 40),
    empty: "",
  };
  for (const [name, body] of Object.entries(bodies)) {
    server.bodies[name] = body;
    const { resolver } = setup({ keys: [] }, {}, `/text/${name}`);
    await assert.rejects(resolver(header("ES256", "a")), code("ERR_JWKS_FETCH_FAILED"), name);
  }
  // Not UTF-8, from a caller's fetch.
  const latin1 = createRemoteJWKSet("https://jwks.example/keys", {
    fetch: async () => new Response(new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d])),
  });
  await assert.rejects(latin1(header("ES256", "a")), code("ERR_JWKS_FETCH_FAILED"));
});

test("a 10 MB body is refused without being read: the client aborts after the limit", async (t) => {
  for (const path of ["/huge", "/huge-length"]) {
    const { resolver } = setup({ keys: [] }, { timeoutDuration: "20s" }, path);
    server.huge = undefined;
    await assert.rejects(resolver(header("ES256", "a")), code("ERR_JWKS_FETCH_FAILED"), path);
    await server.huge!.closed; // the client closed the connection
    assert.equal(server.huge!.finished, false, path);
    assert.ok(server.huge!.written < HUGE_BYTES, `${path}: ${server.huge!.written} bytes written`);
    t.diagnostic(`${path}: the server handed ${server.huge!.written} of ${HUGE_BYTES} bytes to the socket before the client closed it`);
  }
  assert.equal(MAX_JWKS_BYTES, 512 * 1024);
  // Client side, exactly: a fetch that counts the body bytes keycard pulls from the stream.
  let pulled = 0;
  const counting = createRemoteJWKSet(`${server.origin}/huge`, {
    allowHttp: true,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      const counter = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pulled += chunk.length;
          controller.enqueue(chunk);
        },
      });
      return new Response(response.body!.pipeThrough(counter, { signal: init.signal! }), response);
    },
  });
  await assert.rejects(counting(header("ES256", "a")), code("ERR_JWKS_FETCH_FAILED"));
  await server.huge!.closed;
  t.diagnostic(`through a counting fetch: keycard pulled ${pulled} bytes of the 10 MB body`);
  assert.ok(pulled > MAX_JWKS_BYTES && pulled < 2 * MAX_JWKS_BYTES, `${pulled} bytes pulled`);
});

test("Cache-Control max-age sets the freshness, bounded by cooldownDuration and cacheMaxAge", async () => {
  const cases: [string, string | undefined, number][] = [
    // [Cache-Control, Age, expected freshness in ms]
    ["max-age=60", undefined, 60 * SECOND],
    ["public, max-age=100", "40", 60 * SECOND], // RFC 9111 §5.1: the Age already spent counts
    ["max-age=5", undefined, 30 * SECOND], // never below cooldownDuration
    ["max-age=86400", undefined, 10 * MINUTE], // never above cacheMaxAge
    ["no-cache", undefined, 30 * SECOND],
    ["max-age=60, max-age=120", undefined, 30 * SECOND], // conflicting: stale (RFC 9111 §4.2.1)
  ];
  for (const [cacheControl, age, freshness] of cases) {
    const { resolver, clock } = setup({ keys: [a.publicJwk] });
    server.cacheControl = cacheControl;
    server.age = age;
    const token = await a.token();
    await verify(token, resolver);
    clock.now += freshness - 1;
    assert.equal(resolver.fresh, true, cacheControl);
    await verify(token, resolver);
    assert.equal(server.count(), 1, cacheControl);
    clock.now += 1;
    assert.equal(resolver.fresh, false, cacheControl);
    await verify(token, resolver);
    assert.equal(server.count(), 2, cacheControl);
    assert.equal(resolver.fresh, true, cacheControl);
  }
});

test("revalidation sends If-None-Match; a 304 keeps the same JWK objects (no parse, no re-import)", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk, b.publicJwk] });
  server.etag = true;
  server.cacheControl = "max-age=60";
  const first = await resolver(header("ES256", "a"));
  assert.equal(server.lastHeaders.get("/jwks")!["if-none-match"], undefined);
  for (let i = 1; i <= 3; i++) {
    clock.now += 61 * SECOND;
    const again = await resolver(header("ES256", "a"));
    assert.equal(again, first); // the very object keycard's import cache is keyed on
    assert.match(String(server.lastHeaders.get("/jwks")!["if-none-match"]), /^"/);
    assert.equal(server.notModified, i);
    assert.equal(server.count(), 1 + i);
  }
  await verify(await a.token(), resolver);
  // A changed set is read again; the keys that did not change keep their objects.
  server.jwks = { keys: [a.publicJwk, b.publicJwk, rs.publicJwk] };
  clock.now += 61 * SECOND;
  assert.equal(await resolver(header("ES256", "a")), first);
  assert.equal(server.notModified, 3);
  assert.equal((await resolver(header("RS256", "rs"))).kid, "rs");
  assert.equal(server.count(), 5);
});

test("a failed refresh keeps serving the trusted keys until cacheMaxAge, then fails", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk] }, { cacheMaxAge: "5m" });
  server.cacheControl = "max-age=60";
  const token = await a.token();
  await verify(token, resolver);
  server.failWith = 503;
  clock.now += 61 * SECOND; // stale: refresh fails, the keys are still trusted
  await verify(token, resolver);
  assert.equal(server.count(), 2);
  clock.now += 10 * SECOND; // within the cooldown of the failed request: no request
  await verify(token, resolver);
  assert.equal(server.count(), 2);
  clock.now += 20 * SECOND;
  await verify(token, resolver);
  assert.equal(server.count(), 3);
  clock.now = clock.now - 91 * SECOND + 5 * MINUTE; // exactly cacheMaxAge after the fetch
  await assert.rejects(verify(token, resolver), code("ERR_JWKS_FETCH_FAILED"));
  assert.equal(server.count(), 4);
  await assert.rejects(verify(token, resolver), code("ERR_JWKS_FETCH_FAILED")); // cooling down: the same failure
  assert.equal(server.count(), 4);
  server.failWith = undefined;
  await resolver.reload(); // an operator does not wait for the cooldown
  assert.equal(server.count(), 5);
  await verify(token, resolver);
});

test("a first fetch that fails is retried after the cooldown, or at once by reload()", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk] });
  server.failWith = 500;
  const token = await a.token();
  await assert.rejects(verify(token, resolver), code("ERR_JWKS_FETCH_FAILED"));
  await assert.rejects(verify(token, resolver), code("ERR_JWKS_FETCH_FAILED"));
  assert.equal(server.count(), 1);
  assert.equal(resolver.jwks(), undefined);
  server.failWith = undefined;
  clock.now += 30 * SECOND;
  await verify(token, resolver);
  assert.equal(server.count(), 2);
  server.failWith = 500;
  await assert.rejects(resolver.reload(), code("ERR_JWKS_FETCH_FAILED"));
  assert.equal(server.count(), 3);
  await verify(token, resolver); // the failed reload left the keys in place
});

test("the cache hook: one instance stores the set, another starts from it and revalidates with its ETag", async () => {
  const { resolver: first, clock } = setup({ keys: [a.publicJwk, b.publicJwk] });
  server.etag = true;
  server.cacheControl = "max-age=120";
  let stored: string | undefined; // a store keeps text, as a KV store would
  let gets = 0, sets = 0;
  const cache = {
    get: async () => (gets++, stored === undefined ? undefined : (JSON.parse(stored) as CachedJWKS)),
    set: async (entry: CachedJWKS) => void (sets++, (stored = JSON.stringify(entry))),
  };
  const one = createRemoteJWKSetWithClock(`${server.origin}/jwks`, { allowHttp: true, cache }, () => clock.now);
  await Promise.all(Array.from({ length: 50 }, async () => verify(await a.token(), one)));
  assert.equal(gets, 1);
  assert.equal(sets, 1);
  assert.equal(server.count(), 1);
  const entry = JSON.parse(stored!) as CachedJWKS;
  assert.deepEqual(Object.keys(entry).sort(), ["etag", "fetchedAt", "jwks", "maxAge"]);
  assert.deepEqual(entry.jwks, { keys: [a.publicJwk, b.publicJwk] });
  assert.equal(entry.fetchedAt, clock.now);
  assert.equal(entry.maxAge, 120);

  const two = createRemoteJWKSetWithClock(`${server.origin}/jwks`, { allowHttp: true, cache }, () => clock.now);
  await verify(await b.token(), two);
  assert.equal(server.count(), 1); // started from the store: no request
  assert.equal(gets, 2);
  clock.now += 121 * SECOND;
  await verify(await b.token(), two);
  assert.equal(server.count(), 2);
  assert.equal(server.notModified, 1); // revalidated with the stored ETag
  assert.equal(sets, 2);
  assert.equal((JSON.parse(stored!) as CachedJWKS).fetchedAt, clock.now);
  void first;

  // What the store returns is checked like a fetched set: garbage and private keys are ignored.
  for (const junk of [42, { jwks: { keys: [a.privateJwk] }, fetchedAt: clock.now }, { jwks: { keys: [] }, fetchedAt: "now" }]) {
    setup({ keys: [a.publicJwk] });
    const three = createRemoteJWKSetWithClock(`${server.origin}/jwks`, {
      allowHttp: true, cache: { get: () => junk as unknown as CachedJWKS, set: () => undefined },
    }, () => clock.now);
    await verify(await a.token(), three);
    assert.equal(server.count(), 1);
  }
  // Errors of the store are the caller's and pass through unchanged.
  const failure = new Error("store down");
  const broken = createRemoteJWKSetWithClock(`${server.origin}/jwks`, {
    allowHttp: true, cache: { get: () => Promise.reject(failure), set: () => undefined },
  }, () => clock.now);
  await assert.rejects(broken(header("ES256", "a")), (error) => error === failure);
});

test("http: is refused without allowHttp; bad options are ERR_INVALID_ARGUMENT at creation", () => {
  assert.throws(() => createRemoteJWKSet(`${server.origin}/jwks`), code("ERR_INVALID_ARGUMENT"));
  assert.equal(typeof createRemoteJWKSet(`${server.origin}/jwks`, { allowHttp: true }), "function");
  assert.equal(typeof createRemoteJWKSet(new URL("https://jwks.example/keys")), "function");
  const url = "https://jwks.example/keys";
  const bad: [unknown, unknown][] = [
    [42, undefined], ["not a url", undefined], ["ftp://jwks.example/keys", undefined], ["file:///etc/keys", undefined],
    ["https://user:pass@jwks.example/keys", undefined], [url, "options"], [url, { allowHttp: "yes" }],
    [url, { cacheMaxAge: "10" }], [url, { cacheMaxAge: -1 }], [url, { cacheMaxAge: null }], [url, { cooldownDuration: Infinity }],
    [url, { timeoutDuration: 0 }], [url, { timeoutDuration: "5 parsecs" }], [url, { cacheMaxAge: "10s" }],
    [url, { headers: { "x-n": 1 } }], [url, { headers: { "bad name": "x" } }], [url, { headers: [["a", "b"]] }],
    [url, { fetch: "fetch" }], [url, { cache: { get() {} } }], [url, { cache: 1 }],
  ];
  for (const [u, options] of bad) {
    assert.throws(() => createRemoteJWKSet(u as string, options as RemoteJWKSetOptions), code("ERR_INVALID_ARGUMENT"), `${String(u)} ${JSON.stringify(options)}`);
  }
});

test("oct keys are never selected, and HS tokens never cause a request", async () => {
  const secret: JWK = { kty: "oct", kid: "h", k: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url") };
  const { resolver } = setup({ keys: [secret, a.publicJwk] });
  const { sign } = await import("../../lib/index.js");
  const hs = await sign({ sub: "x" }, Buffer.from(secret.k!, "base64url"), { kid: "h" });
  await assert.rejects(verify(hs, resolver), code("ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 0);
  await verify(await a.token(), resolver);
  await assert.rejects(resolver(header("HS256")), code("ERR_JWKS_NO_MATCHING_KEY"));
  await assert.rejects(resolver(header("HS256", "h")), code("ERR_JWKS_NO_MATCHING_KEY"));
  assert.equal(server.count(), 1);
});

test("an injected fetch and headers are used; errors of the caller's fetch pass through unchanged", async () => {
  const { clock } = setup({ keys: [a.publicJwk] });
  const seen: string[] = [];
  const resolver = createRemoteJWKSetWithClock(`${server.origin}/jwks`, {
    allowHttp: true,
    headers: { "user-agent": "keycard-test", "x-tenant": "t1" },
    fetch: (url, init) => {
      seen.push(url);
      assert.equal(init.redirect, "manual");
      return fetch(url, init);
    },
  }, () => clock.now);
  await verify(await a.token(), resolver);
  assert.deepEqual(seen, [`${server.origin}/jwks`]);
  const headers = server.lastHeaders.get("/jwks")!;
  assert.equal(headers["user-agent"], "keycard-test");
  assert.equal(headers["x-tenant"], "t1");
  assert.match(String(headers.accept), /application\/jwk-set\+json/);

  const failure = new TypeError("network down");
  const failing = createRemoteJWKSet("https://jwks.example/keys", { fetch: () => Promise.reject(failure) });
  await assert.rejects(failing(header("ES256", "a")), (error) => error === failure);
  const notAResponse = createRemoteJWKSet("https://jwks.example/keys", { fetch: async () => "hello" as unknown as Response });
  await assert.rejects(notAResponse(header("ES256", "a")), code("ERR_JWKS_FETCH_FAILED"));
  // The global fetch's own failures are wrapped: a closed port.
  const closed = await startJWKSServer();
  const origin = closed.origin;
  await closed.close();
  const refused = createRemoteJWKSet(`${origin}/jwks`, { allowHttp: true });
  await assert.rejects(refused(header("ES256", "a")), code("ERR_JWKS_FETCH_FAILED"));
});

test("reload(), jwks(), fresh and reloading describe the resolver's state", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk], issuer: "https://issuer.example" });
  assert.equal(resolver.fresh, false);
  assert.equal(resolver.reloading, false);
  assert.equal(resolver.jwks(), undefined);
  const reloading = resolver.reload();
  assert.equal(resolver.reloading, true);
  await reloading;
  assert.equal(resolver.reloading, false);
  assert.equal(resolver.fresh, true);
  const copy = resolver.jwks()!;
  assert.deepEqual(copy, { keys: [a.publicJwk], issuer: "https://issuer.example" });
  copy.keys.length = 0; // a copy: changing it changes nothing
  assert.equal((await resolver(header("ES256", "a"))).kid, "a");
  await Promise.all([resolver.reload(), resolver.reload(), resolver(header("ES256", "a"))]);
  assert.equal(server.count(), 2); // concurrent reloads share one request
  clock.now += 10 * MINUTE;
  assert.equal(resolver.fresh, false);
});

test("no kid and several keys fit: ERR_JWKS_MULTIPLE_MATCHING_KEYS, with no refetch", async () => {
  const { resolver, clock } = setup({ keys: [a.publicJwk, b.publicJwk] });
  await resolver.reload();
  clock.now += 31 * SECOND;
  await assert.rejects(verify(await a.token({}, null), resolver), code("ERR_JWKS_MULTIPLE_MATCHING_KEYS"));
  assert.equal(server.count(), 1);
  server.jwks = { keys: [a.publicJwk] };
  await resolver.reload();
  assert.equal((await verify(await a.token(undefined, null), resolver)).payload.sub, "alice");
});
