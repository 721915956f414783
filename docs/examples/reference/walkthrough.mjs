// `npm start`: the reference architecture in one terminal session. It starts the auth service, the gateway and
// the orders service on 127.0.0.1 (ephemeral ports), then plays a scripted session against them over HTTP,
// printing each request, the status, and what keycard decided. Every step checks its outcome: the script exits
// 1 at the first surprise, 0 when the whole session went as described.
//
// The access token lives 2 seconds here (KEYCARD_DEMO_ACCESS_LIFETIME, in seconds) so that its expiry can be
// watched; the default is 15 minutes. The three services share one in-memory store, which stands in for the
// Redis that several processes would share in production (docs/lifecycle.md).
import { createMemoryStore, decode } from "keycard";
import { startAuthService } from "./auth-service.mjs";
import { startGateway } from "./gateway.mjs";
import { startDownstream } from "./downstream.mjs";

const accessLifetime = Number(process.env.KEYCARD_DEMO_ACCESS_LIFETIME ?? 2);
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const dim = (text) => paint(2, text);
const bold = (text) => paint(1, text);

let stepNumber = 0;
function step(title) {
  console.log(`\n${bold(`${String(++stepNumber).padStart(2)}. ${title}`)}`);
}
function show(text) {
  console.log(`    ${text}`);
}
const short = (token) => (token === undefined ? "(none)" : `${token.slice(0, 16)}…${token.slice(-6)}`);

/** Sends a request, prints it and its answer, and checks the status. */
async function call(method, url, { token, cookie, body, expect, label }) {
  const headers = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (cookie !== undefined) headers.cookie = cookie;
  if (body !== undefined) headers["content-type"] = "application/json";
  const path = new URL(url).pathname;
  const sent = [token !== undefined ? `Authorization: Bearer ${short(token)}` : "", cookie !== undefined ? `Cookie: ${cookie.split("=")[0]}=${short(cookie.split("=")[1])}` : ""].filter(Boolean).join("  ");
  const shown = body === undefined ? "" : ` ${JSON.stringify({ ...body, password: body.password === undefined ? undefined : "…" })}`;
  show(`${dim("→")} ${method} ${path}${shown}${label ? ` (${label})` : ""}${sent ? `  ${dim(sent)}` : ""}`);
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text === "" ? undefined : JSON.parse(text);
  const ok = response.status === expect;
  show(`${dim("←")} ${paint(ok ? (response.status < 300 ? 32 : 33) : 31, response.status)}${ok ? "" : ` (expected ${expect})`}`);
  if (!ok) throw new Error(`${method} ${path}: status ${response.status}, expected ${expect}: ${text}`);
  return { status: response.status, headers: response.headers, json };
}

function decided(text) {
  show(`${paint(36, "keycard:")} ${text}`);
}

/** The refresh cookie of a response, as a client would send it back. */
function cookieOf(response) {
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { header: setCookie.split(";")[0], attributes: setCookie.split("; ").slice(1).filter((a) => !a.startsWith("Max-Age")).join("; ") };
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

export async function main() {
  const store = createMemoryStore();
  const auth = await startAuthService({ store, accessTokenLifetime: accessLifetime });
  const orders = await startDownstream({ jwksURL: auth.jwksURL });
  const gateway = await startGateway({ jwksURL: auth.jwksURL, downstreamURL: orders.url, store });
  const api = `${gateway.url}/api/orders`;
  try {
    console.log(bold("keycard reference architecture"));
    console.log(`  auth service   ${auth.url}   (login, refresh, logout, /.well-known/jwks.json; ES256 keys it rotates)`);
    console.log(`  API gateway    ${gateway.url}   (verifies with createRemoteJWKSet + the revocation list, forwards)`);
    console.log(`  orders service ${orders.url}   (verifies again, reads the claims)`);
    console.log(dim(`  access tokens live ${accessLifetime} s in this demo (15 min by default), refresh tokens 7 days`));

    step("Log in with a wrong password");
    let r = await call("POST", `${auth.url}/auth/login`, { body: { username: "alice", password: "guess" }, expect: 401 });
    show(`auth service: ${r.json.error}, nothing issued`);

    // exp counts whole seconds from iat = floor(now): start near a fresh second so the short demo token lives
    // (almost) its whole 2 s, and use it at once, before the steps that do not need it.
    const fraction = Date.now() % 1000;
    if (fraction > 300) await new Promise((resolve) => setTimeout(resolve, 1000 - fraction));
    step("Log in as alice");
    r = await call("POST", `${auth.url}/auth/login`, { body: { username: "alice", password: "correct horse battery staple" }, expect: 200 });
    const first = { access: r.json.access_token, cookie: cookieOf(r) };
    const header = decode(first.access).header;
    expectEqual(header.typ, "at+jwt", "access token typ");
    decided(`issued an access token (${header.alg}, kid ${header.kid}, typ ${header.typ}, scope ${r.json.scope}, expires in ${r.json.expires_in} s)`);
    decided(`and a refresh token (typ rt+jwt) in a cookie: ${first.cookie.attributes}`);

    step("Call the API with the access token");
    r = await call("GET", api, { token: first.access, expect: 200 });
    expectEqual(r.json.readClaims.sub, "alice", "the claims the orders service read");
    decided(`gateway verified it (JWK Set fetched from the auth service) and forwarded; orders service read sub=${r.json.readClaims.sub} scope=${r.json.readClaims.scope}`);

    step("Try to create an order (needs scope orders:write)");
    r = await call("POST", api, { token: first.access, expect: 403 });
    decided(`${r.headers.get("x-keycard-decision")}: WWW-Authenticate: ${r.headers.get("www-authenticate")}`);

    step("Call the API without a token");
    r = await call("GET", api, { expect: 401 });
    decided(`no credentials: WWW-Authenticate: ${r.headers.get("www-authenticate")}`);

    step("Attack: present the refresh token as an access token");
    r = await call("GET", api, { token: first.cookie.header.split("=")[1], expect: 401 });
    decided(`${r.headers.get("x-keycard-decision")}: a refresh token has its own audience and typ, never accepted as an access token`);

    const { exp } = decode(first.access).payload;
    const wait = Math.max(0, exp * 1000 - Date.now()) + 50;
    step(`Wait ${(wait / 1000).toFixed(1)} s for the access token to expire`);
    await new Promise((resolve) => setTimeout(resolve, wait));
    r = await call("GET", api, { token: first.access, expect: 401 });
    decided(`${r.headers.get("x-keycard-decision")}: ${r.headers.get("www-authenticate")}`);

    step("The auth service rotates its signing key");
    const rotation = await auth.rotateKeys();
    show(`${dim("(no request: the next key was published in the JWK Set before it signs anything)")}`);
    decided(`now signing with ${rotation.signing}; the JWK Set publishes ${rotation.published.join(", ")}`);

    step("Refresh with the cookie");
    r = await call("POST", `${auth.url}/auth/refresh`, { cookie: first.cookie.header, expect: 200 });
    const second = { access: r.json.access_token, cookie: cookieOf(r) };
    expectEqual(decode(second.access).header.kid, rotation.signing, "kid of the refreshed token");
    expectEqual(decode(second.access).payload.sid, decode(first.access).payload.sid, "session of the refreshed token");
    decided(`new pair (kid ${decode(second.access).header.kid}, same session); the old refresh token is retired`);

    step("Call the API with the new access token");
    r = await call("GET", api, { token: second.access, expect: 200 });
    decided(`verified with key ${decode(second.access).header.kid}; orders service read sub=${r.json.readClaims.sub}`);

    step("Attack: replay the old, retired refresh token");
    r = await call("POST", `${auth.url}/auth/refresh`, { cookie: first.cookie.header, expect: 401 });
    expectEqual(r.json.keycard_code, "ERR_JWT_REVOKED", "code of a replayed refresh token");
    decided(`${r.json.keycard_code}: ${r.json.error_description}`);

    step("The legitimate client's new refresh token belongs to the revoked session");
    r = await call("POST", `${auth.url}/auth/refresh`, { cookie: second.cookie.header, expect: 401 });
    expectEqual(r.json.keycard_code, "ERR_JWT_REVOKED", "code of a refresh token of a revoked session");
    decided(`${r.json.keycard_code}: the whole family is refused; the user must log in again`);

    step("Its access token too, at the gateway (the store is shared)");
    r = await call("GET", api, { token: second.access, expect: 401 });
    expectEqual(r.headers.get("x-keycard-decision"), "ERR_JWT_REVOKED (jti)", "gateway decision for a revoked session");
    decided(`${r.headers.get("x-keycard-decision")}: ${r.headers.get("www-authenticate")}`);

    step("Log in again, then log out");
    r = await call("POST", `${auth.url}/auth/login`, { body: { username: "alice", password: "correct horse battery staple" }, expect: 200 });
    const third = { access: r.json.access_token, cookie: cookieOf(r) };
    r = await call("POST", `${auth.url}/auth/logout`, { cookie: third.cookie.header, expect: 204 });
    decided(`session revoked; cookie cleared: ${r.headers.get("set-cookie")?.split(";").slice(0, 3).join(";")}`);

    step("After logout: the access token and the refresh token are refused");
    r = await call("GET", api, { token: third.access, expect: 401 });
    decided(`${r.headers.get("x-keycard-decision")} at the gateway`);
    r = await call("POST", `${auth.url}/auth/refresh`, { cookie: third.cookie.header, expect: 401 });
    decided(`${r.json.keycard_code} at the auth service`);

    console.log(`\n${bold(`Done: ${stepNumber} steps, every decision as expected.`)} ${dim(`(store: ${store.size} entries, each expiring with its token)`)}`);
    // The keycard command of this checkout (dist/node/cli.js; `npx keycard` once keycard is installed): its debugger
    // page shows any of the tokens above, offline (docs/cli.md).
    console.log(`\nInspect these tokens offline: the debugger page, ${bold("node dist/node/cli.js serve")} (http://127.0.0.1), or in the terminal:`);
    console.log(`  node dist/node/cli.js decode ${third.access}`);
    console.log(`  node dist/node/cli.js lint ${third.access}`);
  } finally {
    await Promise.all([gateway.close(), orders.close(), auth.close()]);
  }
}

try {
  await main();
} catch (error) {
  console.error(`\nwalkthrough failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
