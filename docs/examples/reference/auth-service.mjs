// The AuthService of the reference architecture: it logs users in, refreshes and logs out, and publishes its
// public keys. Tokens come from keycard's token service: short access tokens (RFC 9068, typ at+jwt), refresh
// tokens in an HttpOnly cookie rotated at every use, with reuse detection (RFC 9700 §4.14.2), and logout through
// the revocation list in the shared store. Its ES256 keys rotate: the JWK Set always publishes the next key
// before it signs anything, so verifiers already hold it when the switch happens, and keeps the previous one
// while tokens it signed may still be in use.
//
//   POST /auth/login    {"username", "password", "resource"?}  → 200 { access_token, token_type, expires_in, scope } + refresh cookie
//   POST /auth/refresh  (refresh cookie)                      → 200 the next pair + refresh cookie, or 401
//   POST /auth/logout   (refresh cookie)                      → 204, the session revoked, the cookie cleared
//   GET  /.well-known/jwks.json                               → the public keys (previous, current, next)
import { createServer } from "node:http";
import { timingSafeEqual } from "node:crypto";
import {
  JWTError, clearRefreshCookie, createLocalJWKSet, createTokenService, decode, exportJWK, generateKeyPair, readCookie, refreshCookie,
} from "keycard";
import { close, listen, readJSON, sendJSON } from "./http.mjs";

export const ISSUER = "https://auth.keycard.example";
/** The resource servers this service issues tokens for (RFC 8707 resource names), and what each user may do there. */
const RESOURCES = { "orders-api": "orders:read", "billing-api": "billing:read" };
/** Demo users. A real service keeps password hashes (scrypt, argon2), never passwords. */
const USERS = { alice: "correct horse battery staple", bob: "hunter2 hunter2" };
const COOKIE = { path: "/auth" }; // the refresh cookie goes to /auth/refresh and /auth/logout, never to the API

function passwordMatches(given, expected) {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given), b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A key ring: the previous key (still verifying), the current one (signing), the next one (published early). */
async function createKeyRing() {
  let counter = 0;
  const make = async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const kid = `k-${++counter}`;
    return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
  };
  const ring = { previous: undefined, current: await make(), next: await make() };
  const published = () => ({ keys: [ring.previous, ring.current, ring.next].filter(Boolean).map((k) => k.publicJwk) });
  let resolver = createLocalJWKSet(published());
  return {
    signingKey: () => ({ key: ring.current.privateKey, alg: "ES256", kid: ring.current.kid }),
    verificationKey: (header) => resolver(header),
    jwks: published,
    get currentKid() {
      return ring.current.kid;
    },
    async rotate() {
      ring.previous = ring.current;
      ring.current = ring.next;
      ring.next = await make();
      resolver = createLocalJWKSet(published());
      return { signing: ring.current.kid, published: published().keys.map((k) => k.kid) };
    },
  };
}

/**
 * Starts the auth service on 127.0.0.1.
 * @param {{ store: import("keycard").LifecycleStore, accessTokenLifetime?: string | number, rotateEvery?: number, port?: number }} options
 *   `store` is shared with the gateways (Redis in production; see docs/lifecycle.md); `rotateEvery` (milliseconds)
 *   rotates the signing key on a schedule, as a real service does (the walkthrough rotates it by hand instead).
 */
export async function startAuthService({ store, accessTokenLifetime = "15m", rotateEvery, port = 0 }) {
  const keys = await createKeyRing();
  const timer = rotateEvery === undefined ? undefined : setInterval(() => keys.rotate().catch((error) => console.error("auth service: key rotation failed:", error)), rotateEvery);
  timer?.unref();
  // One token service per resource: each refresh token names its resource in its audience, so a refresh token for
  // one API can never be exchanged for tokens of another.
  const services = Object.fromEntries(Object.entries(RESOURCES).map(([resource, scope]) => [resource, {
    scope,
    tokens: createTokenService({
      signingKey: keys.signingKey,
      verificationKey: keys.verificationKey,
      issuer: ISSUER,
      audience: resource,
      refreshAudience: `${ISSUER}/auth/refresh#${resource}`,
      clientId: "reference-web-app",
      accessTokenLifetime,
      store,
    }),
  }]));

  /** The service a refresh token belongs to: read from its audience with decode, which is for routing only; the service then verifies it. */
  const serviceFor = (token) => {
    try {
      const aud = decode(token).payload.aud;
      const resource = typeof aud === "string" ? aud.slice(aud.indexOf("#") + 1) : "";
      return Object.hasOwn(services, resource) ? services[resource] : services["orders-api"];
    } catch {
      return services["orders-api"]; // malformed: let the service say so
    }
  };

  const tokenResponse = (res, pair) => sendJSON(res, 200, {
    access_token: pair.accessToken, token_type: pair.tokenType, expires_in: pair.expiresIn, scope: pair.scope,
  }, { "set-cookie": refreshCookie(pair.refreshToken, COOKIE), "cache-control": "no-store" }); // RFC 6749 §5.1

  /** A refusal: 401 invalid_grant (RFC 6749 §5.2); `keycard_code` shows the demo what keycard decided. */
  const refuse = (res, error, clearCookie) => sendJSON(res, 401, {
    error: "invalid_grant", error_description: error.message, keycard_code: error.code,
  }, { "cache-control": "no-store", ...(clearCookie ? { "set-cookie": clearRefreshCookie(COOKIE) } : {}) });

  const routes = {
    "POST /auth/login": async (req, res) => {
      const body = await readJSON(req);
      const resource = body?.resource ?? "orders-api";
      const known = typeof body?.username === "string" && Object.hasOwn(USERS, body.username);
      if (!known || !passwordMatches(body.password, USERS[body.username]) || typeof resource !== "string" || !Object.hasOwn(services, resource)) {
        return sendJSON(res, 401, { error: "invalid_grant", error_description: "wrong user name, password or resource" });
      }
      const service = services[resource];
      tokenResponse(res, await service.tokens.issue(body.username, { scope: service.scope }));
    },
    "POST /auth/refresh": async (req, res) => {
      let token;
      try {
        token = readCookie(req.headers.cookie);
        if (token === undefined) return sendJSON(res, 401, { error: "invalid_grant", error_description: "no refresh cookie" });
        tokenResponse(res, await serviceFor(token).tokens.refresh(token));
      } catch (error) {
        if (!(error instanceof JWTError)) throw error;
        refuse(res, error, true);
      }
    },
    "POST /auth/logout": async (req, res) => {
      try {
        const token = readCookie(req.headers.cookie);
        if (token !== undefined) await serviceFor(token).tokens.logout(token);
      } catch (error) {
        if (!(error instanceof JWTError)) throw error;
        return refuse(res, error, true);
      }
      sendJSON(res, 204, undefined, { "set-cookie": clearRefreshCookie(COOKIE) });
    },
    "GET /.well-known/jwks.json": async (req, res) => {
      sendJSON(res, 200, keys.jwks(), { "cache-control": "max-age=60" });
    },
  };

  const server = createServer((req, res) => {
    const route = routes[`${req.method} ${new URL(req.url, "http://x").pathname}`];
    if (route === undefined) return sendJSON(res, 404, { error: "not_found" });
    route(req, res).catch((error) => {
      console.error("auth service:", error);
      if (!res.headersSent) sendJSON(res, 500, { error: "server_error" });
    });
  });
  const url = await listen(server, port);
  return {
    url,
    jwksURL: `${url}/.well-known/jwks.json`,
    /** Rotates the signing key: the next key (already published) signs from now on. */
    rotateKeys: () => keys.rotate(),
    get currentKid() {
      return keys.currentKid;
    },
    close: () => {
      clearInterval(timer);
      return close(server);
    },
  };
}
