/**
 * One measuring process, forked by bench/run.mjs. It loads keycard from the built package (dist/) through
 * the root package.json: on Node.js the node:crypto backend, WebCrypto when this process runs with
 * `--conditions=keycard-webcrypto`. The parent drives it over IPC, one scenario at a time:
 * - `prepare`: build the scenario's lines, check each one's result once, warm each up;
 * - `round`: time every line once (and its "xN" variant), in order; the parent asks for several rounds,
 *   alternating between processes, and keeps the median.
 * `role: "keycard"` measures keycard's lines only; `role: "all"` adds the floors and the peers.
 */
import { fixture } from "./fixtures.mjs";
import { floorLines } from "./floors.mjs";
import { keycardLines } from "./keycard.mjs";
import { collectGarbage, timeConcurrent, timeFor, warmUp } from "./measure.mjs";

// keycard as a user gets it: `import "keycard"`, a self-reference resolved through the root package.json's
// `exports`, so this process's conditions pick the entry point (dist/node/index.js or dist/index.js), and with
// it the backend, as they would for any program.
const kc = await import("keycard");
let backend;
try {
  // Internal module, read only for the label; it is the module instance the entry point uses.
  const { backendName } = await import("../../dist/jwa/signature.js");
  backend = typeof backendName === "function" ? backendName() : backendName;
} catch {
  backend = undefined;
}
backend ??= process.execArgv.some((a) => a.includes("keycard-webcrypto")) ? "webcrypto" : "node:crypto";

let peers;
const fixtures = new Map();
/** The prepared lines of the current scenario. */
let prepared = [];

async function fixtureFor(alg, size) {
  const id = `${alg} ${size}`;
  if (!fixtures.has(id)) fixtures.set(id, await fixture(alg, size));
  return fixtures.get(id);
}

/** Checks a line's result, warms it up; returns what the parent prints for it. */
async function prepareLine(line, settings) {
  const meta = { label: line.label, kind: line.kind, backend: line.kind === "keycard" ? backend : undefined,
    floor: line.kind === "keycard" ? (backend === "node:crypto" ? "node" : "subtle") : line.floor,
    reference: line.reference, cache: line.cache, concurrent: Boolean(line.concurrent && settings.concurrency > 1) };
  if (line.unsupported !== undefined) return { meta: { ...meta, unsupported: line.unsupported } };
  try {
    let first = line.fn();
    if (typeof first?.then === "function") first = await first;
    const problem = line.check(first);
    if (problem !== undefined) return { meta: { ...meta, error: `check failed: ${problem}` } };
  } catch (error) {
    return { meta: { ...meta, error: `threw ${error?.code ?? ""} ${error?.message ?? error}`.trim() } };
  }
  const state = await warmUp(line.fn, settings.warmupMs);
  if (meta.concurrent) await timeConcurrent(line.fn, settings.concurrency, settings.warmupMs / 2);
  return { meta, state, line };
}

async function prepare(scenario, role, settings) {
  const fx = await fixtureFor(scenario.alg, scenario.size);
  const lines = keycardLines(kc, fx, scenario.op);
  if (role === "all") {
    lines.push(...floorLines(fx, scenario.op));
    if (settings.peers && peers !== undefined) {
      const { peerLines } = await import("../peers/peers.mjs");
      lines.push(...peerLines(peers, fx, scenario.op));
    }
  }
  prepared = [];
  for (const line of lines) prepared.push(await prepareLine(line, settings));
  return prepared.map((p) => p.meta);
}

/** One timing of every prepared line: `[{ seq, concurrent? }]` in the order of `prepare`'s answer. */
async function round(settings) {
  const ms = settings.timeMs / settings.rounds;
  collectGarbage(); // once a round: a full collection costs milliseconds, too much before every line
  const results = [];
  for (const p of prepared) {
    if (p.state === undefined) {
      results.push(undefined);
      continue;
    }
    const seq = await timeFor(p.state, ms);
    const concurrent = p.meta.concurrent ? await timeConcurrent(p.line.fn, settings.concurrency, ms) : undefined;
    results.push({ seq: { ops: seq.ops, ms: seq.ms, mode: seq.mode }, concurrent });
  }
  return results;
}

process.on("message", async (message) => {
  try {
    if (message.type === "init") {
      if (message.role === "all" && message.settings.peers) {
        const { loadPeers } = await import("../peers/peers.mjs");
        peers = await loadPeers();
      }
      process.send({ type: "ready", backend, peers: peers?.versions, gc: typeof globalThis.gc === "function" });
    } else if (message.type === "prepare") {
      process.send({ type: "prepared", lines: await prepare(message.scenario, message.role, message.settings), tokenLength: (await fixtureFor(message.scenario.alg, message.scenario.size)).token.length });
    } else if (message.type === "round") {
      process.send({ type: "round", results: await round(message.settings) });
    } else if (message.type === "exit") {
      process.disconnect();
    }
  } catch (error) {
    process.send({ type: "error", message: error?.stack ?? String(error) });
  }
});
