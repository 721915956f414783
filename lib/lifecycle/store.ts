/**
 * The state of the token lifecycle (retired refresh tokens, revoked token ids and sessions) goes through a
 * small asynchronous store, so that Redis, a database or a Durable Object can hold it for many processes:
 * three operations, each with an expiry, the atomic one being "set if absent" (Redis `SET key value NX EXAT t`).
 *
 * `createMemoryStore` is the default for one process: a map with a min-heap ordered by expiry. Entries are
 * gone at their expiry (a read never returns an expired entry, and every write first drops the expired ones),
 * and the number of entries is bounded: when the store is full of live entries, the one closest to its expiry
 * is evicted first, so a flood of tokens costs at most `maxEntries` entries of memory. No timers: nothing keeps
 * a process alive or runs in the background of a worker.
 */
import { InvalidArgument } from "../errors.js";
import { currentTime, optionalFunction, optionalPositiveInteger, readOptions } from "../arguments.js";

/**
 * Where the token lifecycle keeps its state. Keys and values are strings; `expiresAt` is in seconds since the
 * epoch (a token's `exp`). Every method may be asynchronous; an error it throws reaches the caller unchanged.
 */
export interface LifecycleStore {
  /** The value stored under `key`, or `undefined` when there is none or it has expired. */
  get(key: string): Promise<string | undefined> | string | undefined;
  /**
   * Stores `value` under `key` until `expiresAt` unless a live entry is there already: `true` when it stored,
   * `false` when the key was taken. MUST be atomic: of two concurrent calls for one key, exactly one gets `true`
   * (this is what lets exactly one of two racing refreshes win).
   */
  setIfAbsent(key: string, value: string, expiresAt: number): Promise<boolean> | boolean;
  /** Removes `key` (nothing happens when it is absent). */
  delete(key: string): Promise<void> | void;
}

/** The options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /** The most entries kept at once (default 100 000). */
  maxEntries?: number;
  /** The time in seconds since the epoch (default: the system clock). For tests. */
  clock?: () => number;
}

/** The in-memory store: a `LifecycleStore` with a few figures for monitoring. */
export interface MemoryStore extends LifecycleStore {
  /** The value under `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores the value unless a live entry has the key; true when it stored (the atomic claim rotation needs). */
  setIfAbsent(key: string, value: string, expiresAt: number): Promise<boolean>;
  /** Removes the entry, if any. */
  delete(key: string): Promise<void>;
  /** The number of entries held (expired ones not yet dropped included). */
  readonly size: number;
  /** How many live entries were evicted because the store was full. */
  readonly evicted: number;
}

interface Entry {
  readonly key: string;
  readonly value: string;
  readonly expiresAt: number;
}

const MEMORY_STORE_OPTIONS: ReadonlySet<string> = new Set(["maxEntries", "clock"]);

/** A binary min-heap of entries by `expiresAt`. Entries replaced or deleted in the map stay until they surface. */
class ExpiryHeap {
  items: Entry[] = [];

  push(entry: Entry): void {
    const items = this.items;
    let i = items.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.expiresAt <= entry.expiresAt) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = entry;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]!.expiresAt < items[left]!.expiresAt ? right : left;
      if (items[child]!.expiresAt >= last.expiresAt) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Rebuilds the heap from the live entries only. */
  rebuild(entries: Iterable<Entry>): void {
    this.items = [];
    for (const entry of entries) this.push(entry);
  }
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new InvalidArgument("a store key must be a string");
}

/**
 * A bounded in-memory `LifecycleStore` for one process (a single server, tests, the reference walkthrough).
 * Several processes or replicas need a shared store instead (docs/lifecycle.md sketches one on Redis).
 *
 * @param options `maxEntries` (default 100 000), `clock` (seconds since the epoch; default the system clock).
 * @throws InvalidArgument for a bad option.
 */
export function createMemoryStore(options?: MemoryStoreOptions): MemoryStore {
  const opts = readOptions<MemoryStoreOptions>(options, "createMemoryStore", MEMORY_STORE_OPTIONS);
  const maxEntries = optionalPositiveInteger(opts.maxEntries, "maxEntries") ?? 100_000;
  const clock = optionalFunction<() => number>(opts.clock, "clock") ?? currentTime;
  const entries = new Map<string, Entry>();
  const heap = new ExpiryHeap();
  let evicted = 0;

  const live = (entry: Entry | undefined, now: number): entry is Entry => entry !== undefined && entry.expiresAt > now;

  /** Drops the expired entries (and the heap's leftovers of replaced ones), then makes room for one more. */
  function sweep(now: number): void {
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      const current = entries.get(top.key) === top;
      if (current && top.expiresAt > now) break;
      heap.pop();
      if (current) entries.delete(top.key);
    }
    if (heap.items.length > 2 * entries.size + 64) heap.rebuild(entries.values());
    while (entries.size >= maxEntries) {
      const top = heap.pop();
      if (top === undefined) break;
      if (entries.get(top.key) !== top) continue;
      entries.delete(top.key); // the live entry closest to its expiry: the least harm
      evicted++;
    }
  }

  return {
    async get(key) {
      checkKey(key);
      const entry = entries.get(key);
      return live(entry, clock()) ? entry.value : undefined;
    },
    async setIfAbsent(key, value, expiresAt) {
      checkKey(key);
      if (typeof value !== "string") throw new InvalidArgument("a store value must be a string");
      if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) {
        throw new InvalidArgument("expiresAt must be a finite number of seconds since the epoch");
      }
      // No await before the write: the check and the set happen in one turn of the event loop, so they are atomic.
      const now = clock();
      if (live(entries.get(key), now)) return false;
      if (expiresAt <= now) return true; // stored and expired at once: nothing to keep
      sweep(now);
      const entry: Entry = { key, value, expiresAt };
      entries.set(key, entry);
      heap.push(entry);
      return true;
    },
    async delete(key) {
      checkKey(key);
      entries.delete(key); // its heap item is dropped when it surfaces
    },
    get size() {
      return entries.size;
    },
    get evicted() {
      return evicted;
    },
  };
}
