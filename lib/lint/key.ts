/**
 * lintToken's review of the key a token is checked with, when one is given: HMAC secrets shorter than the hash
 * (RFC 7518 §3.2) or of little entropy (RFC 8725 §3.5: no human-memorable passwords), text of another kind of key
 * used as a secret (the algorithm confusion of RFC 8725 §2.1), a key that does not permit the token's `alg`
 * (RFC 8725 §3.1), any reason keycard would refuse the key (weak RSA, a point off its curve...), and a private key
 * given where the public one suffices.
 */
import { algorithmByName, type Algorithm } from "../jwa/algorithms.js";
import { JWTError } from "../errors.js";
import { keyHandle } from "../keys/handle.js";
import { otherKindOfKey } from "../keys/secret.js";
import { isCryptoKey } from "../keys/crypto-key.js";
import { isPlainObject } from "../arguments.js";
import { encodeUtf8 } from "../bytes/utf8.js";
import type { KeyLike } from "../keys/types.js";
import { finding, type LintFinding } from "./findings.js";

/** An estimate of a secret's entropy in bits: its length times the Shannon entropy of its byte frequencies. */
function entropyBits(bytes: Uint8Array): number {
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  let perByte = 0;
  for (const count of counts.values()) {
    const p = count / bytes.length;
    perByte -= p * Math.log2(p);
  }
  return perByte * bytes.length;
}

/** Whether every byte is printable ASCII: a secret someone typed, rather than random bytes. */
function isPrintable(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte >= 0x20 && byte < 0x7f);
}

/** The findings about an HMAC secret for `algorithm` (an HS* entry, or undefined when the token's alg is not one). */
function lintSecret(secret: string | Uint8Array, algorithm: Algorithm | undefined): LintFinding[] {
  const text = typeof secret === "string" ? secret : new TextDecoder("latin1").decode(secret);
  const other = otherKindOfKey(text);
  if (other !== undefined) {
    return [finding("key-confusion", `the secret is ${other}: using a public key as an HMAC secret lets anyone who has it sign tokens`)];
  }
  const bytes = typeof secret === "string" ? encodeUtf8(secret) : secret;
  const out: LintFinding[] = [];
  if (algorithm !== undefined && algorithm.family !== "HMAC") {
    out.push(finding("key-alg-mismatch", `a secret was given for an ${algorithm.name} token: ${algorithm.name} needs a public key, and verifying it as HMAC is the algorithm-confusion attack`));
  }
  const hmac = algorithm?.family === "HMAC" ? algorithm : undefined;
  const needed = hmac?.hashLength ?? 32;
  if (bytes.length < needed) {
    out.push(finding("weak-secret", `the secret has ${bytes.length} bytes; ${hmac?.name ?? "HS256"} needs at least ${needed} (the hash length), and verifiers refuse shorter ones`));
  } else if (isPrintable(bytes) && entropyBits(bytes) < 128) {
    out.push(finding("secret-low-entropy", `the secret is text with about ${Math.floor(entropyBits(bytes))} bits of entropy: a password can be guessed offline from any token; use random bytes (keycard keygen ${hmac?.name ?? "HS256"})`));
  }
  return out;
}

/** Whether `key` is a private or secret-less private key: a private CryptoKey or a JWK with `d`. */
function isPrivateKey(key: object): boolean {
  if (isCryptoKey(key)) return key.type === "private";
  return isPlainObject(key) && Object.hasOwn(key, "d");
}

/** The findings about `key` for a token whose header says `alg`. Never throws. */
export async function lintKey(key: KeyLike, alg: string): Promise<LintFinding[]> {
  const algorithm = algorithmByName(alg);
  if (typeof key === "string" || key instanceof Uint8Array) return lintSecret(key, algorithm);
  const out: LintFinding[] = [];
  let handle;
  try {
    handle = keyHandle(key);
  } catch (error) {
    if (!(error instanceof JWTError)) throw error;
    return [finding("key-unusable", `keycard cannot use this key: ${error.message}`)];
  }
  if (algorithm !== undefined && !handle.algorithms.includes(algorithm)) {
    const permitted = handle.algorithms.map((a) => a.name).join(", ");
    out.push(finding("key-alg-mismatch", `the token says ${algorithm.name} but this key (${handle.description}) permits ${permitted || "nothing"}: a verifier must never let the token choose`));
    return out;
  }
  if (algorithm !== undefined) {
    const usage = isPrivateKey(key) ? "sign" : "verify";
    try {
      await handle.cryptoKey(algorithm, usage);
    } catch (error) {
      if (!(error instanceof JWTError)) throw error;
      const id = /at least \d+ bytes/.test(error.message) ? "weak-secret" : "key-unusable";
      out.push(finding(id, `keycard refuses this key for ${algorithm.name}: ${error.message}`));
    }
  }
  if (isPrivateKey(key)) {
    out.push(finding("key-private", "this is a private key: checking a token needs only the public key; keep private keys out of debugging tools"));
  }
  return out;
}
