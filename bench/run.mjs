#!/usr/bin/env node
/**
 * keycard's benchmark: `npm run bench` (builds dist/ first), `npm run bench:peers` (also installs and measures
 * the peers of bench/peers), or `node bench/run.mjs [options] [scenario...]`.
 *
 * For each scenario (algorithm, operation, payload size) it prints one table: keycard on each backend
 * (`createSigner` / `createVerifier`, the one-shot calls, the verification cache), the crypto.subtle and
 * node:crypto floors (JSON + base64url + the bare signature call, key imported beforehand), and with --peers
 * the other libraries: `ops/s @ ns/op` and ratios to each line's own floor and to keycard, all measured in
 * this one run; then issue 7's targets, each with its measured ratio.
 *
 * The measuring happens in forked processes (bench/lib/worker.mjs), one per keycard backend: node:crypto
 * (what `import "keycard"` gives on Node.js) and WebCrypto (forked with `--conditions=keycard-webcrypto`). The
 * first also measures the floors and the peers. This process only asks, collects and prints.
 *
 * Each line is timed in rounds (5 by default): every line of a scenario, in both processes, once per round,
 * so that a burst of load from elsewhere spreads over all lines instead of sinking one; a line's figure is the
 * median of its rounds and "spread" says how far its rounds were apart.
 *
 * Options (also: BENCH_TIME_MS, BENCH_ROUNDS, BENCH_CONCURRENCY):
 *   --quick             120 ms per line instead of 400
 *   --time=MS           measuring time per line, all rounds together
 *   --rounds=N          rounds per line (default 5)
 *   --concurrency=N     calls in flight for the "xN" lines (default 64; 1 turns them off)
 *   --backend=B         node | webcrypto | both (default both; node started with
 *                       --conditions=keycard-webcrypto means webcrypto)
 *   --peers             also the peers of bench/peers (installed: `npm run bench:peers` does it)
 *   --sizes=LIST        payload sizes in bytes of claims JSON for every algorithm (200,2000,20000); default:
 *                       HS256 and ES256 at all three, the others at 200
 *   --json=FILE         also write every measured row to FILE
 *   scenario...         run the scenarios whose name contains any of these (case-insensitive):
 *                       `node bench/run.mjs verify`, `node bench/run.mjs "ES256 verify" HS256`
 */
import { fork } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { environment, table, targets } from "./lib/report.mjs";
import { scenarios as allScenarios } from "./lib/scenarios.mjs";

const WEBCRYPTO_CONDITION = "keycard-webcrypto";

function parseArguments(argv) {
  const settings = {
    timeMs: Number(process.env.BENCH_TIME_MS ?? 400),
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 64),
    peers: false,
    sizes: undefined,
    backend: process.execArgv.some((a) => a.includes(WEBCRYPTO_CONDITION)) ? "webcrypto" : "both",
    json: undefined,
  };
  const filters = [];
  for (const arg of argv) {
    const [flag, value] = arg.split(/=(.*)/s);
    if (flag === "--quick") settings.timeMs = 120;
    else if (flag === "--time") settings.timeMs = Number(value);
    else if (flag === "--rounds") settings.rounds = Number(value);
    else if (flag === "--concurrency") settings.concurrency = Number(value);
    else if (flag === "--backend") settings.backend = value;
    else if (flag === "--no-peers") settings.peers = false;
    else if (flag === "--peers") settings.peers = true;
    else if (flag === "--sizes") settings.sizes = value.split(",").map(Number);
    else if (flag === "--json") settings.json = value;
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: node bench/run.mjs [--quick] [--time=MS] [--rounds=N] [--concurrency=N] [--backend=node|webcrypto|both] [--peers] [--sizes=200,2000,20000] [--json=FILE] [scenario...]");
      console.log(`scenarios: ${allScenarios(settings.sizes).map((s) => s.name).join(", ")}`);
      process.exit(0);
    } else if (arg.startsWith("--")) {
      throw new Error(`unknown option ${arg} (try --help)`);
    } else filters.push(arg.toLowerCase());
  }
  if (!(settings.timeMs > 0)) throw new Error("the time per line must be a positive number of milliseconds");
  if (!Number.isInteger(settings.rounds) || settings.rounds < 1) throw new Error("--rounds must be a positive integer");
  if (!Number.isInteger(settings.concurrency) || settings.concurrency < 1) throw new Error("--concurrency must be a positive integer");
  if (!["node", "webcrypto", "both"].includes(settings.backend)) throw new Error("--backend must be node, webcrypto or both");
  if (settings.sizes !== undefined && !settings.sizes.every((n) => Number.isInteger(n) && n >= 100)) throw new Error("--sizes takes byte counts of 100 or more: --sizes=200,2000");
  settings.warmupMs = Math.max(50, Math.round(settings.timeMs / 4));
  const SCENARIOS = allScenarios(settings.sizes);
  const scenarios = SCENARIOS.filter((s) => filters.length === 0 || filters.some((f) => s.name.toLowerCase().includes(f)));
  if (scenarios.length === 0) throw new Error(`no scenario matches ${filters.join(", ")}; scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  return { settings, scenarios };
}

/** A line's rounds as one figure: the median round's rate, and how far apart the rounds were. */
function summarise(rounds) {
  const rates = rounds.map((r) => (r.ops * 1000) / r.ms).sort((a, b) => a - b);
  const median = rates.length % 2 === 1 ? rates[(rates.length - 1) / 2]
    : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
  return {
    mode: rounds[0].mode,
    opsPerSec: median,
    nsPerOp: 1e9 / median,
    spread: rates.length > 1 ? (rates[rates.length - 1] - rates[0]) / median : undefined,
    rounds: rates,
  };
}

/** A forked worker with a promise-returning `ask`. */
function startWorker(condition) {
  const child = fork(fileURLToPath(new URL("./lib/worker.mjs", import.meta.url)), [], {
    execArgv: ["--expose-gc", ...(condition ? [`--conditions=${condition}`] : [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let pending;
  child.on("message", (message) => {
    const { resolve, reject } = pending;
    pending = undefined;
    if (message.type === "error") reject(new Error(message.message));
    else resolve(message);
  });
  child.on("exit", (code) => {
    if (pending) pending.reject(new Error(`the benchmark process exited with code ${code}`));
  });
  return {
    condition,
    ask: (message) => new Promise((resolve, reject) => {
      pending = { resolve, reject };
      child.send(message);
    }),
    stop: () => child.connected && child.send({ type: "exit" }),
  };
}

async function main() {
  const { settings, scenarios } = parseArguments(process.argv.slice(2));
  if (!existsSync(new URL("../dist/index.js", import.meta.url))) {
    throw new Error("dist/ is not built: run `npm run bench` (it builds) or `npx tsc -p tsconfig.build.json` first");
  }
  const conditions = settings.backend === "both" ? [undefined, WEBCRYPTO_CONDITION]
    : settings.backend === "node" ? [undefined] : [WEBCRYPTO_CONDITION];
  const workers = conditions.map(startWorker);
  const infos = [];
  for (const [i, worker] of workers.entries()) {
    const info = await worker.ask({ type: "init", role: i === 0 ? "all" : "keycard", settings });
    infos.push({ ...info, condition: worker.condition });
  }
  if (settings.backend !== "webcrypto" && infos[0].backend !== "node:crypto") {
    console.warn(`note: without conditions, keycard loaded the ${infos[0].backend} backend (expected node:crypto)`);
  }
  console.log(environment({ backends: infos, peers: settings.peers ? infos[0].peers : undefined, settings }));
  const all = [];
  const started = performance.now();
  for (const scenario of scenarios) {
    const lines = [];
    let tokenLength;
    for (const [i, worker] of workers.entries()) {
      const answer = await worker.ask({ type: "prepare", scenario, role: i === 0 ? "all" : "keycard", settings });
      tokenLength = answer.tokenLength;
      lines.push(answer.lines.map((meta) => ({ meta, seq: [], concurrent: [] })));
    }
    for (let r = 0; r < settings.rounds; r++) {
      for (const [i, worker] of workers.entries()) {
        const { results } = await worker.ask({ type: "round", settings });
        results.forEach((result, j) => {
          if (result == null) return; // a line that failed its check or is unsupported (undefined arrives as null)
          lines[i][j].seq.push(result.seq);
          if (result.concurrent) lines[i][j].concurrent.push(result.concurrent);
        });
      }
    }
    const rows = lines.flat().flatMap(({ meta, seq, concurrent }) => {
      if (seq.length === 0) return [meta];
      const out = [{ ...meta, ...summarise(seq) }];
      if (concurrent.length > 0) out.push({ ...meta, ...summarise(concurrent) });
      return out;
    });
    // keycard's lines of every backend first, then the floors and the peers.
    rows.sort((a, b) => (a.kind === "keycard" ? 0 : 1) - (b.kind === "keycard" ? 0 : 1));
    console.log(`\n${table(`${scenario.name} (token ${tokenLength} chars)`, rows, infos[0].backend)}`);
    all.push({ scenario, rows });
  }
  for (const worker of workers) worker.stop();
  const summary = targets(all);
  if (summary) console.log(`\n${summary}`);
  console.log(`\n${scenarios.length} scenarios in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
    `load average now ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  if (settings.json) {
    writeFileSync(settings.json, JSON.stringify({ node: process.version, settings, backends: infos, results: all }, null, 2));
  }
}

main().catch((error) => {
  console.error(error?.message ?? error);
  process.exit(1);
});
