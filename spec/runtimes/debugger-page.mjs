// The offline token debugger (debugger/, served by `keycard serve`) in headless Chromium, driven over the
// DevTools protocol with no npm dependency: Chromium's --remote-debugging-pipe (we write JSON messages ending in
// NUL on its fd 3 and read them from its fd 4). As a user would: start `keycard serve` from the built package,
// open the page, paste an HS256 token (Input.insertText), type its secret, read back the decoded claims, the
// human times, the lint findings and "valid"; add a character to the secret and read "invalid"; then paste an
// ES256 token and verify it against a JWK Set URL (a server on 127.0.0.1); press "Try an example". Checks that the page requested
// nothing but its own files and that JWK Set, and writes a screenshot (Page.captureScreenshot) to a temporary
// folder, or where --screenshot says:
//
//   node spec/runtimes/debugger-page.mjs [--screenshot docs/images/debugger.png]   (refreshes the README's image)
//
// run.mjs runs it as the "chromium (debugger page)" row of `npm run test:runtimes`.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, binaries, killGroup, packageRoot } from "./tools.mjs";
import { CHROMIUM_FLAGS } from "./runners.mjs";

const TIMEOUT_MS = 60_000;

/** A DevTools protocol session over Chromium's pipe: `send(method, params, sessionId)` resolves with the result. */
function devtools(child) {
  let nextId = 1, buffer = "";
  const pending = new Map();
  const listeners = [];
  child.stdio[4].on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const { resolve: done, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else done(message.result);
      } else if (message.method !== undefined) {
        for (const listener of listeners) listener(message);
      }
    }
  });
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      child.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
      return new Promise((done, reject) => pending.set(id, { resolve: done, reject, method }));
    },
    on(listener) {
      listeners.push(listener);
    },
  };
}

/** Starts `keycard serve --json` from the package and resolves with { child, url }. */
function startServe(cli) {
  const child = spawn(process.execPath, [cli, "serve", "--json"], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((done, reject) => {
    let out = "", err = "";
    const timer = setTimeout(() => reject(new Error(`keycard serve printed no URL within 20 s\n${err}`)), 20_000);
    child.stderr.on("data", (chunk) => (err += chunk));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      try {
        const { url } = JSON.parse(out);
        clearTimeout(timer);
        done({ child, url });
      } catch {
        // not the whole JSON yet
      }
    });
    child.on("exit", (code) => reject(new Error(`keycard serve exited (${code})\n${err}`)));
  });
}

/** A JWK Set server on 127.0.0.1 (with CORS, as identity providers serve their sets to browsers). */
function startJWKSServer(jwks) {
  const server = createServer((request, response) => {
    response.writeHead(request.url === "/jwks.json" ? 200 : 404, { "content-type": "application/json", "access-control-allow-origin": "*" });
    response.end(request.url === "/jwks.json" ? JSON.stringify(jwks) : "{}");
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done({ server, url: `http://127.0.0.1:${server.address().port}/jwks.json` })));
}

/** The tokens and keys of the scenario, made with the built library. */
async function scenario(dist) {
  const keycard = await import(pathToFileURL(join(dist, "index.js")).href);
  const secret = "a-debugger-test-secret-of-more-than-32-bytes";
  const hsToken = await keycard.sign({ sub: "user-42", name: "Ada", scope: "read:orders" }, secret, {
    expiresIn: "15m", issuer: "https://auth.example.com", audience: "orders-api",
  });
  const { privateKey, publicKey } = await keycard.generateKeyPair("ES256");
  const jwk = { ...(await keycard.exportJWK(publicKey)), kid: "2026-11", alg: "ES256", use: "sig" };
  const esToken = await keycard.sign({ sub: "user-42", email: "ada@example.com", scope: "read:orders write:orders" }, privateKey, {
    alg: "ES256", kid: "2026-11", expiresIn: "2d", issuer: "https://auth.example.com",
  });
  return { secret, hsToken, esToken, jwks: { keys: [jwk] } };
}

/** What the page shows, read from its DOM. */
const READ_PAGE = `(() => {
  const text = (id) => document.getElementById(id).textContent;
  return JSON.stringify({
    updates: Number(document.body.dataset.updates ?? 0),
    parts: [...document.querySelectorAll("#encoded span")].map((s) => s.className).filter((c) => c.startsWith("part-")),
    header: text("header"), payload: text("payload"),
    times: [...document.querySelectorAll("#times tr")].map((r) => ({ claim: r.dataset.claim, text: r.textContent })),
    findings: [...document.querySelectorAll("#findings li")].map((li) => ({ id: li.dataset.id, severity: li.dataset.severity, text: li.textContent })),
    verify: { status: document.getElementById("verify-result").dataset.status, text: text("verify-result") },
    decodeError: document.getElementById("decode-error").hidden ? undefined : text("decode-error"),
  });
})()`;

/**
 * Runs the scenario. Resolves with { passed, failed, failures, version, screenshot }; `error` when it could not
 * run at all. `screenshotPath`: where to write the PNG (default: a temporary folder, removed afterwards).
 */
export async function debuggerPage(ctx, { screenshotPath } = {}) {
  const binary = binaries.chromium();
  if (binary instanceof Error) return { runtime: "chromium (debugger page)", error: binary.message };
  const root = packageRoot(ctx);
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok: Boolean(ok), message: ok ? undefined : detail });
  const { secret, hsToken, esToken, jwks } = await scenario(join(root, "dist"));
  const serve = await startServe(join(root, "dist", "node", "cli.js"));
  const jwksServer = await startJWKSServer(jwks);
  const profile = join(ctx.tmp, "chromium-debugger-profile");
  mkdirSync(profile, { recursive: true });
  const chrome = spawn(binary, [...CHROMIUM_FLAGS, "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank"], {
    detached: true, stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
  });
  let log = "";
  chrome.stderr.on("data", (chunk) => (log += chunk));
  const deadline = setTimeout(() => killGroup(chrome), TIMEOUT_MS);
  try {
    const cdp = devtools(chrome);
    const { product } = await cdp.send("Browser.getVersion");
    const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
    const page = (method, params) => cdp.send(method, params, sessionId);
    const requests = [];
    cdp.on((message) => {
      if (message.sessionId === sessionId && message.method === "Network.requestWillBeSent") requests.push(message.params.request.url);
    });
    await page("Network.enable");
    await page("Page.enable");
    await page("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    await page("Page.navigate", { url: serve.url });

    const evaluate = async (expression) => (await page("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;
    const read = async () => JSON.parse(await evaluate(READ_PAGE));
    /** Waits until `predicate(state)` holds; returns the state (or the last one seen, after 20 s). */
    const waitFor = async (predicate) => {
      const until = Date.now() + 20_000;
      let state;
      while (Date.now() < until) {
        try {
          state = await read();
          if (predicate(state)) return state;
        } catch {
          // the page is still loading
        }
        await new Promise((done) => setTimeout(done, 50));
      }
      return state ?? {};
    };
    const typeInto = async (selector, text) => {
      await evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
      await page("Input.insertText", { text });
    };
    const settled = (state) => ["valid", "invalid", "expired", "key", "malformed"].includes(state.verify?.status);

    await waitFor((state) => state.updates >= 1);
    // 1. An HS256 token, pasted, then its secret typed.
    await typeInto("#token", hsToken);
    let state = await waitFor((s) => s.findings.length > 0 && s.verify.status === "none");
    check("the token's three parts are shown colour-coded", JSON.stringify(state.parts) === JSON.stringify(["part-header", "part-payload", "part-signature"]), `parts: ${JSON.stringify(state.parts)}`);
    check("the decoded header says HS256", state.header?.includes('"alg": "HS256"'), `header: ${state.header}`);
    check("the decoded claims are shown", state.payload?.includes('"sub": "user-42"') && state.payload.includes('"aud": "orders-api"'), `payload: ${state.payload}`);
    const exp = state.times?.find((t) => t.claim === "exp");
    check("exp is shown as a date and \"expires in 14 min\"", exp !== undefined && /\d{4}-\d{2}-\d{2}T/.test(exp.text) && /expires in 1[45] min/.test(exp.text), `times: ${JSON.stringify(state.times)}`);
    check("the payload annotates iat with \"issued ... ago\"", /\/\/ \d{4}-[^,]+, issued \d+ s ago/.test(state.payload ?? ""), `payload: ${state.payload}`);
    const ids = (state.findings ?? []).map((f) => `${f.severity}:${f.id}`);
    check("lint findings for the HS256 token: no-jti (low) and alg-hmac (info), nothing else", JSON.stringify(ids) === JSON.stringify(["low:no-jti", "info:alg-hmac"]), `findings: ${JSON.stringify(ids)}`);
    check("each finding names its RFC section", (state.findings ?? []).every((f) => /\(RFC \d+ §[\d.]+\)$/.test(f.text)), `findings: ${JSON.stringify(state.findings)}`);
    await typeInto("#key", secret);
    state = await waitFor(settled);
    check("verified with the right secret: valid", state.verify?.status === "valid" && /HS256/.test(state.verify.text), `verify: ${JSON.stringify(state.verify)}`);
    await typeInto("#key", "x");
    state = await waitFor((s) => settled(s) && s.verify.status !== "valid");
    check("a changed secret: invalid (ERR_JWT_SIGNATURE_INVALID)", state.verify?.status === "invalid" && state.verify.text.includes("ERR_JWT_SIGNATURE_INVALID"), `verify: ${JSON.stringify(state.verify)}`);

    // 2. A malformed token: an error, no claims.
    await evaluate(`(() => { const t = document.getElementById("token"); t.value = ""; t.dispatchEvent(new Event("input")); })()`);
    await typeInto("#token", "eyJhbGciOiJIUzI1NiJ9.not-base64!.x");
    state = await waitFor((s) => s.decodeError !== undefined);
    check("a malformed token: an error and no claims", state.decodeError?.includes("Not a JWT") && state.payload === "", `decodeError: ${state.decodeError}, payload: ${state.payload}`);

    // 3. An ES256 token verified with a JWK Set URL.
    await evaluate(`(() => { const t = document.getElementById("token"); t.value = ""; t.dispatchEvent(new Event("input"));
      document.querySelector('input[name="key-kind"][value="jwks"]').click(); })()`);
    await typeInto("#token", esToken);
    await typeInto("#jwks-url", jwksServer.url);
    state = await waitFor((s) => settled(s) && s.header.includes("ES256"));
    check("verified with a JWK Set URL: valid (ES256)", state.verify?.status === "valid" && state.verify.text.includes("ES256"), `verify: ${JSON.stringify(state.verify)}`);
    const esIds = (state.findings ?? []).map((f) => f.id);
    check("lint findings for the ES256 token: long-lifetime, no-aud, no-jti", ["long-lifetime", "no-aud", "no-jti"].every((id) => esIds.includes(id)) && !esIds.includes("alg-hmac"), `findings: ${JSON.stringify(esIds)}`);

    // 4. "Try an example": a token and its secret made in the page, valid.
    await evaluate(`document.querySelector('input[name="key-kind"][value="pem"]').click()`);
    await waitFor((s) => s.verify.status !== "valid");
    await evaluate(`document.getElementById("example").click()`);
    state = await waitFor((s) => settled(s) && s.header.includes("HS256"));
    check("\"Try an example\" fills a token and its secret that verify", state.verify?.status === "valid" && state.payload.includes("Ada Lovelace"), `verify: ${JSON.stringify(state.verify)}`);
    await evaluate(`(() => { const t = document.getElementById("token"); t.value = ""; t.dispatchEvent(new Event("input"));
      document.querySelector('input[name="key-kind"][value="jwks"]').click(); })()`);
    await typeInto("#token", esToken);
    state = await waitFor((s) => settled(s) && s.header.includes("ES256"));

    // Nothing but the page's own files and the JWK Set URL was requested.
    const origin = new URL(serve.url).origin;
    const strays = requests.filter((url) => !url.startsWith(origin + "/") && url !== jwksServer.url && url !== "about:blank");
    check("the page requested only its own files and the JWK Set it was given", strays.length === 0 && requests.includes(jwksServer.url), `requests: ${JSON.stringify(requests)}`);

    await evaluate("window.scrollTo(0, 0)");
    const { data } = await page("Page.captureScreenshot", { format: "png" });
    const dir = screenshotPath === undefined ? join(ctx.tmp, "debugger-screenshot") : dirname(screenshotPath);
    mkdirSync(dir, { recursive: true });
    const path = screenshotPath ?? join(dir, "debugger.png");
    writeFileSync(path, Buffer.from(data, "base64"));
    check("a screenshot was written", data.length > 10_000, `screenshot of ${data.length} base64 characters`);
    const failures = checks.filter((c) => !c.ok).map(({ name, message }) => ({ name: `debugger page: ${name}`, message }));
    return {
      runtime: "chromium (debugger page)", version: product.replace(/^[^/]*\//, ""), loaded: "keycard serve → /debugger/, /dist/index.js by URL",
      backend: "webcrypto", passed: checks.length - failures.length, failed: failures.length, failures, screenshot: path, log,
    };
  } catch (error) {
    return { runtime: "chromium (debugger page)", error: `${error.message}\n${log.trim().split("\n").slice(-8).join("\n")}` };
  } finally {
    clearTimeout(deadline);
    killGroup(chrome);
    killGroup(serve.child);
    jwksServer.server.close();
  }
}

// Run on its own: node spec/runtimes/debugger-page.mjs [--screenshot PATH]
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const at = process.argv.indexOf("--screenshot");
  const screenshotPath = at >= 0 ? resolve(process.argv[at + 1]) : undefined;
  const tmp = mkdtempSync(join(tmpdir(), "keycard-debugger-"));
  try {
    const result = await debuggerPage({ dist: join(ROOT, "dist"), tmp }, { screenshotPath });
    if (result.error !== undefined) {
      console.log(`could not run: ${result.error}`);
      process.exitCode = 1;
    } else {
      console.log(`debugger page in Chromium ${result.version}: ${result.passed} passed, ${result.failed} failed`);
      for (const f of result.failures) console.log(`  ✗ ${f.name}\n      ${f.message}`);
      if (screenshotPath !== undefined) console.log(`screenshot: ${screenshotPath}`);
      process.exitCode = result.failed === 0 ? 0 : 1;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
