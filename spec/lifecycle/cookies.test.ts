/**
 * The refresh cookie: Set-Cookie attributes (HttpOnly, Secure, SameSite=Strict, Path; RFC 6265 §4.1), deletion,
 * and readCookie on hostile Cookie headers (RFC 6265 §5.4): duplicates, quotes, junk, prototype names, size.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { clearRefreshCookie, issueTokens, readCookie, refreshCookie, REFRESH_COOKIE_NAME } from "../../lib/index.js";
import { assertNoPollution, throwsWith } from "../helpers/assert.js";
import { fixedSecret } from "../helpers/keys.js";

test("refreshCookie: HttpOnly; Secure; SameSite=Strict; Path=<refresh path>; Max-Age until the token's exp", async () => {
  const pair = await issueTokens("alice", {
    key: fixedSecret(32), issuer: "https://auth.example", audience: "api", clientId: "web", refreshTokenLifetime: "1h",
  });
  const value = refreshCookie(pair.refreshToken, { path: "/auth" });
  const [first, ...attributes] = value.split("; ");
  assert.equal(first, `${REFRESH_COOKIE_NAME}=${pair.refreshToken}`);
  assert.equal(REFRESH_COOKIE_NAME, "__Secure-refresh");
  assert.ok(attributes.includes("HttpOnly") && attributes.includes("Secure") && attributes.includes("SameSite=Strict"));
  assert.ok(attributes.includes("Path=/auth"));
  const maxAge = Number(attributes.find((a) => a.startsWith("Max-Age="))!.slice(8));
  assert.ok(maxAge > 3590 && maxAge <= 3600, `Max-Age=${maxAge}`);
  assert.equal(refreshCookie("opaque", { path: "/r", name: "rt", maxAge: "1d", domain: "example.com" }),
    "rt=opaque; Path=/r; Domain=example.com; Max-Age=86400; HttpOnly; Secure; SameSite=Strict");
  assert.equal(refreshCookie("opaque", { path: "/r" }), "__Secure-refresh=opaque; Path=/r; HttpOnly; Secure; SameSite=Strict", "no exp: a session cookie");
});

test("clearRefreshCookie: same name and path, empty, Max-Age=0 and an Expires in the past", () => {
  assert.equal(clearRefreshCookie({ path: "/auth" }),
    "__Secure-refresh=; Path=/auth; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict");
});

test("refreshCookie: options and values that would break the header are ERR_INVALID_ARGUMENT", () => {
  throwsWith(() => refreshCookie("t", {} as never), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "auth" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "/a; Domain=evil.example" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "/a\r\nSet-Cookie: x=y" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "/a", name: "a b" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "/a", name: "__Host-rt" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "/a", maxAge: "1" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("t", { path: "/a", sameSite: "Lax" } as never), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("a;b", { path: "/a" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => refreshCookie("", { path: "/a" }), "ERR_INVALID_ARGUMENT");
});

test("readCookie: finds the cookie among others, with or without spaces and quotes", () => {
  assert.equal(readCookie("__Secure-refresh=abc"), "abc");
  assert.equal(readCookie("a=1; __Secure-refresh=abc.def; b=2"), "abc.def");
  assert.equal(readCookie("a=1;__Secure-refresh=abc;b=2"), "abc");
  assert.equal(readCookie("  __Secure-refresh = abc  "), "abc");
  assert.equal(readCookie('__Secure-refresh="abc"'), "abc");
  assert.equal(readCookie("rt=x; other=y", "rt"), "x");
  assert.equal(readCookie("a=1; b=2"), undefined);
  assert.equal(readCookie(""), undefined);
  assert.equal(readCookie(null), undefined);
  assert.equal(readCookie(undefined), undefined);
  assert.equal(readCookie("__Secure-refresh="), undefined, "an empty value is no cookie");
  assert.equal(readCookie("__Secure-refresh=a; __Secure-refresh=a"), "a", "the same value twice is one cookie");
  assert.equal(readCookie("x__Secure-refresh=a; __Secure-refreshx=b"), undefined, "names match exactly");
});

test("readCookie: hostile headers", () => {
  // Two different values for one name (a cookie planted by a sibling subdomain): refused, not guessed.
  throwsWith(() => readCookie("__Secure-refresh=mine; __Secure-refresh=planted"), "ERR_JWT_MALFORMED");
  // Characters no cookie value may hold.
  for (const value of ["a b", "a,b", 'a"b', "a\\b", "a\u0000b", "é"]) {
    throwsWith(() => readCookie(`__Secure-refresh=${value}`), "ERR_JWT_MALFORMED", undefined, JSON.stringify(value));
  }
  // Junk around it does not matter; nothing is built from the header's names.
  assert.equal(readCookie(";;; ; =; ==; novalue; __proto__=polluted; constructor=x; __Secure-refresh=ok; ;"), "ok");
  assert.equal(readCookie("__proto__=polluted", "__proto__"), "polluted");
  assertNoPollution("after reading __proto__ cookies");
  // A huge header with thousands of pairs is one linear pass.
  const huge = Array.from({ length: 20_000 }, (_, i) => `c${i}=${"v".repeat(20)}`).join("; ") + "; __Secure-refresh=last";
  assert.equal(readCookie(huge), "last");
  assert.equal(readCookie("=".repeat(100_000)), undefined);
  throwsWith(() => readCookie(42 as never), "ERR_INVALID_ARGUMENT");
  throwsWith(() => readCookie("a=b", "bad name"), "ERR_INVALID_ARGUMENT");
});
