/**
 * Assertions shared by the unit tests: "this rejects/throws a JWTError with this code (and these
 * properties)", the documented set of codes, and a check that Object.prototype was left alone.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { JWTError, type ErrorCode } from "../../lib/index.js";

/** Every code of API.md's error table. */
export const ERROR_CODES: readonly ErrorCode[] = [
  "ERR_INVALID_ARGUMENT", "ERR_JWT_MALFORMED", "ERR_JWT_HEADER_UNSUPPORTED", "ERR_JWT_ALG_NOT_ALLOWED",
  "ERR_JWT_SIGNATURE_INVALID", "ERR_JWT_EXPIRED", "ERR_JWT_NOT_YET_VALID", "ERR_JWT_CLAIM_INVALID",
  "ERR_JWT_REVOKED", "ERR_KEY_INVALID", "ERR_JWKS_NO_MATCHING_KEY", "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JWKS_FETCH_FAILED", "ERR_JWKS_TIMEOUT",
];

function describe(value: unknown): string {
  return inspect(value, { depth: 2, breakLength: Infinity }).slice(0, 300);
}

/** Asserts `error` is a JWTError with `code` and, when given, these own property values. */
export function assertJWTError(error: unknown, code: ErrorCode, props?: Record<string, unknown>, message?: string): JWTError {
  const where = message === undefined ? "" : ` (${message})`;
  assert.ok(error instanceof JWTError, `expected a JWTError ${code}${where}, got ${describe(error)}`);
  assert.equal(error.code, code, `expected ${code}${where}, got ${error.code}: ${error.message}`);
  for (const [name, value] of Object.entries(props ?? {})) {
    assert.deepEqual((error as unknown as Record<string, unknown>)[name], value, `${code}.${name}${where}`);
  }
  return error;
}

/** Awaits `promise` and asserts it rejects with a JWTError of `code` (and these properties). */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: ErrorCode,
  props?: Record<string, unknown>,
  message?: string,
): Promise<JWTError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    return assertJWTError(error, code, props, message);
  }
  assert.fail(`expected ${code}${message === undefined ? "" : ` (${message})`}, got a result: ${describe(result)}`);
}

/** Calls `fn` and asserts it throws (synchronously) a JWTError of `code`. */
export function throwsWith(fn: () => unknown, code: ErrorCode, props?: Record<string, unknown>, message?: string): JWTError {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    return assertJWTError(error, code, props, message);
  }
  assert.fail(`expected ${code} thrown${message === undefined ? "" : ` (${message})`}, got ${describe(result)}`);
}

/**
 * Calls a promise-returning public function and asserts it did not throw synchronously and returned a
 * promise; returns that promise.
 */
export function callAsync(fn: () => unknown, message?: string): Promise<unknown> {
  let value: unknown;
  try {
    value = fn();
  } catch (error) {
    assert.fail(`threw synchronously${message === undefined ? "" : ` (${message})`}: ${describe(error)}`);
  }
  assert.ok(value instanceof Promise, `did not return a promise${message === undefined ? "" : ` (${message})`}`);
  return value;
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(",");

/** Asserts nothing was added to Object.prototype (the usual prototype-pollution markers included). */
export function assertNoPollution(message?: string): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined, `Object.prototype.polluted is set ${message ?? ""}`);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(","), PROTOTYPE_NAMES, `Object.prototype changed ${message ?? ""}`);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
}
