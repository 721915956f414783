/**
 * Hostile inputs: every kind of value, passed in every argument and option position of every public
 * function, ends in a result or a JWTError with a documented code: never another exception type, never a
 * synchronous throw from a promise-returning function, never a hang, never a polluted Object.prototype.
 * The one exception API.md makes: an error thrown by the caller's own callback (a key resolver, isRevoked)
 * passes through unchanged. So in a callback position a function value may fail in its own way (a class
 * cannot be called), and a value a callback returns may throw when it is awaited (a `then` getter, a Proxy):
 * those errors are the caller's, and come back as they were thrown.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  sign, verify, decode, signJWS, verifyJWS, createSigner, createVerifier, importJWK, JWTError,
  type ErrorCode, type JWK,
} from "../../lib/index.js";
import { ERROR_CODES, assertNoPollution } from "../helpers/assert.js";
import { b64, fixedSecret, jwkPair, part } from "../helpers/keys.js";

const secret = fixedSecret(32);
const CORE_CODES = new Set<ErrorCode>(ERROR_CODES.filter((code) => !code.startsWith("ERR_JWKS_")));
const CALL_TIMEOUT_MS = 10_000;

/** What our traps and getters throw: if it escapes from a non-callback position, that is a bug. */
class HostileError extends Error {}

const SIGN_OPTIONS = ["alg", "kid", "typ", "header", "expiresIn", "notBefore", "issuer", "subject", "audience", "jwtId", "iat", "now"];
const VERIFY_OPTIONS = [
  "algorithms", "issuer", "audience", "subject", "typ", "clockTolerance", "maxTokenAge", "requiredClaims", "critical",
  "maxTokenLength", "isRevoked", "now",
];
const JWK_MEMBERS = ["kty", "crv", "x", "y", "d", "n", "e", "k", "alg", "use", "key_ops", "kid", "ext"];
const CLAIMS = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
const ALL_NAMES = [...new Set([...SIGN_OPTIONS, ...VERIFY_OPTIONS, ...JWK_MEMBERS, ...CLAIMS, "cache", "max", "ttl", "b64", "crit", "toJSON", "then", "valueOf", "toString", "length"])];

function throwingProxy<T extends object>(target: T): T {
  const handler = new Proxy({}, { get: (_, trap) => () => { throw new HostileError(`proxy trap ${String(trap)}`); } });
  return new Proxy(target, handler as ProxyHandler<T>);
}

function getterBomb(base: object = {}): object {
  for (const name of ALL_NAMES) {
    if (Array.isArray(base) && name === "length") continue; // an array's length cannot become a getter
    Object.defineProperty(base, name, { enumerable: true, configurable: true, get() { throw new HostileError(`getter ${name}`); } });
  }
  return base;
}

function nested(depth: number, array: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

const HUGE = 10 * 1024 * 1024;

/** Each hostile value, made fresh per use. `expensive` ones are only tried in the main argument positions. */
const VALUES: [string, () => unknown, boolean?][] = [
  ["undefined", () => undefined], ["null", () => null], ["0", () => 0], ["-0", () => -0], ["1", () => 1], ["-1", () => -1],
  ["NaN", () => NaN], ["Infinity", () => Infinity], ["-Infinity", () => -Infinity], ["2**53", () => 2 ** 53], ["1.5", () => 1.5],
  ["1n", () => 1n], ["true", () => true], ["false", () => false],
  ['""', () => ""], ['"a"', () => "a"], ['"a.b.c"', () => "a.b.c"], ['".."', () => ".."], ['"..."', () => "..."], ['"a.b"', () => "a.b"],
  ['"a.b.c.d"', () => "a.b.c.d"], ["lone high surrogate", () => "\ud800"], ["lone low surrogate", () => "x\udc00y"],
  ["surrogates in parts", () => "\ud800.\udc00.\ud800"], ['"none"', () => "none"], ['"HS256"', () => "HS256"], ['"60"', () => "60"],
  ['"__proto__"', () => "__proto__"], ["PEM text", () => "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"],
  ["symbol", () => Symbol("hostile")], ["Symbol.iterator", () => Symbol.iterator],
  ["function", () => () => undefined], ["async function", () => async () => undefined], ["class", () => class {}],
  ["throwing function", () => () => { throw new HostileError("called"); }],
  ["[]", () => []], ["[1,2,3]", () => [1, 2, 3]], ['["HS256"]', () => ["HS256"]], ["sparse array", () => new Array(5)],
  ["array of objects", () => [{}, null]],
  ["{}", () => ({})], ["Object.create(null)", () => Object.create(null)],
  ["__proto__ member", () => JSON.parse('{"__proto__":{"polluted":1},"alg":"HS256","kty":"oct","k":"' + b64(secret) + '"}')],
  ["constructor member", () => ({ constructor: { prototype: { polluted: 1 } } })],
  ["prototype-less object with toString", () => Object.assign(Object.create(null), { toString: 5, valueOf: 5 })],
  ["Symbol.toPrimitive that throws", () => ({ [Symbol.toPrimitive]() { throw new HostileError("toPrimitive"); } })],
  ["fake CryptoKey tag", () => ({ [Symbol.toStringTag]: "CryptoKey" })],
  ["fake HMAC CryptoKey", () => ({ [Symbol.toStringTag]: "CryptoKey", type: "secret", algorithm: { name: "HMAC", hash: { name: "SHA-256" }, length: 256 } })],
  ["Date", () => new Date(0)], ["invalid Date", () => new Date(NaN)], ["Map", () => new Map([["alg", "HS256"]])], ["Set", () => new Set()],
  ["RegExp", () => /x/], ["Error", () => new Error("e")], ["Promise", () => Promise.resolve(secret)],
  ["rejected Promise", () => { const p = Promise.reject(new HostileError("rejected")); p.catch(() => undefined); return p; }],
  ["Uint8Array(0)", () => new Uint8Array(0)], ["Uint8Array(64)", () => new Uint8Array(64)], ["ArrayBuffer", () => new ArrayBuffer(64)],
  ["String object", () => new String("a.b.c")], ["Number object", () => new Number(1)],
  ["throwing Proxy (object)", () => throwingProxy({})], ["throwing Proxy (array)", () => throwingProxy([])],
  ["throwing Proxy (function)", () => throwingProxy(() => undefined)],
  ["throwing getters", () => getterBomb()], ["throwing getters (array)", () => getterBomb([])],
  ["cyclic object", () => { const o: Record<string, unknown> = {}; o.self = o; return o; }],
  ["100 000 nested objects", () => nested(100_000, false), true], ["100 000 nested arrays", () => nested(100_000, true), true],
  ["10 MB string", () => "a".repeat(HUGE), true], ["10 MB of dots", () => ".".repeat(HUGE), true],
  ["10 MB token-like", () => `${part({ alg: "HS256" })}.${"A".repeat(HUGE)}.${"A".repeat(43)}`, true],
  ["10 MB Uint8Array", () => new Uint8Array(HUGE), true],
  ["100 000 brackets in header", () => `${b64(`{"alg":"HS256","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)}.${part({})}.`, true],
  ["100 000 brackets in payload", () => `${part({ alg: "HS256" })}.${b64(`{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)}.`, true],
  ["100 000 braces in payload", () => `${part({ alg: "HS256" })}.${b64(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`)}.`, true],
  ["alg none token", () => `${part({ alg: "none" })}.${part({})}.`],
  ["token with __proto__ members", () => `${part('{"alg":"HS256","__proto__":{"polluted":1}}')}.${part('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')}.${"A".repeat(43)}`],
  ["token with 2 parts", () => `${part({ alg: "HS256" })}.${part({})}`],
  ["token with 4 parts", () => `${part({ alg: "HS256" })}.${part({})}.AAAA.AAAA`],
  ["token with empty parts", () => `.${part({})}.`],
];

interface Call {
  what: string;
  run: (value: unknown) => unknown;
  /** The value goes where the caller's own callback lives (a resolver, isRevoked). */
  callback?: boolean;
  /** The function is synchronous (decode, createSigner, createVerifier): it may throw a JWTError. */
  sync?: boolean;
  /** Also try the expensive values (10 MB, 100 000 levels) here, all or those named: the main argument positions. */
  huge?: true | readonly string[];
}

const failures: string[] = [];
let calls = 0;

function describe(value: unknown): string {
  try {
    return inspect(value, { depth: 1, breakLength: Infinity }).slice(0, 160);
  } catch {
    return "(uninspectable)";
  }
}

/** Runs one call and records any outcome that breaks the contract. */
async function judge(call: Call, label: string, value: unknown): Promise<void> {
  calls++;
  const where = `${call.what} ← ${label}`;
  // In a callback position, what the callback (or calling it: a class is not callable) throws comes back unchanged.
  const acceptable = (error: unknown) =>
    (error instanceof JWTError && CORE_CODES.has(error.code)) ||
    (call.callback === true && (error instanceof HostileError || typeof value === "function"));
  let returned: unknown;
  try {
    returned = call.run(value);
  } catch (error) {
    if (!call.sync) failures.push(`${where}: threw synchronously ${describe(error)}`);
    else if (!acceptable(error)) failures.push(`${where}: threw ${describe(error)}`);
    return;
  }
  if (call.sync) return;
  if (!(returned instanceof Promise)) {
    failures.push(`${where}: did not return a promise`);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), CALL_TIMEOUT_MS)));
  try {
    const outcome = await Promise.race([returned.then(() => "ok"), timeout]);
    if (outcome === "hang") failures.push(`${where}: no answer within ${CALL_TIMEOUT_MS} ms`);
  } catch (error) {
    if (!acceptable(error)) failures.push(`${where}: rejected with ${describe(error)}`);
  } finally {
    clearTimeout(timer);
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined) failures.push(`${where}: polluted Object.prototype`);
}

async function runAll(callsToMake: Call[], t: { diagnostic(message: string): void }): Promise<void> {
  const before = failures.length;
  for (const call of callsToMake) {
    for (const [label, make, expensive] of VALUES) {
      if (expensive && !(call.huge === true || call.huge?.includes(label))) continue;
      await judge(call, label, make());
    }
  }
  assertNoPollution();
  t.diagnostic(`${calls} calls so far`);
  const found = failures.slice(before);
  assert.equal(found.length, 0, `${found.length} contract violations:\n${[...new Set(found)].slice(0, 60).join("\n")}`);
}

async function fixtures() {
  const token = await sign({ sub: "x" }, secret);
  const ec = await jwkPair("ES256");
  const ecToken = await sign({}, ec.privateJWK);
  return { token, ec, ecToken };
}

test("sign: hostile payloads, keys, options and option values", { timeout: 120_000 }, async (t) => {
  const { ec } = await fixtures();
  const list: Call[] = [
    { what: "sign(payload)", run: (v) => sign(v as object, secret), huge: true },
    { what: "sign(key)", run: (v) => sign({}, v as string), huge: true },
    { what: "sign(options)", run: (v) => sign({}, secret, v as object) },
    ...SIGN_OPTIONS.map((name): Call => ({ what: `sign({ ${name} })`, run: (v) => sign({}, secret, { [name]: v }), huge: name === "kid" ? ["10 MB string"] : undefined })),
    { what: "sign({ header: { x } })", run: (v) => sign({}, secret, { header: { x: v } }) },
    ...CLAIMS.map((name): Call => ({ what: `sign({ ${name}: v })`, run: (v) => sign({ [name]: v }, secret) })),
    { what: "sign({ data: v })", run: (v) => sign({ data: v }, secret) },
    ...["kty", "crv", "x", "y", "d", "alg", "use", "key_ops"].map((name): Call => ({
      what: `sign(JWK with ${name})`, run: (v) => sign({}, { ...ec.privateJWK, [name]: v } as JWK),
    })),
    { what: "sign(oct JWK k)", run: (v) => sign({}, { kty: "oct", k: v } as JWK) },
  ];
  await runAll(list, t);
});

test("verify and decode: hostile tokens, keys, options and option values", { timeout: 120_000 }, async (t) => {
  const { token, ec, ecToken } = await fixtures();
  const list: Call[] = [
    { what: "verify(token)", run: (v) => verify(v as string, secret), huge: true },
    { what: "verify(key)", run: (v) => verify(token, v as string), callback: true, huge: ["10 MB string", "100 000 nested objects"] },
    { what: "verify(options)", run: (v) => verify(token, secret, v as object) },
    { what: "verify(resolver → value)", run: (v) => verify(token, () => v as string), callback: true },
    { what: "verify(async resolver → value)", run: (v) => verify(token, async () => v as string), callback: true },
    ...VERIFY_OPTIONS.map((name): Call => ({
      what: `verify({ ${name} })`, run: (v) => verify(token, secret, { [name]: v }), callback: name === "isRevoked",
    })),
    { what: "verify(isRevoked → value)", run: (v) => verify(token, secret, { isRevoked: () => v as boolean }), callback: true },
    ...["kty", "crv", "x", "y", "alg", "use", "key_ops"].map((name): Call => ({
      what: `verify(JWK with ${name})`, run: (v) => verify(ecToken, { ...ec.publicJWK, [name]: v } as JWK),
    })),
    { what: "decode(token)", run: (v) => decode(v as string), sync: true, huge: true },
  ];
  await runAll(list, t);
});

test("signJWS and verifyJWS: hostile payloads, tokens, keys and options", { timeout: 120_000 }, async (t) => {
  const token = await signJWS("payload", secret);
  const list: Call[] = [
    { what: "signJWS(payload)", run: (v) => signJWS(v as string, secret), huge: ["10 MB Uint8Array", "100 000 nested arrays"] },
    { what: "signJWS(key)", run: (v) => signJWS("x", v as string) },
    { what: "signJWS(options)", run: (v) => signJWS("x", secret, v as object) },
    ...["alg", "kid", "typ", "header"].map((name): Call => ({ what: `signJWS({ ${name} })`, run: (v) => signJWS("x", secret, { [name]: v }) })),
    { what: "verifyJWS(token)", run: (v) => verifyJWS(v as string, secret), huge: true },
    { what: "verifyJWS(key)", run: (v) => verifyJWS(token, v as string), callback: true },
    { what: "verifyJWS(options)", run: (v) => verifyJWS(token, secret, v as object) },
    ...["algorithms", "critical", "maxTokenLength"].map((name): Call => ({ what: `verifyJWS({ ${name} })`, run: (v) => verifyJWS(token, secret, { [name]: v }) })),
  ];
  await runAll(list, t);
});

test("createSigner and createVerifier: hostile keys and options at creation, hostile payloads and tokens per call", { timeout: 120_000 }, async (t) => {
  const { token } = await fixtures();
  const signer = createSigner(secret);
  const verifier = createVerifier(secret, { cache: { max: 8 } });
  /** Creation may throw a JWTError synchronously; the function it returns must then answer with a promise. */
  const created = (make: () => (x: never) => Promise<unknown>, input: unknown) => () => {
    let fn: (x: never) => Promise<unknown>;
    try {
      fn = make();
    } catch (error) {
      return Promise.reject(error);
    }
    return fn(input as never);
  };
  const list: Call[] = [
    { what: "createSigner(key)(payload)", run: (v) => created(() => createSigner(v as string), {})() },
    { what: "createSigner(secret, options)", run: (v) => created(() => createSigner(secret, v as object), {})() },
    ...SIGN_OPTIONS.map((name): Call => ({ what: `createSigner({ ${name} })`, run: (v) => created(() => createSigner(secret, { [name]: v }), {})() })),
    { what: "signer(payload)", run: (v) => signer(v as never), huge: true },
    { what: "createVerifier(key)(token)", run: (v) => created(() => createVerifier(v as string), token)(), callback: true },
    { what: "createVerifier(secret, options)", run: (v) => created(() => createVerifier(secret, v as object), token)() },
    ...[...VERIFY_OPTIONS, "cache"].map((name): Call => ({
      what: `createVerifier({ ${name} })`, run: (v) => created(() => createVerifier(secret, { [name]: v }), token)(), callback: name === "isRevoked",
    })),
    ...["max", "ttl"].map((name): Call => ({ what: `createVerifier({ cache: { ${name} } })`, run: (v) => created(() => createVerifier(secret, { cache: { [name]: v } }), token)() })),
    { what: "verifier(token)", run: (v) => verifier(v as string), huge: true },
    { what: "createSigner (sync part)", run: (v) => createSigner(secret, v as object), sync: true },
    { what: "createVerifier (sync part)", run: (v) => createVerifier(secret, v as object), sync: true },
  ];
  await runAll(list, t);
});

test("importJWK: hostile JWKs, members and algs", { timeout: 120_000 }, async (t) => {
  const { ec } = await fixtures();
  const list: Call[] = [
    { what: "importJWK(jwk)", run: (v) => importJWK(v as JWK), huge: true },
    { what: "importJWK(jwk, alg)", run: (v) => importJWK(ec.publicJWK, v as string) },
    ...JWK_MEMBERS.map((name): Call => ({ what: `importJWK(JWK with ${name})`, run: (v) => importJWK({ ...ec.publicJWK, [name]: v } as JWK) })),
    { what: "importJWK(oct with k)", run: (v) => importJWK({ kty: "oct", k: v } as JWK) },
  ];
  await runAll(list, t);
});
