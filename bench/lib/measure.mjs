/**
 * The timing loops. A line is measured in two steps:
 * 1. `warmUp`: calls for `warmupMs`, growing the batch until one batch takes about `BATCH_MS` (so the clock is
 *    read once per batch, not once per call) and letting the JIT settle;
 * 2. `timeFor`: batches until `ms` have passed. It can run several times (rounds, interleaved with the other
 *    lines by run.mjs, so a burst of load from another process does not land on one line only).
 * An async function is awaited call after call ("seq"); `timeConcurrent` keeps `n` calls in flight instead,
 * which is what a server sees and what lets WebCrypto's thread pool (and node:crypto's, for RSA signing) use
 * more than one core. `measure` does both steps at once (for parts.mjs).
 */
const BATCH_MS = 10;

const now = () => performance.now();

export function collectGarbage() {
  if (typeof globalThis.gc === "function") globalThis.gc();
}

/** Runs `fn` `count` times; awaits each call when `isAsync`. Returns the elapsed milliseconds. */
async function runBatch(fn, count, isAsync) {
  const start = now();
  if (isAsync) {
    for (let i = 0; i < count; i++) await fn();
  } else {
    for (let i = 0; i < count; i++) fn();
  }
  return now() - start;
}

/**
 * Warms `fn` up and picks its batch size.
 * @returns {Promise<{fn, isAsync: boolean, batch: number}>}
 */
export async function warmUp(fn, warmupMs) {
  const first = fn();
  const isAsync = typeof first?.then === "function";
  if (isAsync) await first;
  let batch = 1;
  const end = now() + warmupMs;
  while (now() < end) {
    const ms = await runBatch(fn, batch, isAsync);
    if (ms < BATCH_MS) batch = Math.min(batch * 2, 1 << 20);
  }
  return { fn, isAsync, batch };
}

/**
 * Times batches of a warmed-up line for at least `ms` (at least one batch).
 * @returns {Promise<{ops, ms, samples: number[], mode: "sync" | "seq"}>} samples: each batch's ns/op
 */
export async function timeFor(state, ms) {
  const samples = [];
  let ops = 0;
  let total = 0;
  while (total < ms) {
    const elapsed = await runBatch(state.fn, state.batch, state.isAsync);
    samples.push((elapsed * 1e6) / state.batch);
    ops += state.batch;
    total += elapsed;
  }
  return { ops, ms: total, samples, mode: state.isAsync ? "seq" : "sync" };
}

/** Runs async `fn` with `n` calls in flight until `ms` have passed. @returns {Promise<{ops, ms, mode}>} */
export async function timeConcurrent(fn, n, ms) {
  const start = now();
  const until = start + ms;
  let ops = 0;
  const lane = async () => {
    while (now() < until) {
      await fn();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  return { ops, ms: now() - start, mode: `x${n}` };
}

/** Statistics of a list of ns/op figures: median and fastest. */
export function spread(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], best: sorted[0] };
}

/**
 * Warm-up and one timing at once.
 * @returns {Promise<{opsPerSec, nsPerOp, median, best, mode}>} median and best: of the batches' ns/op
 */
export async function measure(fn, { timeMs, warmupMs }) {
  collectGarbage();
  const state = await warmUp(fn, warmupMs);
  const r = await timeFor(state, timeMs);
  return { opsPerSec: (r.ops * 1000) / r.ms, nsPerOp: (r.ms * 1e6) / r.ops, ...spread(r.samples), mode: r.mode };
}
