/**
 * The opt-in cache of createVerifier ({ max, ttl }): hits skip steps 2-4 but re-judge the claims (time moves
 * on) and isRevoked; nothing is served past the token's exp or the cache's ttl; least recently used entries
 * go first; failures are never cached; every hit returns fresh objects. Whether a call was a hit is seen
 * through a key resolver that counts its calls; the clock is node:test's mocked Date.
 */
import { test, mock, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createVerifier, type KeyResolver, type VerifierOptions } from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { badSignature, fixedSecret, hs256 } from "../helpers/keys.js";

const T = 1_700_000_000;
const secret = fixedSecret(32);

function clock(t: TestContext): { at(seconds: number): void } {
  mock.timers.enable({ apis: ["Date"], now: T * 1000 });
  t.after(() => mock.timers.reset());
  let now = T * 1000;
  return {
    at(seconds: number) {
      const target = Math.round((T + seconds) * 1000);
      assert.ok(target >= now, "the mocked clock only moves forward");
      mock.timers.tick(target - now);
      now = target;
    },
  };
}

function counting(): { resolver: KeyResolver; readonly calls: number } {
  let calls = 0;
  return {
    resolver: () => {
      calls++;
      return secret;
    },
    get calls() {
      return calls;
    },
  };
}

function tokenFor(claims: Record<string, unknown>): Promise<string> {
  return hs256({ alg: "HS256" }, claims, secret);
}

test("a hit skips the signature: the key is not asked again", async (t) => {
  clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: { max: 10, ttl: 60 } });
  const token = await tokenFor({ sub: "a" });
  assert.deepEqual((await verifier(token)).payload, { sub: "a" });
  assert.deepEqual((await verifier(token)).payload, { sub: "a" });
  await verifier(token);
  assert.equal(keys.calls, 1);
});

test("a hit still re-judges time claims: maxTokenAge and nbf/exp at the current time", async (t) => {
  const time = clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { maxTokenAge: 30, cache: { ttl: 600 } });
  const token = await tokenFor({ iat: T });
  await verifier(token);
  time.at(30);
  await verifier(token);
  time.at(31);
  await rejectsWith(verifier(token), "ERR_JWT_CLAIM_INVALID", { claim: "iat" });
  assert.equal(keys.calls, 1, "the failures above were hits, judged on claims alone");
});

test("a hit re-asks isRevoked every time", async (t) => {
  clock(t);
  const keys = counting();
  let revoked = false;
  let asked = 0;
  const verifier = createVerifier(keys.resolver, { isRevoked: () => (asked++, revoked), cache: {} });
  const token = await tokenFor({ jti: "x" });
  await verifier(token);
  await verifier(token);
  revoked = true;
  await rejectsWith(verifier(token), "ERR_JWT_REVOKED", { claim: "jti" });
  revoked = false;
  await verifier(token);
  assert.equal(asked, 4);
  assert.equal(keys.calls, 1);
});

test("never served past the token's exp, even when clockTolerance still accepts it", async (t) => {
  const time = clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { clockTolerance: 60, cache: { ttl: 600 } });
  const token = await tokenFor({ exp: T + 10 });
  await verifier(token);
  time.at(9.999);
  await verifier(token);
  assert.equal(keys.calls, 1);
  time.at(10);
  await verifier(token); // accepted (tolerance), but verified in full
  assert.equal(keys.calls, 2);
  time.at(11);
  await verifier(token);
  assert.equal(keys.calls, 3, "a token past its exp is not cached again");
  time.at(70);
  await rejectsWith(verifier(token), "ERR_JWT_EXPIRED");
});

test("never served past the cache's ttl (a duration)", async (t) => {
  const time = clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: { ttl: "5s" } });
  const token = await tokenFor({ exp: T + 3600 });
  await verifier(token);
  time.at(4.999);
  await verifier(token);
  assert.equal(keys.calls, 1);
  time.at(5);
  await verifier(token);
  assert.equal(keys.calls, 2);
  time.at(6);
  await verifier(token);
  assert.equal(keys.calls, 2, "cached again after the full verification at 5 s");
  time.at(10);
  await verifier(token);
  assert.equal(keys.calls, 3);
});

test("the default ttl is 60 s and the default max 1000 entries", async (t) => {
  const time = clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: {} });
  const tokens: string[] = [];
  for (let i = 0; i <= 1000; i++) tokens.push(await tokenFor({ i }));
  for (const token of tokens) await verifier(token); // 1001 misses: the first is evicted
  assert.equal(keys.calls, 1001);
  await verifier(tokens[1000]!);
  await verifier(tokens[1]!);
  assert.equal(keys.calls, 1001);
  await verifier(tokens[0]!);
  assert.equal(keys.calls, 1002);
  time.at(59.999);
  await verifier(tokens[0]!);
  assert.equal(keys.calls, 1002);
  time.at(60);
  await verifier(tokens[1]!);
  assert.equal(keys.calls, 1003);
});

test("least recently used entries go first when max is reached", async (t) => {
  clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: { max: 2 } });
  const [a, b, c] = [await tokenFor({ n: "a" }), await tokenFor({ n: "b" }), await tokenFor({ n: "c" })];
  await verifier(a);
  await verifier(b);
  await verifier(a); // hit: a is now the most recently used
  assert.equal(keys.calls, 2);
  await verifier(c); // evicts b
  assert.equal(keys.calls, 3);
  await verifier(a);
  await verifier(c);
  assert.equal(keys.calls, 3);
  await verifier(b);
  assert.equal(keys.calls, 4);
});

test("the same token verified twice at once does not evict another entry", async (t) => {
  clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: { max: 2 } });
  const [a, b, c] = [await tokenFor({ n: "a" }), await tokenFor({ n: "b" }), await tokenFor({ n: "c" })];
  await verifier(b);
  await verifier(c);
  await Promise.all([verifier(a), verifier(a)]); // two misses of a: one entry for a, b evicted
  assert.equal(keys.calls, 4);
  await verifier(c);
  await verifier(a);
  assert.equal(keys.calls, 4, "c and a are both still cached");
});

test("failures are never cached", async (t) => {
  clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { issuer: "i", cache: {} });
  const forged = badSignature(await tokenFor({ iss: "i" }));
  const wrongIssuer = await tokenFor({ iss: "x" });
  for (let i = 0; i < 3; i++) {
    await rejectsWith(verifier(forged), "ERR_JWT_SIGNATURE_INVALID");
    await rejectsWith(verifier(wrongIssuer), "ERR_JWT_CLAIM_INVALID", { claim: "iss" });
  }
  assert.equal(keys.calls, 6);
  // a token revoked at first, then not: verified in full each time until it succeeds
  let revoked = true;
  const revocable = createVerifier(keys.resolver, { isRevoked: () => revoked, cache: {} });
  const token = await tokenFor({ jti: "j" });
  await rejectsWith(revocable(token), "ERR_JWT_REVOKED");
  revoked = false;
  await revocable(token);
  await revocable(token);
  assert.equal(keys.calls, 8);
  // a resolver that fails once: the failure passes through and is not remembered
  let fail = true;
  const flaky = createVerifier(() => {
    if (fail) throw new Error("key store down");
    return secret;
  }, { cache: {} });
  await assert.rejects(flaky(token), /key store down/);
  fail = false;
  await flaky(token);
});

test("each hit returns fresh objects: mutating one result does not change the next", async (t) => {
  clock(t);
  const verifier = createVerifier(secret, { cache: {} });
  const token = await tokenFor({ list: [1], nested: { a: 1 } });
  const first = await verifier(token);
  (first.payload.list as number[]).push(2);
  (first.payload.nested as Record<string, number>).a = 99;
  first.payload.extra = true;
  first.header.alg = "none";
  const second = await verifier(token);
  assert.deepEqual(second.payload, { list: [1], nested: { a: 1 } });
  assert.deepEqual(second.header, { alg: "HS256" });
  assert.notEqual(second.payload, first.payload);
  const third = await verifier(token);
  assert.notEqual(third.payload, second.payload);
  assert.notEqual(third.header, second.header);
});

test("each verifier has its own cache, judged by its own rules and key", async (t) => {
  clock(t);
  const token = await tokenFor({ aud: "a" });
  const options: VerifierOptions = { cache: {} };
  await createVerifier(secret, options)(token);
  await rejectsWith(createVerifier(secret, { ...options, audience: "b" })(token), "ERR_JWT_CLAIM_INVALID", { claim: "aud" });
  await rejectsWith(createVerifier(fixedSecret(32, 5), options)(token), "ERR_JWT_SIGNATURE_INVALID");
});

test("an entry serves its own token only: another token carrying the same signature is verified in full", async (t) => {
  clock(t);
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: { max: 10 } });
  const token = await tokenFor({ sub: "a" });
  await verifier(token);
  // The cached token's signature on another payload: a lookup by signature must not serve the cached entry.
  const [header, , signature] = token.split(".");
  const forged = `${header}.${Buffer.from('{"sub":"admin"}').toString("base64url")}.${signature}`;
  await rejectsWith(verifier(forged), "ERR_JWT_SIGNATURE_INVALID");
  assert.equal(keys.calls, 2, "the forged token went through the signature check");
  assert.deepEqual((await verifier(token)).payload, { sub: "a" }, "the real entry is still there");
  assert.equal(keys.calls, 2, "and still a hit");
});

test("large tokens (over 16 383 characters, which engines hash by length only) hit and miss like small ones", async () => {
  const keys = counting();
  const verifier = createVerifier(keys.resolver, { cache: { max: 50 } });
  const big = (n: number) => tokenFor({ sub: `u${String(n).padStart(2, "0")}`, data: "x".repeat(20000) });
  const tokens = await Promise.all(Array.from({ length: 40 }, (_, n) => big(n)));
  assert.ok(tokens.every((token) => token.length === tokens[0]!.length && token.length > 16383));
  for (const token of tokens) await verifier(token);
  for (const [n, token] of tokens.entries()) assert.equal((await verifier(token)).payload.sub, `u${String(n).padStart(2, "0")}`);
  assert.equal(keys.calls, 40, "every second verification was a hit");
});
