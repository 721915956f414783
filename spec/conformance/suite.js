// keycard's portable conformance suite: one set of checks that runs unchanged on Node.js, Deno, Bun, workerd and
// in a browser page. Plain ES modules, web-standard globals only (crypto.subtle, TextEncoder, btoa, Response,
// AbortSignal, setTimeout); it never imports the library: each runner loads the built package its own way and
// passes the namespace in, together with the RFC vectors (spec/vectors/rfc/*.json, which it reads its own way).
//
//   import { run, summary } from "./suite.js";
//   const result = await run(keycard, { vectors });   // { passed, failed, total, ms, failures: [{ name, message }] }
//   console.log(summary(result));                    // "N passed, N failed" and the failures, one a line
//
// Groups, in order: exports, rfc (RFC 7515/7519/7520/8037 vectors, RFC 7638 thumbprints), roundtrip (every
// algorithm with fresh keys), keys (JWK and PEM import), claims (step 5 at its boundaries), jwks (local
// selection, remote through a fetch from memory), hostile (tokens an attacker sends, by error code), lifecycle
// (Bearer, authenticate, token pairs, rotation and reuse detection, revocation, cookies), lint (lintToken).
import { createCollector, describeError } from "./harness.js";
import * as exportsGroup from "./exports.js";
import * as rfcGroup from "./rfc.js";
import * as roundtripGroup from "./roundtrip.js";
import * as keysGroup from "./keys.js";
import * as claimsGroup from "./claims.js";
import * as jwksGroup from "./jwks.js";
import * as hostileGroup from "./hostile.js";
import * as lifecycleGroup from "./lifecycle.js";
import * as lintGroup from "./lint.js";

export const GROUPS = [
  ["exports", exportsGroup],
  ["rfc", rfcGroup],
  ["roundtrip", roundtripGroup],
  ["keys", keysGroup],
  ["claims", claimsGroup],
  ["jwks", jwksGroup],
  ["hostile", hostileGroup],
  ["lifecycle", lifecycleGroup],
  ["lint", lintGroup],
];

/**
 * Runs every check against `keycard` (the library's namespace object).
 * @param options.vectors the RFC vectors: the `vectors` arrays of spec/vectors/rfc/*.json, concatenated
 * @param options.onResult called with each `{ name, ok, ms, message? }` as it is decided (for progress output)
 * @param options.only run only the groups with these names
 */
export async function run(keycard, { vectors = [], onResult, only } = {}) {
  const started = Date.now();
  const collector = createCollector({ onResult });
  const ctx = { keycard, vectors, check: collector.check, keys: undefined };
  if (typeof keycard !== "object" || keycard === null) {
    await collector.check("suite: the library namespace was given", () => {
      throw new Error(`run() was given ${keycard === null ? "null" : typeof keycard} instead of the library's namespace`);
    });
  } else {
    for (const [name, group] of GROUPS) {
      if (only !== undefined && !only.includes(name) && name !== "roundtrip") continue; // roundtrip makes the keys
      try {
        await group.run(ctx);
      } catch (error) {
        // A group that throws outside a check (a bug in the suite, or an API so broken the group cannot go on).
        await collector.check(`${name}: the group stopped early`, () => {
          throw new Error(describeError(error));
        });
      }
    }
  }
  const { results } = collector;
  const failures = results.filter((r) => !r.ok).map(({ name, message }) => ({ name, message }));
  return {
    passed: results.length - failures.length,
    failed: failures.length,
    total: results.length,
    ms: Date.now() - started,
    failures,
  };
}

/** The result as text: `N passed, N failed`, then one line per failure. */
export function summary(result) {
  const lines = [`${result.passed} passed, ${result.failed} failed`];
  for (const { name, message } of result.failures) lines.push(`  ✗ ${name}\n      ${message}`);
  return lines.join("\n");
}
