// The conformance suite inside a Cloudflare Worker, run by workerd (spec/runtimes/workerd.capnp.template).
// Every module is listed in the config by name: the built library as "dist/..." (dist/node/ left out), the
// suite as "spec/conformance/...", the RFC vectors as "vectors.js". The library's modules import each other by
// relative specifiers only, which workerd's default module registry resolves like URLs. A GET answers with
// the suite's result as JSON. The library is imported dynamically so that a module that cannot load becomes
// a reported failure.
export default {
  async fetch() {
    const result = { runtime: "workerd", userAgent: navigator.userAgent, entry: "dist/index.js" };
    // The config turns Node.js compatibility off; runners.mjs fails the row if any of these is there after all.
    result.nodeGlobals = ["Buffer", "process", "setImmediate"].filter((name) => globalThis[name] !== undefined);
    try {
      const keycard = await import("./dist/index.js");
      const { default: vectors } = await import("./vectors.js");
      const { run } = await import("./spec/conformance/suite.js");
      Object.assign(result, await run(keycard, { vectors }));
      // The backend, proven on the module instance dist/index.js uses (backend-probe.js).
      const { probeBackend } = await import("./backend-probe.js");
      const signature = await import("./dist/jwa/signature.js");
      Object.assign(result, await probeBackend(keycard, signature, async (name) =>
        name === "webcrypto" ? (await import("./dist/jwa/webcrypto.js")).backend : undefined));
    } catch (error) {
      result.error = `the suite could not run: ${error?.name ?? "Error"}: ${error?.message ?? String(error)}`;
    }
    return new Response(JSON.stringify(result), { headers: { "content-type": "application/json" } });
  },
};
