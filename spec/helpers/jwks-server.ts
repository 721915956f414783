/**
 * Test helpers for JWK Sets: a real node:http server on 127.0.0.1 (ephemeral port) that publishes a set and
 * misbehaves on request, counting what it is asked; and signing keys generated with crypto.subtle, exported
 * as JWKs, with tokens signed by keycard's own `sign`.
 *
 * Paths: /jwks (the set, with optional ETag, Cache-Control and Age; answers 304 to a matching If-None-Match),
 * /status/<code>, /html, /huge (10 MB, chunked), /huge-length (10 MB, with Content-Length), /hang (never
 * answers), /redirect (302 to /jwks), /text/<name> (a body from `bodies`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { sign, type JWK } from "../../lib/index.js";

export const HUGE_BYTES = 10 * 1024 * 1024;

export interface JWKSServer {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The set served at /jwks. */
  jwks: unknown;
  /** Send an ETag with /jwks (a hash of the body). */
  etag: boolean;
  /** The Cache-Control sent with /jwks (and its 304s), if any. */
  cacheControl: string | undefined;
  /** The Age sent with /jwks, if any. */
  age: string | undefined;
  /** When set, /jwks answers with this status and a short text body instead of the set. */
  failWith: number | undefined;
  /** Bodies for /text/<name>. */
  bodies: Record<string, string>;
  /** Requests received, by path. */
  readonly hits: Map<string, number>;
  /** 304 answers sent. */
  notModified: number;
  /** The headers of the last request, by path. */
  readonly lastHeaders: Map<string, IncomingMessage["headers"]>;
  /** For /huge and /huge-length: bytes handed to the socket before the client went away, and whether all were. */
  huge: { written: number; finished: boolean; closed: Promise<void> } | undefined;
  /** Requests to `path` so far. */
  count(path?: string): number;
  close(): Promise<void>;
}

function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`;
}

/** Writes `total` bytes in 64 KiB chunks, waiting for the socket to drain, until done or the client leaves. */
function writeHuge(res: ServerResponse, server: JWKSServer, total: number): void {
  let resolveClosed!: () => void;
  const huge = { written: 0, finished: false, closed: new Promise<void>((resolve) => (resolveClosed = resolve)) };
  server.huge = huge;
  const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON whitespace, so only the size can fail it
  let gone = false;
  res.on("close", () => {
    gone = true;
    resolveClosed();
  });
  const pump = () => {
    while (!gone && huge.written < total) {
      huge.written += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!gone) {
      huge.finished = true;
      res.end();
    }
  };
  pump();
}

export async function startJWKSServer(jwks: unknown = { keys: [] }): Promise<JWKSServer> {
  const state: JWKSServer = {
    origin: "",
    jwks,
    etag: false,
    cacheControl: undefined,
    age: undefined,
    failWith: undefined,
    bodies: {},
    hits: new Map(),
    notModified: 0,
    lastHeaders: new Map(),
    huge: undefined,
    count: (path = "/jwks") => state.hits.get(path) ?? 0,
    close: async () => undefined,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    state.lastHeaders.set(path, req.headers);
    if (path === "/jwks") {
      if (state.failWith !== undefined) {
        res.writeHead(state.failWith, { "content-type": "text/plain" }).end("failing on purpose");
        return;
      }
      const body = JSON.stringify(state.jwks);
      const headers: Record<string, string> = { "content-type": "application/jwk-set+json" };
      if (state.etag) headers.etag = etagOf(body);
      if (state.cacheControl !== undefined) headers["cache-control"] = state.cacheControl;
      if (state.age !== undefined) headers.age = state.age;
      if (state.etag && req.headers["if-none-match"] === headers.etag) {
        state.notModified++;
        delete headers["content-type"];
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(200, headers).end(body);
    } else if (path.startsWith("/status/")) {
      res.writeHead(Number(path.slice(8)), { "content-type": "application/json" }).end('{"keys":[]}');
    } else if (path === "/html") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!DOCTYPE html><html><body>Sign in</body></html>");
    } else if (path === "/huge") {
      res.writeHead(200, { "content-type": "application/json" });
      writeHuge(res, state, HUGE_BYTES);
    } else if (path === "/huge-length") {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(HUGE_BYTES) });
      writeHuge(res, state, HUGE_BYTES);
    } else if (path === "/hang") {
      // Never answers; the client must give up.
    } else if (path === "/redirect") {
      res.writeHead(302, { location: "/jwks" }).end();
    } else if (path.startsWith("/text/")) {
      const body = state.bodies[path.slice(6)];
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { "content-type": "application/json" }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (state as { origin: string }).origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A signing key: its private JWK, the public JWK to publish, and a way to sign tokens with it. */
export interface SigningKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  token(payload?: Record<string, unknown>, kid?: string | null): Promise<string>;
}

const GENERATE: Record<string, RsaHashedKeyGenParams | EcKeyGenParams | { name: string }> = {
  RS256: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  PS256: { name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
  ES384: { name: "ECDSA", namedCurve: "P-384" },
  EdDSA: { name: "Ed25519" },
};

const PUBLIC_MEMBERS = ["kty", "crv", "x", "y", "n", "e"];

/**
 * Generates a key for `alg` with crypto.subtle and exports it as JWKs. The public JWK holds only the key
 * members, `kid` and `use: "sig"` (add `alg` yourself where a test needs it).
 */
export async function signingKey(alg: keyof typeof GENERATE, kid: string): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey(GENERATE[alg]!, true, ["sign", "verify"])) as CryptoKeyPair;
  const privateJwk = { ...(await crypto.subtle.exportKey("jwk", pair.privateKey)), kid } as JWK;
  const exported = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as Record<string, unknown>;
  const publicJwk: Record<string, unknown> = {};
  for (const member of PUBLIC_MEMBERS) if (exported[member] !== undefined) publicJwk[member] = exported[member];
  publicJwk.kid = kid;
  publicJwk.use = "sig";
  return {
    alg,
    kid,
    privateJwk,
    publicJwk: publicJwk as JWK,
    token: (payload = { sub: "alice" }, tokenKid = kid) =>
      sign(payload, privateJwk, tokenKid === null ? { alg: alg as "ES256" } : { alg: alg as "ES256", kid: tokenKid }),
  };
}
