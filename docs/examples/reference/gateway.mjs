// The API gateway of the reference architecture: it verifies every request's Bearer access token with the auth
// service's public keys (createRemoteJWKSet: fetched once, cached, refetched for an unknown kid) and the shared
// revocation list, then forwards the request to the downstream service. Refusals carry the RFC 6750 challenge.
//
//   GET  /api/orders   needs scope orders:read  → forwarded to GET  /orders of the orders service
//   POST /api/orders   needs scope orders:write → forwarded to POST /orders
import { createServer } from "node:http";
import { createRemoteJWKSet, createRevocationList } from "keycard";
import { authMiddleware } from "keycard/node";
import { close, listen, sendJSON } from "./http.mjs";
import { ISSUER } from "./auth-service.mjs";

/**
 * Starts the gateway on 127.0.0.1.
 * @param {{ jwksURL: string, downstreamURL: string, store: import("keycard").LifecycleStore, port?: number }} options
 */
export async function startGateway({ jwksURL, downstreamURL, store, port = 0 }) {
  // allowHttp: the demo runs on loopback; in production the JWK Set URL is https.
  const keys = createRemoteJWKSet(jwksURL, { allowHttp: true, cooldownDuration: "1s" });
  const revocations = createRevocationList(store);
  const rules = {
    issuer: ISSUER,
    audience: "orders-api",
    realm: "orders-api",
    isRevoked: revocations.isRevoked, // verify step 6: logout and reuse detection reach every gateway through the store
    cache: { max: 10_000, ttl: "30s" }, // a cache hit still re-judges exp and isRevoked
    // The demo shows what keycard decided in a header; a production gateway logs it instead.
    onError: (error, req, res) => {
      const detail = error.cause instanceof Error && "claim" in error.cause ? ` (${error.cause.claim})` : "";
      sendJSON(res, error.status, { error: error.error ?? "unauthorized", error_description: error.description }, {
        ...error.headers, "x-keycard-decision": `${error.code}${detail}`,
      });
    },
  };
  const guards = {
    GET: authMiddleware(keys, { ...rules, scope: "orders:read" }),
    POST: authMiddleware(keys, { ...rules, scope: "orders:write" }),
  };

  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url, "http://x").pathname;
      const guard = guards[req.method];
      if (path !== "/api/orders" || guard === undefined) return sendJSON(res, 404, { error: "not_found" });
      const claims = await guard(req, res); // node:http: resolves to the claims, or undefined once it answered
      if (claims === undefined) return;
      const answer = await fetch(`${downstreamURL}/orders`, {
        method: req.method,
        headers: { authorization: req.headers.authorization, "x-forwarded-for": req.socket.remoteAddress ?? "" },
      });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json", "x-keycard-decision": "verified" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      console.error("gateway:", error);
      if (!res.headersSent) sendJSON(res, 502, { error: "bad_gateway" });
    }
  });
  const url = await listen(server, port);
  return { url, keys, close: () => close(server) };
}
