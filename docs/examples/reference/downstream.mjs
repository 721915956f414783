// The downstream orders service of the reference architecture. It sits behind the gateway, yet verifies the
// forwarded token again with the same public keys (zero trust inside the network costs one cached verification),
// then reads the claims: who (sub), with what rights (scope), in which session (sid).
import { createServer } from "node:http";
import { createRemoteJWKSet } from "keycard";
import { authMiddleware } from "keycard/node";
import { close, listen, sendJSON } from "./http.mjs";
import { ISSUER } from "./auth-service.mjs";

/** Starts the orders service on 127.0.0.1. @param {{ jwksURL: string, port?: number }} options */
export async function startDownstream({ jwksURL, port = 0 }) {
  const guard = authMiddleware(createRemoteJWKSet(jwksURL, { allowHttp: true, cooldownDuration: "1s" }), {
    issuer: ISSUER, audience: "orders-api", realm: "orders", cache: true,
  });
  const server = createServer(async (req, res) => {
    try {
      const user = await guard(req, res);
      if (user === undefined) return;
      sendJSON(res, 200, {
        orders: [{ id: "A-1001", owner: user.sub, total: "42.00 EUR" }],
        readClaims: { sub: user.sub, scope: user.scope, sid: user.sid, client_id: user.client_id },
      });
    } catch (error) {
      console.error("orders service:", error);
      if (!res.headersSent) sendJSON(res, 500, { error: "server_error" });
    }
  });
  const url = await listen(server, port);
  return { url, close: () => close(server) };
}
