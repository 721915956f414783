/**
 * Printing: the environment header, one table per scenario, and the targets of issue 7 checked against the run.
 * Every line shows `ops/s @ ns/op` (the median round) and two ratios, ops/s divided by a reference's ops/s
 * measured in the same run and the same mode (one at a time, or N in flight):
 * - "vs floor": the line's own floor: `node` (the node:crypto floor) for keycard's Node.js backend, fast-jwt
 *   and jsonwebtoken; `subtle` (the crypto.subtle floor) for keycard's WebCrypto backend, jose, hono and
 *   cloudflare-worker-jwt. The floors are synchronous or awaited one by one; a floor without an "xN" line (the
 *   node:crypto one is synchronous: its throughput under load is its one-at-a-time figure) is its own reference
 *   in both modes.
 * - "vs keycard": keycard's prepared API (`createSigner` / `createVerifier`) on the first backend measured.
 * Above 1.00x is faster than the reference. "spread" is (fastest round - slowest round) / median.
 */
import { cpus, loadavg, platform, arch } from "node:os";

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

const isConcurrent = (row) => typeof row.mode === "string" && row.mode.startsWith("x");
const measured = (row) => row.opsPerSec !== undefined;

export function environment({ backends, peers, settings }) {
  const cpu = cpus();
  const lines = [
    `node ${process.version} (V8 ${process.versions.v8}), ${platform()} ${arch()}, ` +
      `${cpu[0]?.model?.trim() ?? "unknown CPU"} x ${cpu.length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `keycard backends: ${backends.map((b) => `${b.backend}${b.condition ? ` (--conditions=${b.condition})` : " (default on Node)"}`).join(", ")}`,
    `peers: ${peers ? Object.entries(peers).map(([n, v]) => `${n} ${v}`).join(", ") : settings.peers ? "not installed (npm run bench:peers installs them)" : "left out (npm run bench:peers adds them)"}`,
    `timing: ${settings.timeMs} ms per line in ${settings.rounds} interleaved round${settings.rounds > 1 ? "s" : ""} (median round shown), ` +
      `after ${settings.warmupMs} ms warm-up` +
      (settings.concurrency > 1 ? `; "x${settings.concurrency}" lines keep ${settings.concurrency} calls in flight` : "") +
      (backends.every((b) => b.gc) ? "; GC before each round" : ""),
  ];
  return lines.join("\n");
}

/** The reference row of `kind` for `row`: in the same mode, or the one-at-a-time line when it has no other. */
function floorOf(rows, row) {
  const floors = rows.filter((r) => r.kind === "floor" && r.floor === row.floor && measured(r));
  return floors.find((r) => isConcurrent(r) === isConcurrent(row)) ?? floors.find((r) => !isConcurrent(r));
}

function keycardOf(rows, row, primaryBackend) {
  return rows.find((r) => r.reference === "keycard" && r.backend === primaryBackend && isConcurrent(r) === isConcurrent(row) && measured(r));
}

const ratio = (row, ref) => (ref === undefined || !measured(row) ? "" : `${(row.opsPerSec / ref.opsPerSec).toFixed(2)}x`);

const COLUMNS = [
  ["", 44, "left"], ["backend", 11, "left"], ["mode", 5, "left"], ["ops/s @ ns/op", 27], ["spread", 6],
  ["vs floor", 13], ["vs keycard", 10],
];

function cells(values) {
  return values.map((v, i) => {
    const [, width, align] = COLUMNS[i];
    return align === "left" ? String(v).padEnd(width) : String(v).padStart(width);
  }).join(" ");
}

/** The table of one scenario. */
export function table(title, rows, primaryBackend) {
  const out = [cells([title, ...COLUMNS.slice(1).map(([name]) => name)])];
  const print = (row) => {
    if (row.unsupported !== undefined || row.error !== undefined) {
      out.push(`  ${row.label.padEnd(COLUMNS[0][1] - 2)} ${(row.backend ?? "").padEnd(COLUMNS[1][1])} ` +
        (row.unsupported !== undefined ? `n/a: ${row.unsupported}` : `FAILED: ${row.error}`));
      return;
    }
    const floor = floorOf(rows, row);
    out.push(cells([
      `  ${row.label}`, row.backend ?? "", row.mode,
      `${int.format(row.opsPerSec)} ops/s @ ${int.format(row.nsPerOp)} ns`,
      row.spread === undefined ? "" : `${(row.spread * 100).toFixed(0)}%`,
      row.kind === "floor" ? `(${row.floor} floor)` : floor ? `${ratio(row, floor)} ${row.floor}` : "",
      ratio(row, keycardOf(rows, row, primaryBackend)),
    ]));
  };
  for (const row of rows.filter((r) => !isConcurrent(r))) print(row);
  const concurrent = rows.filter(isConcurrent);
  if (concurrent.length > 0) {
    out.push(`  -- async APIs with ${concurrent[0].mode.slice(1)} calls in flight (throughput; ns/op = wall time / calls)`);
    for (const row of concurrent) print(row);
  }
  return out.join("\n");
}

/**
 * Issue 7's targets, each checked on every scenario it applies to, from this run's rows.
 * @param {{scenario: {name, alg, op, size}, rows: object[]}[]} results
 * @returns {string}
 */
export function targets(results) {
  const checks = [];
  const add = (target, scenario, value, goal, note = "") => {
    if (value === undefined || !Number.isFinite(value)) return;
    checks.push({ target, scenario, value, goal, met: value >= goal, note });
  };
  for (const { scenario, rows } of results) {
    const find = (pred) => rows.find((r) => measured(r) && pred(r));
    const prepared = (backend, concurrent) => find((r) => r.reference === "keycard" && r.backend === backend && isConcurrent(r) === concurrent);
    const over = (a, b) => (a && b ? a.opsPerSec / b.opsPerSec : undefined);
    const web = prepared("webcrypto", false);
    const webX = prepared("webcrypto", true);
    const node = prepared("node:crypto", false);
    add("WebCrypto backend / crypto.subtle floor, one at a time", scenario.name, over(web, floorOf(rows, web ?? {})), 0.95);
    add(`WebCrypto backend / crypto.subtle floor, ${webX?.mode ?? "xN"}`, scenario.name, over(webX, floorOf(rows, webX ?? {})), 0.9);
    if (scenario.alg === "HS256") {
      add("WebCrypto backend / jose with a Uint8Array secret", scenario.name, over(web, find((r) => r.label.startsWith("jose") && r.label.includes("Uint8Array") && !isConcurrent(r))), 1.6);
    }
    add("Node.js backend / node:crypto floor", scenario.name, over(node, floorOf(rows, node ?? {})), 0.85);
    const fast = find((r) => r.label.startsWith("fast-jwt") && r.cache === undefined);
    add("Node.js backend / fast-jwt", scenario.name, over(node, fast), scenario.alg === "HS256" ? 1.2 : 1.0);
    const hit = find((r) => r.cache === "hit" && r.backend === "node:crypto");
    add("cache hits / fast-jwt cache hits", scenario.name, over(hit, find((r) => r.label.startsWith("fast-jwt") && r.cache === "hit")), 1.5);
    for (const backend of ["node:crypto", "webcrypto"]) {
      const miss = find((r) => r.cache === "miss" && r.backend === backend && !isConcurrent(r));
      const none = find((r) => r.cache === "none" && r.backend === backend && !isConcurrent(r));
      add(`cache on all-distinct tokens: speed kept (${backend})`, scenario.name, over(miss, none), 0.95);
    }
  }
  if (checks.length === 0) return "";
  const width = Math.max(...checks.map((c) => c.target.length));
  const scenarioWidth = Math.max(...checks.map((c) => c.scenario.length));
  const lines = [`targets (issue 7), from this run: ${checks.filter((c) => c.met).length} of ${checks.length} met`];
  for (const c of checks) {
    lines.push(`  ${c.target.padEnd(width)}  ${c.scenario.padEnd(scenarioWidth)}  ${c.value.toFixed(2).padStart(6)}x  ` +
      `${c.met ? "met   " : "MISSED"} (>= ${c.goal.toFixed(2)}x)`);
  }
  return lines.join("\n");
}
