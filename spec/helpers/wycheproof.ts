/**
 * Running Project Wycheproof vector files (spec/vectors/wycheproof/, schema in its README.md) against keycard:
 * loading a file, mapping its parameters to a JWS algorithm of the JWA table, and keeping score per file:
 * how many valid / invalid / acceptable cases ran and came out as their verdict requires, how many were
 * refused because the JWS profile of the algorithm differs from Wycheproof's parameters (with the reason),
 * and which cases no JWS algorithm can run at all.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { TestContext } from "node:test";
import { ALL_ALGORITHMS, type Algorithm, type Family } from "../../lib/jwa/algorithms.js";
import { backendName } from "../../lib/jwa/signature.js";
import { JWTError, type JWK } from "../../lib/index.js";

export type Verdict = "valid" | "invalid" | "acceptable";

export interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  result: Verdict;
  [input: string]: unknown;
}

export interface WycheproofGroup {
  type: string;
  tests: WycheproofTest[];
  [parameter: string]: unknown;
}

export interface WycheproofFile {
  algorithm?: string;
  schema: string;
  numberOfTests: number;
  testGroups: WycheproofGroup[];
}

/** Reads spec/vectors/wycheproof/<name>. */
export function loadWycheproof(name: string): WycheproofFile {
  const url = new URL(`../vectors/wycheproof/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as WycheproofFile;
}

/** Bytes of a Wycheproof hex string. */
export function hexBytes(hex: string): Uint8Array {
  assert.match(hex, /^([0-9a-f]{2})*$/, "hex input");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Base64url (no padding) of bytes, for building JWKs out of Wycheproof's raw key fields. */
export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** A big-endian integer in hex as exactly `size` bytes (Wycheproof adds a 00 sign byte or drops leading zeros). */
function fixedLength(hex: string, size: number): Uint8Array {
  const bytes = hexBytes(hex.length % 2 === 0 ? hex : `0${hex}`);
  let start = 0;
  while (bytes.length - start > size && bytes[start] === 0) start++;
  assert.ok(bytes.length - start <= size, "integer longer than the field");
  const out = new Uint8Array(size);
  out.set(bytes.subarray(start), size - (bytes.length - start));
  return out;
}

const WYCHEPROOF_CURVES: Record<string, { crv: string; size: number }> = {
  secp256r1: { crv: "P-256", size: 32 },
  secp384r1: { crv: "P-384", size: 48 },
  secp521r1: { crv: "P-521", size: 66 },
};

/** The public JWK of a Wycheproof group: its own `publicKeyJwk`, or one built from the raw `publicKey` fields. */
export function groupPublicJwk(group: WycheproofGroup): JWK {
  if (group.publicKeyJwk !== undefined) return group.publicKeyJwk as JWK;
  const key = group.publicKey as Record<string, string>;
  const curve = key.curve === undefined ? undefined : WYCHEPROOF_CURVES[key.curve];
  if (curve !== undefined) {
    return { kty: "EC", crv: curve.crv, x: base64url(fixedLength(key.wx!, curve.size)), y: base64url(fixedLength(key.wy!, curve.size)) };
  }
  if (key.modulus !== undefined && key.publicExponent !== undefined) {
    const n = hexBytes(key.modulus);
    const e = hexBytes(key.publicExponent);
    const strip = (bytes: Uint8Array) => bytes.subarray(bytes.findIndex((b) => b !== 0));
    return { kty: "RSA", n: base64url(strip(n)), e: base64url(strip(e)) };
  }
  throw new Error(`no public key in this group: ${JSON.stringify(group.publicKey).slice(0, 80)}`);
}

/**
 * The JWS algorithm of the JWA table for a WebCrypto family and a Wycheproof hash name ("SHA-256"...), on a
 * curve for ECDSA; `undefined` when JWS has none (SHA-1, SHA-224...).
 */
export function jwsAlgorithm(family: Family, hash: string | undefined, crv?: string): Algorithm | undefined {
  return ALL_ALGORITHMS.find(
    (alg) => alg.family === family && alg.hash === hash && (crv === undefined || alg.crv === crv),
  );
}

/** What became of one case: accepted (verified / signed as expected) or refused, and why. */
export interface Outcome {
  accepted: boolean;
  /** For messages: the error code or a short reason. */
  detail?: string;
}

/** An error's JWTError code, or its name for anything else (which a public function must never throw). */
export function describeError(error: unknown): string {
  if (error instanceof JWTError) return error.code;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function label(test: WycheproofTest): string {
  const flags = test.flags.length > 0 ? ` [${test.flags.join(",")}]` : "";
  return `tcId ${test.tcId} (${test.result}${flags}${test.comment ? `, ${test.comment}` : ""})`;
}

interface Count {
  run: number;
  passed: number;
}

/** The score of one vector file. */
export class Scorecard {
  readonly failures: string[] = [];
  private readonly counts: Record<Verdict, Count> = {
    valid: { run: 0, passed: 0 },
    invalid: { run: 0, passed: 0 },
    acceptable: { run: 0, passed: 0 },
  };
  private readonly acceptable: string[] = [];
  private readonly policy = new Map<string, Count & { verdicts: Record<Verdict, number> }>();
  private readonly notApplicable = new Map<string, Record<Verdict, number>>();
  private readonly interpretations: string[] = [];
  private seen = 0;

  /** `accepted` says what acceptance means for this file, for the summary ("verified", "signed exactly"...). */
  constructor(readonly file: string, readonly what: string, readonly accepted = "verified") {}

  /** A case judged by Wycheproof's own verdict: valid must be accepted, invalid refused, acceptable either. */
  verdict(test: WycheproofTest, outcome: Outcome): void {
    this.seen++;
    const count = this.counts[test.result];
    count.run++;
    if (test.result === "acceptable") {
      count.passed++;
      this.acceptable.push(`tcId ${test.tcId} [${test.flags.join(",")}] ${outcome.accepted ? "accepted" : `refused (${outcome.detail ?? "no detail"})`}`);
      return;
    }
    if (outcome.accepted === (test.result === "valid")) count.passed++;
    else this.failures.push(`${label(test)}: ${outcome.accepted ? "accepted" : `refused (${outcome.detail ?? "no detail"})`}`);
  }

  /**
   * A case whose parameters are not those of the JWS algorithm (a truncated MAC, a short HMAC key, another
   * PSS salt length...): whatever Wycheproof says under its own parameters, keycard must refuse it.
   */
  refusedByProfile(test: WycheproofTest, reason: string, outcome: Outcome): void {
    this.seen++;
    let entry = this.policy.get(reason);
    if (entry === undefined) {
      entry = { run: 0, passed: 0, verdicts: { valid: 0, invalid: 0, acceptable: 0 } };
      this.policy.set(reason, entry);
    }
    entry.run++;
    entry.verdicts[test.result]++;
    if (!outcome.accepted) entry.passed++;
    else this.failures.push(`${label(test)}: accepted, but must be refused: ${reason}`);
  }

  /**
   * A case whose verdict under the JWS profile had to be worked out (and is explained by `note`): `ok` says
   * whether keycard did what the note requires.
   */
  interpreted(test: WycheproofTest, note: string, ok: boolean, detail?: string): void {
    this.seen++;
    this.interpretations.push(`${label(test)}: ${note}: ${ok ? "as required" : `NOT as required (${detail ?? "no detail"})`}`);
    if (!ok) this.failures.push(`${label(test)}: ${note}: ${detail ?? "not as required"}`);
  }

  /** A case no JWS algorithm can run (its hash is not one JWS uses); counted and reported, not run. */
  notRunnable(test: WycheproofTest, reason: string): void {
    this.seen++;
    let entry = this.notApplicable.get(reason);
    if (entry === undefined) {
      entry = { valid: 0, invalid: 0, acceptable: 0 };
      this.notApplicable.set(reason, entry);
    }
    entry[test.result]++;
  }

  /** One line per category, for t.diagnostic. */
  summary(): string[] {
    const { valid, invalid, acceptable } = this.counts;
    const lines = [
      `${this.file} [${this.what}] on ${backendName()}: valid ${valid.passed}/${valid.run} ${this.accepted}, `
        + `invalid ${invalid.passed}/${invalid.run} refused, acceptable ${acceptable.run} run`,
    ];
    for (const line of this.acceptable) lines.push(`  acceptable: ${line}`);
    for (const [reason, entry] of this.policy) {
      const verdicts = Object.entries(entry.verdicts).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(", ");
      lines.push(`  refused by the JWS profile: ${entry.passed}/${entry.run} (Wycheproof: ${verdicts}): ${reason}`);
    }
    for (const line of this.interpretations) lines.push(`  interpreted: ${line}`);
    for (const [reason, verdicts] of this.notApplicable) {
      const list = Object.entries(verdicts).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(", ");
      lines.push(`  not run (${list}): ${reason}`);
    }
    return lines;
  }

  /** Prints the summary and asserts every case of the file was accounted for and came out as required. */
  finish(t: TestContext, numberOfTests: number): void {
    for (const line of this.summary()) t.diagnostic(line);
    assert.equal(this.seen, numberOfTests, `${this.file}: every one of the file's ${numberOfTests} cases is accounted for`);
    assert.deepEqual(this.failures, [], `${this.file}: cases that did not come out as required`);
  }
}
