// Type-checks, in parallel: everything (lib, spec, bench) with Node's types, and lib/ outside lib/node/ with no
// Node types at all (tsconfig.web.json), which proves at compile time that the core uses web-standard APIs only.
// Type regression tests (spec/types/) are part of the first.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const check = (project) => new Promise((resolve) => {
  const child = spawn(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
  child.on("exit", (code) => resolve(code === 0));
});
const results = await Promise.all(["tsconfig.json", "tsconfig.web.json"].map(check));
process.exit(results.every(Boolean) ? 0 : 1);
