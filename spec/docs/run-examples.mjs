// Runs the code examples of the documentation in one Node.js process, one after the other, each as its own ES
// module (so each has its own top-level names and imports "keycard" as a user would). What each example prints
// with console.log is kept apart, and the results go to stdout as one JSON line after the marker below, for
// spec/docs/examples.test.ts to judge. One process instead of one per example: starting Node.js is most of an
// example's cost. Usage: node --import ./spec/docs/example-issuer.mjs spec/docs/run-examples.mjs a.mjs b.mjs ...
import { pathToFileURL } from "node:url";
import { format } from "node:util";

export const MARKER = "\u0000keycard-examples\u0000";
const write = process.stdout.write.bind(process.stdout);
const results = [];
let current;
for (const level of ["log", "info", "warn", "error", "debug"]) {
  console[level] = (...args) => {
    const line = format(...args);
    if (current === undefined) return void process.stderr.write(line + "\n");
    (level === "log" || level === "info" ? current.stdout : current.stderr).push(line);
  };
}

for (const path of process.argv.slice(2)) {
  current = { path, stdout: [], stderr: [], error: undefined };
  try {
    await import(pathToFileURL(path).href);
  } catch (error) {
    current.error = error instanceof Error ? (error.stack ?? String(error)) : `thrown: ${format(error)}`;
  }
  results.push(current);
}
current = undefined;
write(`${MARKER}${JSON.stringify(results)}\n`, () => process.exit(0)); // servers or timers left open do not keep it alive
