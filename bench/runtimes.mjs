#!/usr/bin/env node
/**
 * Which backend should each runtime get? `node|bun|deno run -A bench/runtimes.mjs [--quick]` (after a build)
 * measures keycard's two backends on the runtime running it, one process, interleaved rounds, medians:
 * WebCrypto (lib/jwa/webcrypto.ts) and node:crypto (lib/node/backend.ts, which Bun and Deno can load through
 * their Node.js compatibility), `createSigner` and `createVerifier` one call at a time and 64 in flight. Before
 * timing it checks that both backends agree: a token signed by one verifies with the other, and HS256 / RS256
 * tokens (deterministic) are identical. The package's `exports` conditions are mapped by what this prints
 * (docs/performance.md). Plain JavaScript on the built dist/, no dependencies, so every runtime runs it as is.
 */
import * as keycard from "../dist/index.js";
import { useBackend } from "../dist/jwa/signature.js";
import { backend as webcrypto } from "../dist/jwa/webcrypto.js";

const quick = (globalThis.process?.argv ?? globalThis.Deno?.args ?? []).includes("--quick");
const runtime = globalThis.Bun ? `bun ${globalThis.Bun.version}` : globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : `node ${process.version}`;
let nodeBackend;
try {
  nodeBackend = (await import("../dist/node/backend.js")).backend;
} catch (error) {
  console.log(`${runtime}: the node:crypto backend does not load here (${error?.message ?? error})`);
}
const backends = [["webcrypto", webcrypto], ...(nodeBackend ? [["node:crypto", nodeBackend]] : [])];

const ALGS = ["HS256", "RS256", "ES256", "EdDSA"];
const keys = {};
for (const alg of ALGS) {
  keys[alg] = alg === "HS256" ? { sign: keycard.generateSecret("HS256"), verify: undefined } : await keycard.generateKeyPair(alg);
  if (alg === "HS256") keys[alg].verify = keys[alg].sign;
  else keys[alg] = { sign: keys[alg].privateKey, verify: keys[alg].publicKey };
}
const payload = { iss: "https://auth.example.com/", sub: "user_8f14e45fceea167a5a36dedd4bea2543", aud: "https://api.example.com",
  jti: "0f8c2e5a-6b1f-4c3e-9d8a-2f6e1b7c9a40", scope: "openid profile email" };
const options = { issuer: payload.iss, audience: payload.aud };

// Agreement: each backend's token verifies under the other; deterministic algorithms give the same token.
const problems = [];
for (const alg of ALGS) {
  const tokens = {};
  for (const [name, backend] of backends) {
    useBackend(backend);
    tokens[name] = await keycard.sign(payload, keys[alg].sign, { alg, iat: 1700000000, expiresIn: "10y" });
  }
  for (const [name, backend] of backends) {
    useBackend(backend);
    for (const [from, token] of Object.entries(tokens)) {
      try {
        await keycard.verify(token, keys[alg].verify, { ...options, algorithms: [alg] });
      } catch (error) {
        problems.push(`${alg}: ${name} refused ${from}'s token (${error.code})`);
      }
      try {
        await keycard.verify(token.slice(0, -2) + (token.endsWith("AA") ? "AQ" : "AA"), keys[alg].verify, { algorithms: [alg] });
        problems.push(`${alg}: ${name} accepted a changed signature`);
      } catch (error) {
        if (error.code !== "ERR_JWT_SIGNATURE_INVALID" && error.code !== "ERR_JWT_MALFORMED") problems.push(`${alg}: ${name}: ${error.code}`);
      }
    }
  }
  if ((alg === "HS256" || alg === "RS256") && new Set(Object.values(tokens)).size !== 1) problems.push(`${alg}: the backends' tokens differ`);
}
console.log(`${runtime}: backends ${backends.map(([n]) => n).join(", ")}; agreement: ${problems.length === 0 ? "ok" : problems.join("; ")}`);

async function time(fn, ms, inFlight) {
  const start = performance.now();
  const end = start + ms;
  let ops = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await fn();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return (ops * 1000) / (performance.now() - start);
}

const ms = quick ? 60 : 200;
const rounds = 5;
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
console.log(`${"operation".padEnd(16)} ${"in flight".padStart(9)} ${backends.map(([n]) => `${n} ops/s`.padStart(18)).join(" ")}   node:crypto / webcrypto`);
for (const alg of ALGS) {
  for (const op of ["sign", "verify"]) {
    const token = await keycard.sign(payload, keys[alg].sign, { alg, expiresIn: "1h" });
    for (const inFlight of [1, 64]) {
      const results = backends.map(() => []);
      for (let r = 0; r < rounds + 1; r++) {
        for (const [i, [, backend]] of backends.entries()) {
          useBackend(backend);
          const fn = op === "sign" ? ((s) => () => s(payload))(keycard.createSigner(keys[alg].sign, { alg }))
            : ((v) => () => v(token))(keycard.createVerifier(keys[alg].verify, { ...options, algorithms: [alg] }));
          const rate = await time(fn, ms, inFlight);
          if (r > 0) results[i].push(rate); // the first round warms up
        }
      }
      const rates = results.map(median);
      console.log(`${`${alg} ${op}`.padEnd(16)} ${String(inFlight).padStart(9)} ${rates.map((r) => int.format(r).padStart(18)).join(" ")}` +
        (rates.length === 2 ? `   ${(rates[1] / rates[0]).toFixed(2)}x` : ""));
    }
  }
}
useBackend(webcrypto);
