/**
 * Scopes (RFC 6749 §3.3): space-separated, case-sensitive scope tokens of %x21 / %x23-5B / %x5D-7E. An access
 * token carries the granted ones in its `scope` claim (RFC 9068 §2.2.3); a resource requires some, and a token
 * without them is refused with 403 `insufficient_scope` (RFC 6750 §3.1).
 */
import { InvalidArgument } from "../errors.js";

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 §3.3

/**
 * A scope option (a space-separated string or a list of scope tokens) as the claim and the challenge write it:
 * the tokens joined by one space; `undefined` stays `undefined`.
 * @throws InvalidArgument for an empty scope or a character RFC 6749 §3.3 forbids.
 */
export function readScope(scope: unknown, name = "scope"): string | undefined {
  if (scope === undefined) return undefined;
  const list = typeof scope === "string" ? scope.split(" ").filter((s) => s !== "") : Array.isArray(scope) ? scope : undefined;
  if (list === undefined || list.length === 0 || !list.every((s) => typeof s === "string" && SCOPE_TOKEN.test(s))) {
    throw new InvalidArgument(`${name} must be a space-separated string or a list of scope tokens (RFC 6749 §3.3)`);
  }
  return list.join(" ");
}

/** The scopes of `required` missing from a token's `scope` claim (RFC 9068 §2.2.3), in the order required. */
export function missingScopes(granted: unknown, required: readonly string[]): string[] {
  const held = new Set(typeof granted === "string" ? granted.split(" ") : []);
  return required.filter((scope) => !held.has(scope));
}
