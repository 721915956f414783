/**
 * A seeded mutation fuzzer for verify step 1-4: valid tokens of several algorithms are changed thousands of
 * times (characters flipped, inserted, deleted; parts swapped between tokens; headers and payloads decoded,
 * altered as JSON or as bytes, and re-encoded as valid base64url; signatures bent), and each result is given
 * to verify, verifyJWS, a caching verifier, decode and lintToken. Base64url is strict, so a token has exactly one
 * spelling: ANY change must fail, with a JWTError of a documented code, unless the mutation happened to
 * rebuild a valid token byte for byte. decode must call malformed exactly what verify calls malformed.
 *
 * Seed: KEYCARD_FUZZ_SEED (default below, printed as a diagnostic); scale: KEYCARD_FUZZ_SCALE (default 1).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sign, verify, verifyJWS, decode, createVerifier, lintToken, JWTError, type KeyLike, type ErrorCode } from "../../lib/index.js";
import { assertNoPollution } from "../helpers/assert.js";
import { b64, fixedSecret, keyPair, unb64, ALL_ALGS, type Alg } from "../helpers/keys.js";

const DEFAULT_SEED = 0x6b657963; // "keyc"
const SEED = process.env.KEYCARD_FUZZ_SEED === undefined ? DEFAULT_SEED : Number(process.env.KEYCARD_FUZZ_SEED) >>> 0;
const SCALE = process.env.KEYCARD_FUZZ_SCALE === undefined ? 1 : Number(process.env.KEYCARD_FUZZ_SCALE);
const ALLOWED: ReadonlySet<ErrorCode> = new Set([
  "ERR_JWT_MALFORMED", "ERR_JWT_HEADER_UNSUPPORTED", "ERR_JWT_ALG_NOT_ALLOWED", "ERR_JWT_SIGNATURE_INVALID", "ERR_KEY_INVALID",
]);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** Fixed times, so that the HMAC and EdDSA tokens (and so every mutation of them) are the same in every run. */
const ISSUED = 1_700_000_000;
const LIFETIME = 200 * 365 * 86400;
const FOREIGN = ["=", "+", "/", ".", " ", "\n", "\t", "%", "é", "\u0000", "\ud800", "*", "~", "\u00a0"];

/** mulberry32: a tiny, fast, seedable PRNG (returns [0, 1)). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic 32-bit hash of a string, to give each algorithm its own stream. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

class Mutator {
  readonly random: () => number;
  constructor(seed: number, readonly pool: readonly string[]) {
    this.random = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  char(): string {
    return this.random() < 0.85 ? ALPHABET[this.int(64)]! : this.pick(FOREIGN);
  }

  /** One mutation of `token`; returns the new text and a short name of what was done. */
  mutate(token: string): [string, string] {
    if (token.length === 0) return [this.char(), "from empty"]; // a second mutation of a truncated token
    // a token mutated once may no longer have three parts: missing parts read as empty
    const parts = token.split(".");
    while (parts.length < 3) parts.push("");
    const index = this.int(3);
    const operators: [string, () => string][] = [
      ["flip", () => {
        const p = parts[index]!;
        if (p.length === 0) return token + this.char();
        const at = this.int(p.length);
        parts[index] = p.slice(0, at) + this.char() + p.slice(at + 1);
        return parts.join(".");
      }],
      ["case", () => {
        const at = this.int(token.length);
        const c = token[at]!;
        const swapped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
        return token.slice(0, at) + swapped + token.slice(at + 1);
      }],
      ["insert", () => {
        const at = this.int(token.length + 1);
        return token.slice(0, at) + this.char() + token.slice(at);
      }],
      ["delete", () => {
        const at = this.int(token.length);
        return token.slice(0, at) + token.slice(at + this.int(3) + 1);
      }],
      ["truncate", () => token.slice(0, this.int(token.length))],
      ["swap part", () => {
        const other = this.pick(this.pool).split(".");
        parts[index] = other[index] ?? "";
        return parts.join(".");
      }],
      ["move part", () => {
        const from = this.int(3);
        parts[index] = parts[from]!;
        return parts.join(".");
      }],
      ["parts count", () => this.pick([`${token}.`, `${token}.${parts[2]}`, `${parts[0]}.${parts[1]}`, `.${token}`, `${parts[0]}..${parts[2]}`, `${parts[0]}.${parts[1]}.${parts[2]}.${parts[1]}`])],
      ["respell", () => {
        const p = parts[index]!;
        const unused = p.length % 4 === 2 ? 15 : p.length % 4 === 3 ? 3 : 0;
        if (unused === 0) return token + "A";
        const value = ALPHABET.indexOf(p[p.length - 1]!);
        parts[index] = p.slice(0, -1) + ALPHABET[(value & ~unused) | (1 + this.int(unused))]!;
        return parts.join(".");
      }],
      ["header json", () => {
        parts[0] = b64(this.mutateJSON(new TextDecoder().decode(unb64(parts[0]!)), true));
        return parts.join(".");
      }],
      ["payload json", () => {
        parts[1] = b64(this.mutateJSON(new TextDecoder().decode(unb64(parts[1]!)), false));
        return parts.join(".");
      }],
      ["part bytes", () => {
        const i = this.int(2);
        parts[i] = b64(this.mutateBytes(unb64(parts[i]!)));
        return parts.join(".");
      }],
      ["signature bytes", () => {
        parts[2] = b64(this.mutateSignature(unb64(parts[2]!)));
        return parts.join(".");
      }],
    ];
    const [name, operator] = this.pick(operators);
    return [operator(), name];
  }

  flipBit(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const at = this.int(bytes.length);
    bytes[at] = bytes[at]! ^ (1 << this.int(8));
  }

  mutateBytes(bytes: Uint8Array): Uint8Array {
    const out = Uint8Array.from(bytes);
    switch (this.int(5)) {
      case 0: this.flipBit(out); return out;
      case 1: return Uint8Array.from([0xef, 0xbb, 0xbf, ...out]); // a byte-order mark
      case 2: if (out.length > 0) out[this.int(out.length)] = this.pick([0x80, 0xc0, 0xff, 0xed, 0xf8]); return out; // invalid UTF-8
      case 3: return Uint8Array.from([...out, this.int(256)]);
      default: return out.subarray(0, Math.max(0, out.length - 1 - this.int(3)));
    }
  }

  mutateSignature(signature: Uint8Array): Uint8Array {
    const out = Uint8Array.from(signature);
    const half = out.length / 2;
    switch (this.int(7)) {
      case 0: this.flipBit(out); return out;
      case 1: return new Uint8Array(out.length); // r = s = 0, "psychic signature"
      case 2: return new Uint8Array(out.length).fill(0xff);
      case 3: return Uint8Array.from([...out.subarray(half), ...out.subarray(0, half)]); // s || r
      case 4: return out.subarray(0, out.length - 1 - this.int(4));
      case 5: return Uint8Array.from([0, ...out]); // a leading zero byte
      default: { const other = this.pick(this.pool).split(".")[2]!; return unb64(other); }
    }
  }

  /** A change to a JSON object's text that keeps it base64url-encodable; many keep it valid JSON. */
  mutateJSON(text: string, isHeader: boolean): string {
    let object: Record<string, unknown>;
    try {
      object = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return text + "}";
    }
    if (typeof object !== "object" || object === null) return `{${text}}`;
    const algs = [...ALL_ALGS, "none", "None", "NONE", "hs256", "HS256 ", "", "RS1", 5, null, ["HS256"]];
    const keys = Object.keys(object);
    switch (this.int(isHeader ? 14 : 11)) {
      case 0: return JSON.stringify(object, null, 1); // same meaning, other bytes
      case 1: return " " + text;
      case 2: return JSON.stringify(Object.fromEntries(Object.entries(object).reverse()));
      case 3: return text.slice(0, -1) + `,${JSON.stringify(this.pick(keys.length > 0 ? keys : ["x"]))}:1}`; // duplicate
      case 4: { const rest = { ...object }; delete rest[this.pick(keys.length > 0 ? keys : ["x"])]; return JSON.stringify(rest); }
      case 5: return JSON.stringify({ ...object, [this.pick(["x", "kid", "typ", "sub", "exp", "__proto__", "constructor"])]: this.pick([1, "a", null, [], {}, { polluted: 1 }]) });
      case 6: { const depth = 50 + this.int(100); return JSON.stringify({ ...object, n: JSON.parse("[".repeat(depth) + "]".repeat(depth)) }); }
      case 7: return JSON.stringify([object]);
      case 8: return text.replace(/:/, "::");
      case 9: return JSON.stringify({ ...object, exp: this.pick([0, 1, 9e9, -1, "9e9", 1e400]), iat: this.pick([0, 9e9]) });
      case 10: return text.slice(0, -1) + ',"__proto__":{"polluted":1}}';
      case 11: return JSON.stringify({ ...object, alg: this.pick(algs) });
      case 12: {
        const crit = this.pick([["exp"], ["b64"], [], "exp", ["alg"], ["exp", "exp"], [1], ["x"]]);
        return JSON.stringify({ ...object, crit, ...(this.random() < 0.5 ? { exp: 1, x: 1 } : {}) });
      }
      default: return JSON.stringify({ ...object, b64: this.pick([false, true, "false", 0]) });
    }
  }
}

interface Subject {
  alg: Alg;
  mutations: number;
  signingKey: KeyLike;
  verifyingKey: KeyLike;
}

async function subjects(): Promise<Subject[]> {
  const secret = fixedSecret(64, 11);
  const list: Subject[] = [
    { alg: "HS256", mutations: 2500, signingKey: secret, verifyingKey: secret },
    { alg: "HS512", mutations: 300, signingKey: secret, verifyingKey: secret },
  ];
  for (const [alg, mutations] of [["RS256", 300], ["PS256", 150], ["ES256", 500]] as const) {
    const { privateKey, publicKey } = await keyPair(alg);
    list.push({ alg, mutations, signingKey: privateKey, verifyingKey: publicKey });
  }
  // A fixed Ed25519 key (PKCS#8 of a fixed 32-byte seed, RFC 8410): EdDSA signatures are deterministic, so
  // this subject, like the HMAC ones, replays exactly for a seed. RSA and ECDSA keys are fresh each run.
  const pkcs8 = Uint8Array.from([...Buffer.from("302e020100300506032b657004220420", "hex"), ...fixedSecret(32, 5)]);
  const edPrivate = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const edJWK = await crypto.subtle.exportKey("jwk", edPrivate);
  const edPublic = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: edJWK.x }, { name: "Ed25519" }, true, ["verify"]);
  list.push({ alg: "EdDSA", mutations: 500, signingKey: edPrivate, verifyingKey: edPublic });
  return list;
}

test(`mutated tokens never verify and fail only with documented codes (seed ${SEED})`, { timeout: 120_000 }, async (t) => {
  t.diagnostic(`seed ${SEED} (0x${SEED.toString(16)}); set KEYCARD_FUZZ_SEED to change it, KEYCARD_FUZZ_SCALE to run more`);
  const all = await subjects();
  // valid tokens of every subject: the pool parts are swapped from
  const tokens = new Map<Alg, string[]>();
  for (const s of all) {
    const own: string[] = [];
    for (const [i, claims] of [{ sub: "alice" }, { sub: "bob", admin: false, scope: ["read"] }, { n: 12345678, s: "x".repeat(20) }].entries()) {
      own.push(await sign(claims, s.signingKey, { alg: s.alg, now: ISSUED, expiresIn: LIFETIME, kid: i === 1 ? `${s.alg}-key` : undefined, header: i === 2 ? { cty: "x" } : undefined }));
    }
    tokens.set(s.alg, own);
  }
  const pool = [...tokens.values()].flat();
  let total = 0;
  const summary: string[] = [];
  for (const s of all) {
    const valid = new Set(tokens.get(s.alg));
    for (const token of valid) await verify(token, s.verifyingKey); // the originals verify
    const cached = createVerifier(s.verifyingKey, { cache: { max: 16 } });
    for (const token of valid) await cached(token); // ...and are in the cache
    const mutator = new Mutator(SEED ^ hash(s.alg), pool);
    const codes = new Map<string, number>();
    let identical = 0;
    const count = Math.max(1, Math.round(s.mutations * SCALE));
    for (let i = 0; i < count; i++) {
      const original = mutator.pick([...valid]);
      let [mutated, name] = mutator.mutate(original);
      if (mutator.random() < 0.2) {
        const [again, second] = mutator.mutate(mutated);
        mutated = again;
        name += ` + ${second}`;
      }
      const where = `${s.alg} mutation #${i} (${name}) of seed ${SEED}: ${JSON.stringify(mutated.slice(0, 120))}`;
      if (valid.has(mutated)) {
        identical++;
        await verify(mutated, s.verifyingKey);
        continue;
      }
      let decodeMalformed = false;
      try {
        decode(mutated);
      } catch (error) {
        assert.ok(error instanceof JWTError && error.code === "ERR_JWT_MALFORMED", `decode threw ${String(error)}: ${where}`);
        decodeMalformed = true;
      }
      // lintToken reads what decode reads: findings for a token decode takes, ERR_JWT_MALFORMED for the rest.
      try {
        const findings = await lintToken(mutated, { now: ISSUED, key: s.verifyingKey });
        assert.ok(!decodeMalformed && Array.isArray(findings), `lintToken reviewed what decode refused: ${where}`);
      } catch (error) {
        assert.ok(error instanceof JWTError && error.code === "ERR_JWT_MALFORMED" && decodeMalformed, `lintToken failed with ${String(error)}: ${where}`);
      }
      for (const [label, attempt] of [
        ["verify", () => verify(mutated, s.verifyingKey)],
        ["verifyJWS", () => verifyJWS(mutated, s.verifyingKey)],
        ["cached verifier", () => cached(mutated)],
      ] as const) {
        let error: unknown;
        try {
          await attempt();
        } catch (e) {
          error = e;
        }
        assert.ok(error !== undefined, `${label} accepted a changed token: ${where}`);
        assert.ok(error instanceof JWTError, `${label} failed with ${String(error)}: ${where}`);
        assert.ok(ALLOWED.has(error.code), `${label} failed with ${error.code}: ${where}`);
        if (label === "verify") {
          codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
          assert.equal(error.code === "ERR_JWT_MALFORMED", decodeMalformed, `decode and verify disagree on the shape (${error.code}): ${where}`);
        }
      }
      total++;
    }
    assertNoPollution(s.alg);
    summary.push(`${s.alg}: ${count} mutations (${identical} rebuilt a valid token) → ${[...codes].map(([c, n]) => `${c.replace("ERR_", "")} ${n}`).join(", ")}`);
  }
  for (const line of summary) t.diagnostic(line);
  t.diagnostic(`${total} changed tokens refused by verify, verifyJWS and a caching verifier`);
});

test("the PRNG is deterministic for a seed", () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const first = Array.from({ length: 5 }, a);
  assert.deepEqual(first, Array.from({ length: 5 }, b));
  assert.ok(first.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(first, Array.from({ length: 5 }, mulberry32(43)));
});
