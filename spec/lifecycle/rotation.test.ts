/**
 * The token service's lifecycle (RFC 9700 §4.14.2): refresh rotates the pair and retires the old refresh token;
 * a retired token presented again revokes its whole session; two refreshes racing with one token: exactly one
 * wins; logout and revoke deny tokens until they expire. Time is a fake clock shared by the service and its store.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createMemoryStore, createTokenService, decode, verify, JWTRevoked,
  type LifecycleStore, type TokenServiceOptions,
} from "../../lib/index.js";
import { rejectsWith } from "../helpers/assert.js";
import { fixedSecret } from "../helpers/keys.js";

const secret = fixedSecret(32);

function setup(extra: Partial<TokenServiceOptions> = {}) {
  const clock = { now: 1_800_000_000 };
  const store = createMemoryStore({ clock: () => clock.now });
  const service = createTokenService({
    signingKey: secret, verificationKey: secret, issuer: "https://auth.example", audience: "orders-api", clientId: "web",
    store, clock: () => clock.now, ...extra,
  });
  return { clock, store, service };
}

test("refresh: a new pair in the same session, the old refresh token retired", async () => {
  const { clock, service } = setup();
  const first = await service.issue("alice", { scope: "orders:read" });
  clock.now += 60;
  const second = await service.refresh(first.refreshToken);
  assert.equal(second.sessionId, first.sessionId);
  assert.notEqual(second.refreshToken, first.refreshToken);
  assert.notEqual(second.accessClaims.jti, first.accessClaims.jti);
  assert.equal(second.accessClaims.scope, "orders:read", "the scope carries over");
  assert.equal(second.accessClaims.iat, clock.now);
  assert.equal(second.refreshClaims.exp, clock.now + 7 * 86400, "each refresh token lives its full lifetime");
  clock.now += 60;
  const third = await service.refresh(second.refreshToken);
  assert.equal(third.sessionId, first.sessionId);
  assert.equal((await service.verifyAccessToken(third.accessToken)).payload.sub, "alice");
});

test("reuse of a retired refresh token revokes the whole session and is ERR_JWT_REVOKED (RFC 9700 §4.14.2)", async () => {
  const { clock, service } = setup();
  const first = await service.issue("alice");
  clock.now += 10;
  const second = await service.refresh(first.refreshToken); // the legitimate client
  clock.now += 10;
  const error = await rejectsWith(service.refresh(first.refreshToken), "ERR_JWT_REVOKED", { claim: "jti" }); // the attacker
  assert.ok(error instanceof JWTRevoked);
  assert.match(error.message, /reuse/);
  assert.equal((error as JWTRevoked).payload.jti, first.refreshClaims.jti);
  // Every token of the session is now refused: the new refresh token, the new access token, the old access token.
  await rejectsWith(service.refresh(second.refreshToken), "ERR_JWT_REVOKED");
  await rejectsWith(service.verifyAccessToken(second.accessToken), "ERR_JWT_REVOKED");
  await rejectsWith(service.verifyAccessToken(first.accessToken), "ERR_JWT_REVOKED");
  assert.equal(await service.isRevoked(second.accessClaims), true);
  // Another session of the same user is untouched.
  const other = await service.issue("alice");
  await service.refresh(other.refreshToken);
});

test("two refreshes racing with one token: exactly one wins, and the loser counts as reuse", async () => {
  const { service } = setup();
  const pair = await service.issue("alice");
  const results = await Promise.allSettled([service.refresh(pair.refreshToken), service.refresh(pair.refreshToken)]);
  const won = results.filter((r) => r.status === "fulfilled");
  const lost = results.filter((r) => r.status === "rejected");
  assert.equal(won.length, 1);
  assert.equal(lost.length, 1);
  assert.equal((lost[0] as PromiseRejectedResult).reason.code, "ERR_JWT_REVOKED");
  // Strict by default: the session is revoked, the winner's pair with it.
  await rejectsWith(service.refresh((won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value.refreshToken), "ERR_JWT_REVOKED");
});

test("with reuseGracePeriod, the loser of a race is refused but the session lives; after it, reuse revokes", async () => {
  const { clock, service } = setup({ reuseGracePeriod: "5s" });
  const pair = await service.issue("alice");
  const many = await Promise.allSettled(Array.from({ length: 8 }, () => service.refresh(pair.refreshToken)));
  const winners = many.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof service.refresh>>> => r.status === "fulfilled");
  assert.equal(winners.length, 1, "exactly one of eight wins");
  for (const r of many) if (r.status === "rejected") assert.match(r.reason.message, /concurrent/);
  clock.now += 1;
  const next = await service.refresh(winners[0]!.value.refreshToken); // the session still lives
  clock.now += 10; // past the grace period
  await rejectsWith(service.refresh(pair.refreshToken), "ERR_JWT_REVOKED");
  await rejectsWith(service.refresh(next.refreshToken), "ERR_JWT_REVOKED");
});

test("a refresh whose signing fails gives the refresh token back (the client may retry)", async () => {
  let fail = false;
  const { service } = setup({ signingKey: () => { if (fail) throw new Error("HSM unavailable"); return { key: secret }; } });
  const pair = await service.issue("alice");
  fail = true;
  await assert.rejects(service.refresh(pair.refreshToken), /HSM unavailable/); // the provider's own error passes through
  fail = false;
  const next = await service.refresh(pair.refreshToken);
  assert.equal(next.sessionId, pair.sessionId);
});

test("refresh refuses expired, tampered, foreign and malformed tokens with verify's codes", async () => {
  const { clock, service } = setup({ refreshTokenLifetime: "1h" });
  const pair = await service.issue("alice");
  const [h, p, s] = pair.refreshToken.split(".");
  await rejectsWith(service.refresh(`${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BA" : "AA"}`), "ERR_JWT_SIGNATURE_INVALID");
  await rejectsWith(service.refresh("not a token"), "ERR_JWT_MALFORMED");
  await rejectsWith(service.refresh(undefined as never), "ERR_JWT_MALFORMED");
  const foreign = setup({ issuer: "https://other.example" });
  await rejectsWith(service.refresh((await foreign.service.issue("alice")).refreshToken), "ERR_JWT_CLAIM_INVALID", { claim: "iss" });
  clock.now += 3600;
  await rejectsWith(service.refresh(pair.refreshToken), "ERR_JWT_EXPIRED");
});

test("logout revokes the session until its last refresh token would expire; an expired or revoked token is a no-op", async () => {
  const { clock, service, store } = setup({ refreshTokenLifetime: "1h", accessTokenLifetime: "5m" });
  const pair = await service.issue("alice");
  await service.logout(pair.refreshToken);
  await rejectsWith(service.verifyAccessToken(pair.accessToken), "ERR_JWT_REVOKED");
  await rejectsWith(service.refresh(pair.refreshToken), "ERR_JWT_REVOKED");
  await service.logout(pair.refreshToken); // twice: harmless
  await rejectsWith(service.logout(pair.accessToken), "ERR_JWT_CLAIM_INVALID");
  assert.equal(store.size, 1);
  clock.now += 3600 + 1;
  await service.logout(pair.refreshToken); // expired: nothing to do
  assert.equal(await store.get("keycard:revoked-sid:" + pair.sessionId), undefined, "the entry expired with the tokens");
});

test("revoke(jti, until): that token only, until the time given (its exp), then the entry is gone", async () => {
  const { clock, service, store } = setup({ accessTokenLifetime: "5m" });
  const a = await service.issue("alice");
  const b = await service.issue("bob");
  await service.revoke(a.accessClaims.jti, a.accessClaims.exp);
  await rejectsWith(service.verifyAccessToken(a.accessToken), "ERR_JWT_REVOKED", { claim: "jti" });
  await service.verifyAccessToken(b.accessToken);
  await service.refresh(a.refreshToken); // the session lives: only that access token was revoked
  assert.equal(await store.get("keycard:revoked-jti:" + a.accessClaims.jti) !== undefined, true);
  clock.now = a.accessClaims.exp;
  assert.equal(await store.get("keycard:revoked-jti:" + a.accessClaims.jti), undefined);
  await service.revoke("already-expired", clock.now - 1); // nothing stored for a token that is already dead
  assert.equal(await store.get("keycard:revoked-jti:already-expired"), undefined);
  await rejectsWith(service.revoke("x", "tomorrow" as never), "ERR_INVALID_ARGUMENT");
  await rejectsWith(service.revoke("", 1), "ERR_INVALID_ARGUMENT");
});

test("isRevoked plugs into verify step 6 unchanged: ERR_JWT_REVOKED with claim jti and the payload", async () => {
  const { service } = setup();
  const pair = await service.issue("alice");
  await service.revokeSession(pair.sessionId);
  const error = await rejectsWith(
    verify(pair.accessToken, secret, { isRevoked: service.isRevoked, now: pair.accessClaims.iat }), "ERR_JWT_REVOKED", { claim: "jti" },
  );
  assert.equal((error as JWTRevoked).payload.sid, pair.sessionId);
});

test("a store's errors pass through unchanged; a value that is not a store is ERR_INVALID_ARGUMENT", async () => {
  const broken: LifecycleStore = {
    get: async () => { throw new Error("redis down"); },
    setIfAbsent: async () => { throw new Error("redis down"); },
    delete: async () => {},
  };
  const { service } = setup({ store: broken });
  const pair = await service.issue("alice");
  await assert.rejects(service.refresh(pair.refreshToken), /redis down/);
  assert.throws(() => setup({ store: {} as never }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => setup({ signingKey: undefined }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => setup({ reuseGracePeriod: "5" }), { code: "ERR_INVALID_ARGUMENT" });
  await rejectsWith(setup().service.issue("alice", { scope: "a\"b" }), "ERR_INVALID_ARGUMENT");
  await rejectsWith(setup().service.issue(""), "ERR_INVALID_ARGUMENT");
});

test("claims: read at every issue and refresh; reserved names refused; its errors pass through", async () => {
  let role = "reader";
  const { service } = setup({ claims: (subject) => (subject === "mallory" ? Promise.reject(new Error("account disabled")) : { role }) });
  const pair = await service.issue("alice");
  assert.equal(pair.accessClaims.role, "reader");
  role = "admin";
  assert.equal((await service.refresh(pair.refreshToken)).accessClaims.role, "admin");
  await assert.rejects(service.issue("mallory"), /account disabled/);
  const reserved = setup({ claims: () => ({ sub: "root" }) });
  await rejectsWith(reserved.service.issue("alice"), "ERR_INVALID_ARGUMENT");
  assert.equal(decode(pair.refreshToken).payload.role, undefined, "extra claims stay out of refresh tokens");
});

test("with clockTolerance, store entries outlive exp by the tolerance: no replay in the leeway after exp", async () => {
  const { clock, service } = setup({ clockTolerance: "30s", refreshTokenLifetime: "1h", accessTokenLifetime: "5m" });
  const pair = await service.issue("alice");
  clock.now = pair.refreshClaims.exp - 1;
  const next = await service.refresh(pair.refreshToken);
  clock.now = pair.refreshClaims.exp + 10; // expired, but within the tolerance: verify still accepts the old token
  await rejectsWith(service.refresh(pair.refreshToken), "ERR_JWT_REVOKED", undefined, "the retired token, replayed in the leeway");
  await rejectsWith(service.refresh(next.refreshToken), "ERR_JWT_REVOKED", undefined, "its session was revoked");
  const other = await service.issue("bob");
  await service.revoke(other.accessClaims.jti, other.accessClaims.exp);
  clock.now = other.accessClaims.exp + 10;
  await rejectsWith(service.verifyAccessToken(other.accessToken), "ERR_JWT_REVOKED", undefined, "revoked, in the leeway");
});
