// The conformance suite's entry on command-line runtimes: Node.js, Deno and Bun run this same file, copied by
// runners.mjs into a throwaway application whose node_modules/keycard links to the package (package.json + dist/).
//   <runtime> entry.mjs <suite.js URL> <vectors module URL> <backend-probe.js URL>
// It imports the library the way an application does, `import("keycard")`, so the runtime's own resolution of
// the package's "exports" conditions picks the entry (node → dist/node/index.js, deno/bun/keycard-webcrypto →
// dist/index.js). It runs spec/conformance/suite.js and prints one line, `KEYCARD_RESULT {json}`, with the
// entry the runtime chose and the backend keycard ran on, for spec/runtimes/run.mjs to judge.
const args = globalThis.Deno !== undefined ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const [suiteURL, vectorsURL, probeURL] = args;

function runtime() {
  if (globalThis.Deno !== undefined) return { runtime: "deno", version: globalThis.Deno.version.deno };
  if (globalThis.Bun !== undefined) return { runtime: "bun", version: globalThis.Bun.version };
  return { runtime: "node", version: globalThis.process.version.replace(/^v/, "") };
}

const describe = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Where "keycard" resolved, and the backend it runs on. The entry file and package.json come from the
 * runtime's own resolver; dist/jwa/signature.js is taken from the same package root, which is the URL the
 * entry's relative import (../jwa/signature.js or ./jwa/signature.js) reaches: checked here, then proven by
 * backend-probe.js on the module instance itself.
 */
async function backendOf(keycard) {
  const entryURL = import.meta.resolve("keycard");
  const rootURL = new URL("./", import.meta.resolve("keycard/package.json")).href;
  const entry = entryURL.startsWith(rootURL) ? entryURL.slice(rootURL.length) : entryURL;
  const distURL = new URL("dist/", rootURL).href;
  const signatureURL = new URL("jwa/signature.js", distURL).href;
  const viaEntry = new URL(entry.startsWith("dist/node/") ? "../jwa/signature.js" : "./jwa/signature.js", entryURL).href;
  if (viaEntry !== signatureURL) {
    return { entry, backend: "unknown", sameInstance: false, probe: `the entry imports ${viaEntry}, not ${signatureURL}` };
  }
  const signature = await import(signatureURL);
  const { probeBackend, backendModuleURL } = await import(probeURL);
  return { entry, ...(await probeBackend(keycard, signature, async (name) => (await import(backendModuleURL(name, distURL))).backend)) };
}

let result;
try {
  const keycard = await import("keycard");
  const { default: vectors } = await import(vectorsURL);
  const { run, summary } = await import(suiteURL);
  result = await run(keycard, { vectors });
  try {
    Object.assign(result, await backendOf(keycard));
  } catch (error) {
    Object.assign(result, { backend: "unknown", sameInstance: false, probe: describe(error) });
  }
  console.error(summary(result));
} catch (error) {
  result = { error: `the suite could not run: ${describe(error)}` };
  console.error(result.error);
}
console.log("KEYCARD_RESULT " + JSON.stringify({ ...runtime(), ...result }));
const ok = result.error === undefined && result.failed === 0;
if (globalThis.Deno !== undefined) globalThis.Deno.exit(ok ? 0 : 1);
else globalThis.process.exitCode = ok ? 0 : 1;
