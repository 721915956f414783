/**
 * bearer (RFC 6750 §2.1) and challenge (RFC 6750 §3): the grammar's edges, "no credentials" told apart from
 * "malformed", the status and error code of every failure, and challenges that never carry an error's message,
 * a key or a stack.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthenticationError, JWTClaimInvalid, JWTError, JWTExpired, JWTMalformed, JWTRevoked, JWKSFetchFailed, KeyInvalid, JWTSignatureInvalid,
  bearer, challenge,
} from "../../lib/index.js";
import { ERROR_CODES, throwsWith } from "../helpers/assert.js";

test("bearer: the token of a well-formed header, the scheme in any case, one or more spaces (RFC 6750 §2.1)", () => {
  assert.equal(bearer("Bearer abc.DEF-_~+/=="), "abc.DEF-_~+/==");
  assert.equal(bearer("bearer x"), "x");
  assert.equal(bearer("BEARER x"), "x");
  assert.equal(bearer("Bearer   x"), "x");
  assert.equal(bearer("Bearer a.b.c"), "a.b.c");
});

test("bearer: no credentials is undefined: no header, an empty one, another scheme", () => {
  for (const value of [undefined, null, "", "Basic dXNlcjpwYXNz", "Digest username=\"a\", realm=\"b\"", "Bearerish token", "Negotiate"]) {
    assert.equal(bearer(value), undefined, String(value));
  }
});

test("bearer: malformed Bearer credentials are ERR_JWT_MALFORMED, answered 400 invalid_request", () => {
  const cases = [
    "Bearer", "Bearer ", "Bearer  ", "Bearer a b", "Bearer a,b", "Bearer a=b", "Bearer =abc", "Bearer \"abc\"",
    "Bearer\tabc", "Bearer abc ", " Bearer abc", "Bearer a\nb", "Bearer é", "Bearer a, Bearer b", "@@@ abc", "Bearer abc;",
    "Bearer " + "a".repeat(10) + "\u0000",
  ];
  for (const value of cases) {
    const error = throwsWith(() => bearer(value), "ERR_JWT_MALFORMED", undefined, JSON.stringify(value));
    assert.match(challenge(error), /error="invalid_request"/, JSON.stringify(value));
    const wrapped = new AuthenticationError(error);
    assert.equal(wrapped.status, 400);
    assert.equal(wrapped.error, "invalid_request");
  }
});

test("bearer: a value that is not a string is ERR_INVALID_ARGUMENT", () => {
  for (const value of [42, {}, ["Bearer x"], Symbol("x")]) throwsWith(() => bearer(value as never), "ERR_INVALID_ARGUMENT");
});

test("bearer: a long header is read in linear time (no backtracking)", () => {
  const token = "a".repeat(200_000);
  assert.equal(bearer(`Bearer ${token}`), token);
  throwsWith(() => bearer(`Bearer ${"=".repeat(1) + token}`), "ERR_JWT_MALFORMED");
  throwsWith(() => bearer(`Bearer ${token}=a`), "ERR_JWT_MALFORMED");
});

test("challenge: no credentials is a bare challenge with a realm and no error (RFC 6750 §3.1)", () => {
  assert.equal(challenge(), 'Bearer realm="api"');
  assert.equal(challenge(undefined, { realm: "orders" }), 'Bearer realm="orders"');
  const missing = new AuthenticationError(undefined, { realm: "orders" });
  assert.equal(missing.status, 401);
  assert.equal(missing.error, undefined);
  assert.equal(missing.challenge, 'Bearer realm="orders"');
});

test("challenge: each failure maps to its status and RFC 6750 error code", () => {
  const cases: [Error, number, string | undefined][] = [
    [new JWTExpired("exp 123 passed", { sub: "a" }), 401, "invalid_token"],
    [new JWTSignatureInvalid(), 401, "invalid_token"],
    [new JWTMalformed("not three parts"), 401, "invalid_token"],
    [new JWTRevoked("revoked", {}), 401, "invalid_token"],
    [new JWTClaimInvalid("aud", "aud", {}), 401, "invalid_token"],
    [new JWTClaimInvalid("scope", "scope", {}), 403, "insufficient_scope"],
    [new JWKSFetchFailed("https://idp/jwks answered 500"), 503, undefined],
    [new KeyInvalid("RSA modulus n=00af… is 1024 bits"), 500, undefined],
  ];
  for (const [error, status, code] of cases) {
    const wrapped = new AuthenticationError(error as never);
    assert.equal(wrapped.status, status, error.message);
    assert.equal(wrapped.error, code, error.message);
    assert.equal(wrapped.code, (error as JWTExpired).code);
    assert.equal(wrapped.cause, error);
    if (status >= 500) {
      assert.equal(wrapped.challenge, undefined);
      assert.equal(wrapped.headers["www-authenticate"], undefined);
    } else {
      assert.equal(wrapped.headers["www-authenticate"], wrapped.challenge);
      assert.match(wrapped.challenge!, new RegExp(`^Bearer realm="api", error="${code}", error_description="[^"]+"`));
    }
  }
});

test("challenge: insufficient_scope names the scope required; descriptions never quote the error's message", () => {
  const scoped = challenge(new JWTClaimInvalid("x", "scope", {}), { scope: ["orders:write", "orders:read"], realm: "orders" });
  assert.equal(scoped, 'Bearer realm="orders", error="insufficient_scope", error_description="the access token lacks the scope this resource requires", scope="orders:write orders:read"');
  const secret = 'key material -----BEGIN PRIVATE KEY----- "quoted" \\ \r\n';
  for (const error of [new JWTExpired(secret, {}), new KeyInvalid(secret), new JWTClaimInvalid(secret, 'a"b', {}), new JWTMalformed(secret)]) {
    const value = challenge(error);
    assert.ok(!value.includes("PRIVATE") && !value.includes("\n") && !value.includes("\\"), value);
    assert.match(value, /^Bearer realm="api"(, error="[a-z_]+", error_description="[\x20\x21\x23-\x5b\x5d-\x7e]+")?$/);
  }
  const plain = new Error("stack here");
  assert.equal(challenge(plain), 'Bearer realm="api"');
});

test("challenge: a realm or scope with characters RFC 6750 §3 forbids is ERR_INVALID_ARGUMENT", () => {
  throwsWith(() => challenge(undefined, { realm: 'a"b' }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => challenge(undefined, { realm: "a\r\nSet-Cookie: x" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => challenge(undefined, { scope: "a\"b" }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => challenge(undefined, { scope: [] }), "ERR_INVALID_ARGUMENT");
});

test("AuthenticationError.toResponse: status, challenge, no-store and a JSON body without the message", async () => {
  const error = new AuthenticationError(new JWTExpired("exp 1700000000 is before now (secret detail)", {}), { realm: "orders" });
  const response = error.toResponse();
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="orders", error="invalid_token", error_description="the access token expired"');
  assert.equal(response.headers.get("cache-control"), "no-store");
  const text = await response.text();
  assert.deepEqual(JSON.parse(text), { error: "invalid_token", error_description: "the access token expired" });
  assert.ok(!text.includes("secret detail"));
  assert.equal(error.message, "exp 1700000000 is before now (secret detail)", "the message stays for the logs");
  assert.equal((await new AuthenticationError(new JWKSFetchFailed("x")).toResponse().json()).error, "server_error");
});

test("challenge: scheme Bearer, realm first, each attribute at most once, values in RFC 6750 §3's characters, for every failure", () => {
  const failures: unknown[] = [
    undefined,
    new Error("not a JWTError"),
    throwsWith(() => bearer("Bearer a b"), "ERR_JWT_MALFORMED"),
    new JWTClaimInvalid("scope", "scope", {}),
    new JWTClaimInvalid("aud", "aud", {}),
    new JWTClaimInvalid("odd", 'x"\\\n', {}),
    ...ERROR_CODES.map((code) => new JWTError(code, `${code} "with" \\ quotes\r\n`)),
  ];
  const optionSets = [undefined, { realm: "orders" }, { scope: "orders:read orders:write" }, { realm: "", scope: ["a!", "~z"] }];
  const PARAM = /^([a-z_]+)="([^"\\]*)"$/;
  for (const failure of failures) {
    for (const options of optionSets) {
      const value = challenge(failure, options);
      const label = `${String((failure as Error | undefined)?.message)} ${JSON.stringify(options)}: ${value}`;
      assert.ok(value.startsWith("Bearer "), label); // the auth-scheme Bearer
      const params = value.slice("Bearer ".length).split(", ").map((param) => PARAM.exec(param));
      assert.ok(params.every((m) => m !== null), `every auth-param is name="value": ${label}`);
      const names = params.map((m) => m![1]!);
      assert.ok(names.length >= 1 && names[0] === "realm", `one or more auth-params, realm first: ${label}`);
      assert.equal(new Set(names).size, names.length, `no attribute twice: ${label}`);
      assert.ok(!names.includes("error_uri"), label);
      for (const m of params) {
        const [, name, text] = m!;
        if (name === "scope") assert.match(text!, /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, label);
        if (name === "error" || name === "error_description") assert.match(text!, /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/, label);
      }
      const answered = failure instanceof JWTError && !["ERR_INVALID_ARGUMENT", "ERR_KEY_INVALID", "ERR_JWKS_FETCH_FAILED", "ERR_JWKS_TIMEOUT"].includes(failure.code);
      assert.equal(names.includes("error"), answered, `an error attribute exactly when a token or request failed: ${label}`);
    }
  }
});
