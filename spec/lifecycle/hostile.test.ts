/**
 * Hostile inputs to the token lifecycle: every kind of value in every argument position of every lifecycle
 * function ends in a result or a JWTError, never a TypeError or a RangeError, and the promise-returning ones
 * reject rather than throw. (Errors of the caller's own callbacks pass through, so no callback here throws.)
 * authMiddleware is tried in spec/e2e/node-middleware.test.ts: importing keycard/node installs the node:crypto
 * backend, which must not happen in this suite's WebCrypto run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  JWTError, authenticate, bearer, challenge, clearRefreshCookie, createAuthenticator, createMemoryStore, createRevocationList,
  createTokenService, issueTokens, readCookie, refreshCookie,
} from "../../lib/index.js";
import { assertNoPollution } from "../helpers/assert.js";
import { fixedSecret } from "../helpers/keys.js";

const secret = fixedSecret(32);
const OPTION_NAMES = [
  "issuer", "audience", "clientId", "key", "signingKey", "verificationKey", "store", "scope", "realm", "path", "name", "maxAge",
  "domain", "claims", "clock", "maxEntries", "typ", "cache", "property", "onError", "sessionId", "now", "headers", "get",
];

function hostileValues(): [string, unknown][] {
  const trap = new Proxy({}, { get: () => () => { throw new Error("proxy trap"); } });
  const getters: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) Object.defineProperty(getters, name, { enumerable: true, get() { throw new Error(`getter ${name}`); } });
  return [
    ["undefined", undefined], ["null", null], ["0", 0], ["NaN", NaN], ["-1", -1], ["Infinity", Infinity], ["empty string", ""],
    ["a string", "Bearer x"], ["a symbol", Symbol("s")], ["a bigint", 10n], ["an array", ["Bearer x"]], ["an object", {}],
    ["a null-prototype object", Object.create(null)], ["a function", () => "x"], ["an invalid Date", new Date(NaN)],
    ["a throwing Proxy", new Proxy({}, trap as ProxyHandler<object>)], ["throwing getters", getters],
    ["__proto__ JSON", JSON.parse('{"__proto__": {"polluted": true}}')], ["a huge string", "a".repeat(100_000)],
  ];
}

const store = createMemoryStore();
const service = createTokenService({ signingKey: secret, verificationKey: secret, issuer: "https://a", audience: "api", clientId: "c" });
const list = createRevocationList(store);
const goodAuth = { issuer: "https://a", audience: "api" };
const goodRequest = new Request("http://localhost/");

/** Each lifecycle call with one argument replaced, and whether it returns a promise. */
const CALLS: [string, boolean, (v: unknown) => unknown][] = [
  ["bearer", false, (v) => bearer(v as never)],
  ["challenge error", false, (v) => challenge(v)],
  ["challenge options", false, (v) => challenge(undefined, v as never)],
  ["refreshCookie token", false, (v) => refreshCookie(v as never, { path: "/auth" })],
  ["refreshCookie options", false, (v) => refreshCookie("a.b.c", v as never)],
  ["clearRefreshCookie", false, (v) => clearRefreshCookie(v as never)],
  ["readCookie header", false, (v) => readCookie(v as never)],
  ["readCookie name", false, (v) => readCookie("a=b", v as never)],
  ["createMemoryStore", false, (v) => createMemoryStore(v as never)],
  ["createRevocationList store", false, (v) => createRevocationList(v as never)],
  ["createRevocationList options", false, (v) => createRevocationList(store, v as never)],
  ["createTokenService", false, (v) => createTokenService(v as never)],
  ["createAuthenticator options", false, (v) => createAuthenticator(secret, v as never)],
  ["authenticate request", true, (v) => authenticate(v as never, secret, goodAuth)],
  ["authenticate key", true, (v) => authenticate(new Request("http://x/", { headers: { authorization: "Bearer a.b.c" } }), v as never, goodAuth)],
  ["authenticate options", true, (v) => authenticate(goodRequest, secret, v as never)],
  ["issueTokens subject", true, (v) => issueTokens(v as never, { key: secret, ...goodAuth, clientId: "c" })],
  ["issueTokens options", true, (v) => issueTokens("alice", v as never)],
  ["service.issue subject", true, (v) => service.issue(v as never)],
  ["service.issue options", true, (v) => service.issue("alice", v as never)],
  ["service.refresh", true, (v) => service.refresh(v as never)],
  ["service.logout", true, (v) => service.logout(v as never)],
  ["service.revoke jti", true, (v) => service.revoke(v as never, 2e9)],
  ["service.revoke until", true, (v) => service.revoke("j", v as never)],
  ["service.revokeSession", true, (v) => service.revokeSession(v as never)],
  ["service.isRevoked", true, (v) => service.isRevoked(v as never)],
  ["service.verifyAccessToken", true, (v) => service.verifyAccessToken(v as never)],
  ["revocations.revoke", true, (v) => list.revoke(v as never, v as never)],
  ["store.setIfAbsent", true, (v) => store.setIfAbsent(v as never, v as never, v as never)],
  ["store.get", true, (v) => store.get(v as never)],
];

test("every lifecycle function, every hostile value: a result or a JWTError, promises reject and never throw", async () => {
  const problems: string[] = [];
  let count = 0;
  for (const [name, async, call] of CALLS) {
    for (const [label, value] of hostileValues()) {
      count++;
      let result: unknown;
      try {
        result = call(value);
      } catch (error) {
        if (async) problems.push(`${name}(${label}) threw synchronously: ${inspect(error).split("\n")[0]}`);
        else if (!(error instanceof JWTError)) problems.push(`${name}(${label}) threw ${inspect(error).split("\n")[0]}`);
        continue;
      }
      if (async) {
        if (!(result instanceof Promise)) {
          problems.push(`${name}(${label}) returned no promise`);
          continue;
        }
        try {
          await result;
        } catch (error) {
          if (!(error instanceof JWTError)) problems.push(`${name}(${label}) rejected with ${inspect(error).split("\n")[0]}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(count > 500);
  assertNoPollution("after the lifecycle's hostile inputs");
});
