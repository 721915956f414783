// The conformance suite's own small harness: named checks, expected error codes, byte helpers.
// Plain ES module on web-standard globals only (crypto.subtle, TextEncoder, btoa/atob), so that the same file
// runs on Node.js, Deno, Bun, workerd and in a browser page. It never imports the library: the runner passes it in.

/** A short description of anything thrown, for the list of failures. */
export function describeError(error) {
  if (error instanceof Error || (typeof error === "object" && error !== null && "message" in error)) {
    const code = typeof error.code === "string" ? ` [${error.code}]` : "";
    return `${error.name ?? "Error"}${code}: ${error.message}`;
  }
  return `thrown non-error ${typeof error}: ${String(error)}`;
}

/** An assertion failure inside a check. */
export class CheckFailed extends Error {
  constructor(message) {
    super(message);
    this.name = "CheckFailed";
  }
}

export function fail(message) {
  throw new CheckFailed(message);
}

export function ok(condition, message) {
  if (!condition) fail(message);
}

export function equal(actual, expected, what) {
  if (actual !== expected) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Deep equality of JSON-like values (objects, arrays, primitives). */
export function sameJSON(actual, expected, what) {
  const a = JSON.stringify(sortKeys(actual));
  const b = JSON.stringify(sortKeys(expected));
  if (a !== b) fail(`${what}: expected ${b.slice(0, 200)}, got ${a?.slice(0, 200)}`);
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

function show(value) {
  if (typeof value === "string") return JSON.stringify(value.length > 120 ? value.slice(0, 120) + "..." : value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The library function `name`, or a failure saying it is missing: a suite written against API.md must report
 * an export that does not exist yet as a failed check, not crash.
 */
export function need(keycard, name) {
  const value = keycard[name];
  if (value === undefined) fail(`keycard.${name} is not exported`);
  return value;
}

/** Checks that `error` is a keycard JWTError with `code` (and, for claim errors, `claim`). */
function checkError(keycard, error, code, claim, context) {
  if (typeof error !== "object" || error === null || error.code !== code) {
    fail(`${context}: expected ${code}, got ${describeError(error)}`);
  }
  if (typeof keycard.JWTError === "function" && !(error instanceof keycard.JWTError)) {
    fail(`${context}: the ${code} error is not an instance of keycard.JWTError`);
  }
  if (claim !== undefined && error.claim !== claim) fail(`${context}: expected claim ${show(claim)}, got ${show(error.claim)}`);
  return error;
}

/**
 * Calls `fn` (which must return a promise) and expects a rejection with `code`. A synchronous throw is a failure
 * of its own: API.md says functions that return a promise reject, never throw.
 */
export async function rejects(keycard, fn, code, { claim, context = code } = {}) {
  let promise;
  try {
    promise = fn();
  } catch (error) {
    fail(`${context}: threw synchronously (${describeError(error)}) instead of rejecting`);
  }
  if (typeof promise?.then !== "function") fail(`${context}: did not return a promise`);
  let result;
  try {
    result = await promise;
  } catch (error) {
    return checkError(keycard, error, code, claim, context);
  }
  fail(`${context}: expected ${code}, but it resolved with ${show(result)?.slice(0, 120)}`);
}

/** Calls a synchronous `fn` and expects it to throw `code`. */
export function throws(keycard, fn, code, { context = code } = {}) {
  let result;
  try {
    result = fn();
  } catch (error) {
    return checkError(keycard, error, code, undefined, context);
  }
  fail(`${context}: expected ${code} thrown, but it returned ${show(result)?.slice(0, 120)}`);
}

// ---- bytes ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const utf8 = (text) => encoder.encode(text);
export const fromUtf8 = (bytes) => decoder.decode(bytes);

/** Standard base64 of bytes, through the web-standard btoa. */
export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const toBase64url = (bytes) => toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
export const fromBase64url = (text) => fromBase64(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
export const base64urlJSON = (value) => toBase64url(utf8(typeof value === "string" ? value : JSON.stringify(value)));

/** A PEM block of DER bytes, 64 characters a line (RFC 7468 §2). */
export function toPEM(label, der) {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** A compact JWS assembled by hand from a header (object or exact text), a payload and signature bytes. */
export function assemble(header, payload, signature) {
  return `${base64urlJSON(header)}.${base64urlJSON(payload)}.${toBase64url(signature)}`;
}

/** HMAC over `data` (a string) with raw `secret` bytes, straight through crypto.subtle: the suite forges tokens with it. */
export async function hmac(hash, secret, data) {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(data)));
}

/** The token with one bit of its signature flipped (the signature keeps its length and stays valid base64url). */
export function flipSignatureBit(token) {
  const at = token.lastIndexOf(".");
  const signature = fromBase64url(token.slice(at + 1));
  signature[Math.floor(signature.length / 2)] ^= 0x01;
  return token.slice(0, at + 1) + toBase64url(signature);
}

/** The token with its payload replaced (the signature left as it was). */
export function swapPayload(token, payload) {
  const [header, , signature] = token.split(".");
  return `${header}.${base64urlJSON(payload)}.${signature}`;
}

// ---- the collector ------------------------------------------------------------------------------------

/** Collects named checks; each runs once, in order, and is recorded as passed or failed with a reason. */
export function createCollector({ onResult } = {}) {
  const results = [];
  return {
    results,
    async check(name, fn) {
      const started = Date.now();
      let entry;
      try {
        await fn();
        entry = { name, ok: true, ms: Date.now() - started };
      } catch (error) {
        entry = { name, ok: false, ms: Date.now() - started, message: describeError(error) };
      }
      results.push(entry);
      onResult?.(entry);
      return entry.ok;
    },
  };
}
