/**
 * Printing: the environment header and one table per scenario. Ratios are ops/sec divided by a reference
 * line's ops/sec measured in the same mode (one at a time, or N in flight):
 * - "vs keycard": keycard's prepared API (`createSigner` / `createVerifier`) on the first backend measured;
 * - "vs subtle": the bare `crypto.subtle` call (the WebCrypto floor).
 * Above 1.00x is faster than the reference, below is slower. "spread" is (fastest round - slowest round) / median.
 */
import { cpus, loadavg, platform, arch } from "node:os";

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function ratio(row, ref) {
  if (ref === undefined || row.opsPerSec === undefined) return "";
  return `${(row.opsPerSec / ref.opsPerSec).toFixed(2)}x`;
}

const isConcurrent = (row) => typeof row.mode === "string" && row.mode.startsWith("x");

export function environment({ backends, peers, settings }) {
  const cpu = cpus();
  const lines = [
    `node ${process.version} (V8 ${process.versions.v8}), ${platform()} ${arch()}, ` +
      `${cpu[0]?.model?.trim() ?? "unknown CPU"} x ${cpu.length}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `keycard backends: ${backends.map((b) => `${b.backend}${b.condition ? ` (--conditions=${b.condition})` : " (default on Node)"}`).join(", ")}`,
    `peers: ${peers ? Object.entries(peers).map(([n, v]) => `${n} ${v}`).join(", ") : "not installed (cd bench/peers && npm ci)"}`,
    `timing: ${settings.timeMs} ms per line in ${settings.rounds} round${settings.rounds > 1 ? "s" : ""} (median round shown), ` +
      `after ${settings.warmupMs} ms warm-up` +
      (settings.concurrency > 1 ? `; "x${settings.concurrency}" lines keep ${settings.concurrency} calls in flight` : "") +
      (backends.every((b) => b.gc) ? "; GC before each round" : ""),
  ];
  return lines.join("\n");
}

const COLUMNS = [
  ["", 40, "left"], ["backend", 12, "left"], ["mode", 5, "left"], ["ops/sec", 10], ["ns/op", 11], ["spread", 7],
  ["vs keycard", 11], ["vs subtle", 10],
];

function cells(values) {
  return values.map((v, i) => {
    const [, width, align] = COLUMNS[i];
    return align === "left" ? String(v).padEnd(width) : String(v).padStart(width);
  }).join(" ");
}

/** The table of one scenario. */
export function table(name, rows, primaryBackend) {
  const refs = (kind, concurrent) => rows.find((r) => r.reference === kind && isConcurrent(r) === concurrent &&
    (kind !== "keycard" || r.backend === primaryBackend) && r.opsPerSec !== undefined);
  const out = [cells([name, ...COLUMNS.slice(1).map(([title]) => title)])];
  const print = (row) => {
    if (row.unsupported !== undefined || row.error !== undefined) {
      out.push(`  ${row.label.padEnd(COLUMNS[0][1] - 2)} ${(row.backend ?? "").padEnd(COLUMNS[1][1])} ` +
        (row.unsupported !== undefined ? `n/a: ${row.unsupported}` : `FAILED: ${row.error}`));
      return;
    }
    const concurrent = isConcurrent(row);
    out.push(cells([
      `  ${row.label}`, row.backend ?? "", row.mode, int.format(row.opsPerSec), int.format(row.nsPerOp),
      row.spread === undefined ? "" : `${(row.spread * 100).toFixed(0)}%`,
      ratio(row, refs("keycard", concurrent)), ratio(row, refs("subtle", concurrent)),
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
