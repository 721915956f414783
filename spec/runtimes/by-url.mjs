// The built core loaded by nothing but its URL: `deno run --no-config by-url.mjs <dist/ URL>` from an empty
// directory (no deno.json, no package.json, no import map, no node_modules). dist/ outside dist/node/ is plain
// relative ES modules, so this must work. Signs and verifies an HS256 and an ES256 token and prints one line,
// `KEYCARD_BY_URL {json}`, with the backend (WebCrypto expected).
const [distURL] = globalThis.Deno !== undefined ? globalThis.Deno.args : globalThis.process.argv.slice(2);
let result;
try {
  const keycard = await import(new URL("index.js", distURL).href);
  const { backendName } = await import(new URL("jwa/signature.js", distURL).href);
  const secret = keycard.generateSecret("HS256");
  const hs = await keycard.verify(await keycard.sign({ sub: "hs" }, secret), secret);
  const { privateKey, publicKey } = await keycard.generateKeyPair("ES256");
  const es = await keycard.verify(await keycard.sign({ sub: "es" }, privateKey, { alg: "ES256" }), publicKey);
  result = { ok: hs.payload.sub === "hs" && es.payload.sub === "es", backend: backendName() };
} catch (error) {
  result = { ok: false, error: `${error?.name ?? "Error"}: ${error?.message ?? error}` };
}
console.log("KEYCARD_BY_URL " + JSON.stringify(result));
