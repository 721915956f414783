// Loads every test file named on the command line into this one process, so that node:test runs them all here.
// One process per backend instead of one per file: starting Node.js with tsx costs about 0.4 s of CPU, and the
// suite has dozens of files (measured: the node:crypto run went from 35 s to 19 s on a 2-core machine).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
