// Type regression tests for the public API. Not run: compiled by `npm run typecheck` (tsc --noEmit), so a
// change that breaks these inferences fails the build. `@ts-expect-error` lines must stay errors.
import {
  sign, verify, decode, createSigner, createVerifier, signJWS, verifyJWS, importJWK, exportJWK,
  generateKeyPair, generateSecret, thumbprint, JWTError, JWTExpired, lintToken,
  type JWK, type LintFinding, type LintSeverity, type JWTPayload, type JWSHeader, type KeyResolver, type VerifiedJWT, type ErrorCode,
} from "../../lib/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

interface Session {
  role: "admin" | "user";
  tenant: string;
}

declare const secret: Uint8Array;
declare const jwk: JWK;
declare const cryptoKey: CryptoKey;
declare const token: string;

export async function generics(): Promise<void> {
  // verify<P>: the payload is P plus the registered claims.
  const verified = await verify<Session>(token, secret, { issuer: "me" });
  expectType<Equal<typeof verified, VerifiedJWT<Session>>>(true);
  expectType<Equal<typeof verified.payload.role, "admin" | "user">>(true);
  expectType<Equal<typeof verified.payload.exp, number | undefined>>(true);
  expectType<Equal<typeof verified.payload.aud, string | string[] | undefined>>(true);
  expectType<Equal<typeof verified.header, JWSHeader>>(true);

  // Without a type argument the payload is JWTPayload: unknown claims are `unknown`, not `any`.
  const plain = await verify(token, jwk);
  expectType<Equal<typeof plain.payload.custom, unknown>>(true);
  expectType<Equal<typeof plain.payload.sub, string | undefined>>(true);

  // createVerifier<P> and decode<P> carry P the same way.
  const verifier = createVerifier<Session>(jwk, { audience: ["a", "b"], cache: { max: 10, ttl: "1m" } });
  expectType<Equal<Awaited<ReturnType<typeof verifier>>["payload"]["tenant"], string>>(true);
  expectType<Equal<ReturnType<typeof decode<Session>>["payload"]["role"], "admin" | "user">>(true);
  expectType<Equal<ReturnType<typeof decode>["signature"], Uint8Array>>(true);

  // createSigner<P> checks the payloads it is given.
  const signer = createSigner<Session>(secret, { expiresIn: "15m" });
  expectType<Equal<ReturnType<typeof signer>, Promise<string>>>(true);
  await signer({ role: "admin", tenant: "t1" });
  // @ts-expect-error: "root" is not a Session role
  await signer({ role: "root", tenant: "t1" });

  // sign accepts any object payload and every KeyLike.
  await sign({ sub: "x" }, "a secret string of at least thirty-two bytes");
  await sign({ sub: "x" }, cryptoKey, { alg: "ES256", expiresIn: 900, audience: ["a"], jwtId: true, iat: false });
  // @ts-expect-error: "none" is not an algorithm
  await sign({ sub: "x" }, secret, { alg: "none" });
  // @ts-expect-error: a payload is an object
  await sign("text", secret);

  // Key resolvers receive the header and may answer asynchronously.
  const resolver: KeyResolver = async (header) => (header.kid === "a" ? jwk : secret);
  await verify(token, resolver, { algorithms: ["ES256", "HS256"] });
  // @ts-expect-error: algorithms are names from the JWA table
  await verify(token, secret, { algorithms: ["HS1024"] });

  // The JWS layer works on bytes.
  const jws = await verifyJWS(await signJWS("plain text", secret), secret);
  expectType<Equal<typeof jws.payload, Uint8Array>>(true);

  // Keys.
  expectType<Equal<Awaited<ReturnType<typeof importJWK>>, CryptoKey>>(true);
  expectType<Equal<Awaited<ReturnType<typeof exportJWK>>, JWK>>(true);
  const pair = await generateKeyPair("EdDSA", { extractable: true });
  expectType<Equal<typeof pair.privateKey, CryptoKey>>(true);
  expectType<Equal<ReturnType<typeof generateSecret>, Uint8Array>>(true);
  expectType<Equal<Awaited<ReturnType<typeof thumbprint>>, string>>(true);

  // Errors: codes are a closed union; claim errors carry claim and payload.
  try {
    await verify(token, secret);
  } catch (error) {
    if (error instanceof JWTError) expectType<Equal<typeof error.code, ErrorCode>>(true);
    if (error instanceof JWTExpired) {
      expectType<Equal<typeof error.claim, string>>(true);
      expectType<Equal<typeof error.payload, Record<string, unknown>>>(true);
    }
  }
  const payload: JWTPayload = { sub: "s", aud: ["a"], exp: 1, custom: { nested: true } };
  void payload;

  // lintToken: findings with a closed severity union; options are checked.
  const findings = await lintToken(token, { key: secret, now: new Date(), maxLifetime: "1h" });
  expectType<Equal<typeof findings, LintFinding[]>>(true);
  expectType<Equal<(typeof findings)[number]["severity"], LintSeverity>>(true);
  expectType<Equal<LintSeverity, "high" | "medium" | "low" | "info">>(true);
  // @ts-expect-error: maxLifetime is a duration, not a Date
  await lintToken(token, { maxLifetime: new Date() });
}
