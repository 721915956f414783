// Type regression tests for the token lifecycle. Not run: compiled by `npm run typecheck` (tsc --noEmit), so a
// change that breaks these inferences fails the build. `@ts-expect-error` lines must stay errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  authenticate, createAuthenticator, createMemoryStore, createTokenService, issueTokens, AuthenticationError, JWTError,
  type AccessTokenClaims, type LifecycleStore, type TokenPair, type BearerErrorCode,
} from "../../lib/index.js";
import { authMiddleware } from "../../lib/node/http.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

declare const secret: Uint8Array;
declare const request: Request;
declare const req: IncomingMessage;
declare const res: ServerResponse;

export async function lifecycleTypes(): Promise<void> {
  // authenticate<P>: your claims plus the access token's, which are all required and typed.
  const claims = await authenticate<{ role: "admin" | "user" }>(request, secret, { issuer: "i", audience: "a" });
  expectType<Equal<typeof claims.role, "admin" | "user">>(true);
  expectType<Equal<typeof claims.sub, string>>(true);
  expectType<Equal<typeof claims.client_id, string>>(true);
  expectType<Equal<typeof claims.scope, string | undefined>>(true);
  // @ts-expect-error issuer and audience are required (RFC 9068 §4)
  createAuthenticator(secret, { audience: "a" });

  const pair = await issueTokens("alice", { key: secret, issuer: "i", audience: "a", clientId: "c" });
  expectType<Equal<typeof pair, TokenPair>>(true);
  expectType<Equal<typeof pair.tokenType, "Bearer">>(true);
  expectType<Equal<typeof pair.accessClaims, AccessTokenClaims>>(true);
  // @ts-expect-error clientId is required (RFC 9068 §2.2)
  await issueTokens("alice", { key: secret, issuer: "i", audience: "a" });

  // A store may be synchronous or asynchronous; the memory store is one.
  const store: LifecycleStore = createMemoryStore();
  const sync: LifecycleStore = { get: () => undefined, setIfAbsent: () => true, delete: () => {} };
  const service = createTokenService({ signingKey: secret, verificationKey: secret, issuer: "i", audience: "a", clientId: "c", store: sync });
  expectType<Equal<Awaited<ReturnType<typeof service.refresh>>, TokenPair>>(true);
  void store;

  try {
    await authenticate(request, secret, { issuer: "i", audience: "a" });
  } catch (error) {
    if (error instanceof AuthenticationError) {
      expectType<Equal<typeof error.status, 400 | 401 | 403 | 500 | 503>>(true);
      expectType<Equal<typeof error.error, BearerErrorCode | undefined>>(true);
      expectType<Equal<typeof error.cause, JWTError | undefined>>(true);
      const response: Response = error.toResponse();
      void response;
    }
  }

  // keycard/node: the middleware resolves to the claims, or undefined once it answered.
  const middleware = authMiddleware<{ tenant: string }>(secret, { issuer: "i", audience: "a" });
  const user = await middleware(req, res);
  expectType<Equal<NonNullable<typeof user>["tenant"], string>>(true);
  await middleware(req, res, (error?: unknown) => void error);
}
