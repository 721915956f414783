// Preloaded (--import) into every docs example that spec/docs/examples.test.ts runs: an identity provider at
// https://issuer.example, answered in-process, so examples can use a remote JWK Set as they would in production.
//   GET https://issuer.example/.well-known/jwks.json  → a JWK Set with an ES256 public key, kid "2026-11"
//   GET https://issuer.example/token                  → a 15-minute token it signed (iss https://issuer.example,
//                                                        aud "orders-api", sub "user-42")
// Every other URL goes to the real fetch (which, on this closed network, fails). Plain JavaScript on the built
// package, like the examples, so they start without a TypeScript loader.
import { exportJWK, generateKeyPair, sign } from "keycard";

const ISSUER = "https://issuer.example";
const { privateKey, publicKey } = await generateKeyPair("ES256");
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "2026-11", use: "sig", alg: "ES256" }] };
const realFetch = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.origin !== ISSUER) return realFetch(input, init);
  if (url.pathname === "/.well-known/jwks.json") {
    return Response.json(jwks, { headers: { "cache-control": "max-age=300", etag: '"2026-11"' } });
  }
  if (url.pathname === "/token") {
    const token = await sign({ scope: "read:orders" }, privateKey, {
      kid: "2026-11", issuer: ISSUER, audience: "orders-api", subject: "user-42", expiresIn: "15m",
    });
    return new Response(token, { headers: { "content-type": "application/jwt" } });
  }
  return new Response("not found", { status: 404 });
};
