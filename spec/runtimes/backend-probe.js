// Which crypto backend a loaded keycard runs on, proven on the module instance keycard actually uses.
// Shared by every runtime's entry (entry-cli.mjs, worker.mjs, page.html); plain ES module, no imports.
//
// keycard keeps its backend in dist/jwa/signature.js (`backendName()`, `useBackend()`); the Node.js entry
// (dist/node/index.js) installs node:crypto there, every other entry leaves WebCrypto. A runner imports that
// module by the URL its runtime resolved (the same URL the entry's own relative import reaches, hence the same
// instance) and hands it here with the library's namespace. To prove it is the same instance, the probe puts a
// counting backend in place (delegating to the real one), signs and verifies one token through the namespace,
// and puts the real backend back: both calls must have gone through the counter.
export async function probeBackend(keycard, signature, loadBackend) {
  const name = signature.backendName();
  const real = await loadBackend(name);
  if (real?.name !== name) return { backend: name, sameInstance: false, probe: `no backend module for ${name}` };
  let calls = 0;
  signature.useBackend({
    name: "probe",
    sign: (...args) => (calls++, real.sign(...args)),
    verify: (...args) => (calls++, real.verify(...args)),
  });
  try {
    const secret = keycard.generateSecret("HS256");
    const token = await keycard.sign({ sub: "probe" }, secret, { alg: "HS256" });
    await keycard.verify(token, secret, { algorithms: ["HS256"] });
  } catch (error) {
    return { backend: name, sameInstance: false, probe: `sign/verify failed: ${error?.message ?? error}` };
  } finally {
    signature.useBackend(real);
  }
  const sameInstance = calls === 2 && signature.backendName() === name;
  return { backend: name, sameInstance, probe: `${calls} backend calls seen through dist/jwa/signature.js` };
}

/** The module URL of the backend named `name`, relative to the package's dist/ URL. */
export function backendModuleURL(name, distURL) {
  return new URL(name === "node:crypto" ? "node/backend.js" : "jwa/webcrypto.js", distURL).href;
}
