// keycard token debugger: everything happens in this page, with the library's built ES modules loaded by URL
// (no bundler). Decoding, the RFC 8725 review (lintToken) and verification (verify) run here; the only request
// the page can make is to a JWK Set URL typed by the user (see the Content-Security-Policy in index.html).
// User data is only ever written with textContent, never parsed as HTML.
import { createLocalJWKSet, createRemoteJWKSet, decode, generateSecret, importPEM, lintToken, sign, verify } from "../dist/index.js";
import { timeClaimText } from "../dist/lint/time.js";

const $ = (id) => document.getElementById(id);
const ui = {
  token: $("token"), encoded: $("encoded"), decodeError: $("decode-error"), header: $("header"), payload: $("payload"),
  times: $("times"), key: $("key"), jwksURL: $("jwks-url"), base64url: $("secret-base64url"), secretEncoding: $("secret-encoding"),
  iss: $("expect-iss"), aud: $("expect-aud"), verify: $("verify-result"), lintSummary: $("lint-summary"), findings: $("findings"),
};

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const keyKind = () => document.querySelector('input[name="key-kind"]:checked').value;

/** The token as people paste it: whitespace and a "Bearer " prefix left out (as the keycard CLI does). */
const cleanToken = (text) => text.trim().replace(/^(authorization:\s*)?bearer\s+/i, "");

/** The three parts, coloured; anything after a third dot is shown as it is. */
function showParts(token) {
  ui.encoded.replaceChildren();
  const parts = token.split(".");
  const classes = ["part-header", "part-payload", "part-signature"];
  parts.forEach((part, i) => {
    if (i > 0) ui.encoded.append(el("span", "dot", "."));
    ui.encoded.append(el("span", classes[i] ?? "", part));
  });
}

/** Indented JSON with each time claim's date and relative time after it. */
function showJSON(target, value, now) {
  target.replaceChildren();
  const lines = JSON.stringify(value, null, 2).split("\n");
  for (const [i, line] of lines.entries()) {
    const name = /^ {2}"([^"]+)": /.exec(line)?.[1];
    const time = name === undefined ? undefined : timeClaimText(name, value[name], now);
    target.append(line);
    if (time !== undefined) target.append(el("span", "time", `  // ${time.date}, ${time.relative}`));
    if (i < lines.length - 1) target.append("\n");
  }
}

function showTimes(payload, now) {
  const body = ui.times.tBodies[0];
  body.replaceChildren();
  for (const name of Object.keys(payload)) {
    const time = timeClaimText(name, payload[name], now);
    if (time === undefined) continue;
    const row = el("tr");
    row.dataset.claim = name;
    row.append(el("th", "", name), el("td", "", time.date), el("td", "time", time.relative));
    body.append(row);
  }
  ui.times.hidden = body.rows.length === 0;
}

/** A base64url text as bytes, or undefined. */
function base64urlBytes(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const remoteSets = new Map();
const isLoopback = (url) => ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);

/** The key (or resolver) the form describes, and the key lintToken reviews; undefined when none is given. */
async function keyFromForm(alg) {
  const kind = keyKind();
  if (kind === "jwks") {
    const text = ui.jwksURL.value.trim();
    if (text === "") return undefined;
    const url = new URL(text);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url))) throw new Error("a JWK Set URL must be https: (http: only on localhost)");
    if (!remoteSets.has(url.href)) remoteSets.set(url.href, createRemoteJWKSet(url, { allowHttp: url.protocol === "http:" }));
    return { key: remoteSets.get(url.href), review: undefined };
  }
  const text = ui.key.value;
  if (text.trim() === "") return undefined;
  if (kind === "secret") {
    if (!ui.base64url.checked) return { key: text, review: text };
    const bytes = base64urlBytes(text.trim());
    if (bytes === undefined) throw new Error("the secret is not base64url");
    return { key: bytes, review: bytes };
  }
  if (kind === "pem") {
    const key = await importPEM(text, alg);
    return { key, review: key };
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the JWK is not JSON: ${error.message}`);
  }
  if (Array.isArray(json?.keys)) return { key: createLocalJWKSet(json), review: undefined };
  return { key: json, review: json };
}

const STATUS = {
  ERR_JWT_EXPIRED: "expired", ERR_JWT_MALFORMED: "malformed", ERR_KEY_INVALID: "key", ERR_JWKS_FETCH_FAILED: "key", ERR_JWKS_TIMEOUT: "key",
  ERR_INVALID_ARGUMENT: "key",
};

function showVerification(status, text) {
  ui.verify.dataset.status = status;
  ui.verify.textContent = text;
}

function showFindings(findings) {
  ui.findings.replaceChildren();
  for (const f of findings) {
    const item = el("li");
    item.dataset.id = f.id;
    item.dataset.severity = f.severity;
    const message = el("span", "message", f.message + " ");
    message.append(el("span", "rfc", `(${f.rfc})`));
    item.append(el("span", `severity severity-${f.severity}`, f.severity), el("span", "finding-id", f.id), message);
    ui.findings.append(item);
  }
  const counts = ["high", "medium", "low", "info"].map((s) => [s, findings.filter((f) => f.severity === s).length]).filter(([, n]) => n > 0);
  ui.lintSummary.textContent = findings.length === 0 ? "No findings." : `${findings.length} findings: ${counts.map(([s, n]) => `${n} ${s}`).join(", ")}`;
}

let generation = 0;

/** Decodes, reviews and verifies what the form holds; a newer call makes an older one's results stale. */
async function update() {
  const mine = ++generation;
  const stale = () => mine !== generation;
  const kind = keyKind();
  ui.key.hidden = kind === "jwks";
  ui.jwksURL.hidden = kind !== "jwks";
  ui.secretEncoding.hidden = kind !== "secret";
  ui.key.placeholder = { secret: "The HMAC secret, as text", pem: "-----BEGIN PUBLIC KEY-----\n...", jwk: '{"kty":"EC","crv":"P-256","x":"...","y":"..."} or {"keys":[...]}' }[kind] ?? "";
  const token = cleanToken(ui.token.value);
  const now = Date.now() / 1000;
  showParts(token);
  ui.decodeError.hidden = true;
  if (token === "") {
    for (const node of [ui.header, ui.payload, ui.findings]) node.replaceChildren();
    ui.times.hidden = true;
    ui.lintSummary.textContent = "";
    showVerification("none", "Paste a token and a key to verify it.");
    return finish(mine);
  }
  let decoded;
  try {
    decoded = decode(token);
  } catch (error) {
    for (const node of [ui.header, ui.payload, ui.findings]) node.replaceChildren();
    ui.times.hidden = true;
    ui.lintSummary.textContent = "";
    ui.decodeError.hidden = false;
    ui.decodeError.textContent = `Not a JWT: ${error.message}`;
    showVerification("malformed", "Nothing to verify: the token is malformed.");
    return finish(mine);
  }
  showJSON(ui.header, decoded.header, now);
  showJSON(ui.payload, decoded.payload, now);
  showTimes(decoded.payload, now);

  let key, keyError;
  try {
    key = await keyFromForm(decoded.header.alg);
  } catch (error) {
    keyError = error;
  }
  if (stale()) return;
  try {
    showFindings(await lintToken(token, key?.review === undefined ? {} : { key: key.review }));
  } catch (error) {
    ui.lintSummary.textContent = `Review failed: ${error.message}`;
  }
  if (stale()) return;
  if (key === undefined) {
    if (keyError !== undefined) showVerification("key", `The key cannot be used: ${keyError.message}`);
    else showVerification("none", "Give a key to verify the signature.");
    return finish(mine);
  }
  showVerification("checking", "Verifying...");
  const options = {};
  if (ui.iss.value.trim() !== "") options.issuer = ui.iss.value.trim();
  if (ui.aud.value.trim() !== "") options.audience = ui.aud.value.trim();
  try {
    const { header } = await verify(token, key.key, options);
    if (stale()) return;
    showVerification("valid", `Signature verified (${header.alg}), claims valid.`);
  } catch (error) {
    if (stale()) return;
    showVerification(STATUS[error.code] ?? "invalid", `${STATUS[error.code] === "expired" ? "Expired" : "Invalid"}: ${error.message} (${error.code ?? "error"})`);
  }
  return finish(mine);
}

/** Marks the page as up to date, for people and for tests (body[data-updates] counts finished updates). */
function finish(mine) {
  if (mine !== generation) return;
  document.body.dataset.updates = String(Number(document.body.dataset.updates ?? 0) + 1);
  document.body.dataset.state = "ready";
}

/** "Try an example": a fresh HS256 token and its random secret, made here (nothing is fetched). */
async function example() {
  const secret = generateSecret("HS256");
  const token = await sign({ sub: "user-42", name: "Ada Lovelace", scope: "read:orders" }, secret, {
    expiresIn: "15m", issuer: "https://auth.example.com", audience: "orders-api",
  });
  document.querySelector('input[name="key-kind"][value="secret"]').checked = true;
  ui.base64url.checked = true;
  ui.key.value = btoa(String.fromCharCode(...secret)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  ui.token.value = token;
  update();
}

$("example").addEventListener("click", example);
for (const node of [ui.token, ui.key, ui.jwksURL, ui.iss, ui.aud]) node.addEventListener("input", update);
// Relative times ("expires in 14 min") age while the page is open: refresh them every 30 s.
setInterval(() => {
  if (ui.token.value.trim() !== "") update();
}, 30_000);
for (const node of document.querySelectorAll('input[name="key-kind"], #secret-base64url')) node.addEventListener("change", update);
update();
