/**
 * createMemoryStore: set-if-absent is atomic, entries are gone at their expiry, and the store stays bounded
 * under a flood of tokens (expired entries dropped first, then the live ones closest to their expiry).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMemoryStore } from "../../lib/index.js";
import { rejectsWith, throwsWith } from "../helpers/assert.js";

function fakeClock(start = 1_000) {
  const clock = { now: start };
  return { clock, store: (maxEntries?: number) => createMemoryStore({ clock: () => clock.now, ...(maxEntries === undefined ? {} : { maxEntries }) }) };
}

test("setIfAbsent stores once; get, delete", async () => {
  const { store } = fakeClock();
  const s = store();
  assert.equal(await s.setIfAbsent("a", "1", 2_000), true);
  assert.equal(await s.setIfAbsent("a", "2", 2_000), false);
  assert.equal(await s.get("a"), "1");
  assert.equal(await s.get("b"), undefined);
  await s.delete("a");
  await s.delete("never-there");
  assert.equal(await s.get("a"), undefined);
  assert.equal(await s.setIfAbsent("a", "3", 2_000), true);
  assert.equal(await s.get("a"), "3");
  assert.equal(await s.get("__proto__"), undefined);
  assert.equal(await s.setIfAbsent("__proto__", "x", 2_000), true);
  assert.equal(await s.get("__proto__"), "x");
});

test("concurrent setIfAbsent calls for one key: exactly one gets true", async () => {
  const { store } = fakeClock();
  const s = store();
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.setIfAbsent("k", String(i), 2_000)));
  assert.equal(results.filter(Boolean).length, 1);
  assert.equal(await s.get("k"), String(results.indexOf(true)));
});

test("entries are gone at their expiry, and the key can be taken again", async () => {
  const { clock, store } = fakeClock();
  const s = store();
  await s.setIfAbsent("a", "1", 1_010);
  clock.now = 1_009.999;
  assert.equal(await s.get("a"), "1");
  clock.now = 1_010;
  assert.equal(await s.get("a"), undefined, "expired at expiresAt exactly");
  assert.equal(await s.setIfAbsent("a", "2", 1_020), true);
  assert.equal(await s.get("a"), "2");
  assert.equal(await s.setIfAbsent("dead", "x", 900), true, "an entry already expired is not kept");
  assert.equal(await s.get("dead"), undefined);
});

test("a flood of tokens: expired entries are dropped as new ones come, and the store never exceeds maxEntries", async () => {
  const { clock, store } = fakeClock();
  const s = store(1_000);
  // 20 000 entries over time, 100 a second, each living 9.5 s: at any moment about 950 are live.
  for (let i = 0; i < 20_000; i++) {
    clock.now = 1_000 + i / 100;
    await s.setIfAbsent(`jti-${i}`, "x", clock.now + 9.5);
    assert.ok(s.size <= 1_000, `size ${s.size} after ${i + 1} entries`);
  }
  assert.equal(s.evicted, 0, "only expired entries had to go");
  assert.equal(await s.get("jti-19999"), "x");
  assert.equal(await s.get("jti-0"), undefined);
});

test("full of live entries: the one closest to its expiry is evicted, and the store stays bounded", async () => {
  const { store } = fakeClock();
  const s = store(100);
  for (let i = 0; i < 5_000; i++) await s.setIfAbsent(`k-${i}`, "x", 10_000 + i); // all live, later ones live longer
  assert.equal(s.size, 100);
  assert.equal(s.evicted, 4_900);
  assert.equal(await s.get("k-4999"), "x", "the longest-lived entries stay");
  assert.equal(await s.get("k-0"), undefined);
  // Rewrites and deletes do not leak heap items: many set/delete cycles keep the store small.
  for (let i = 0; i < 5_000; i++) {
    await s.setIfAbsent("churn", String(i), 20_000 + i);
    await s.delete("churn");
  }
  assert.ok(s.size <= 100);
});

test("bad arguments are ERR_INVALID_ARGUMENT: options throw at creation, methods reject", async () => {
  throwsWith(() => createMemoryStore({ maxEntries: 0 }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => createMemoryStore({ maxEntries: 1.5 }), "ERR_INVALID_ARGUMENT");
  throwsWith(() => createMemoryStore({ ttl: 5 } as never), "ERR_INVALID_ARGUMENT");
  throwsWith(() => createMemoryStore({ clock: 5 } as never), "ERR_INVALID_ARGUMENT");
  const s = createMemoryStore();
  await rejectsWith(s.setIfAbsent("a", "b", Infinity), "ERR_INVALID_ARGUMENT");
  await rejectsWith(s.setIfAbsent("a", 5 as never, 1), "ERR_INVALID_ARGUMENT");
  await rejectsWith(s.get(5 as never), "ERR_INVALID_ARGUMENT");
  await rejectsWith(s.delete({} as never), "ERR_INVALID_ARGUMENT");
});
