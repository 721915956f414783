/**
 * Choosing the key of a JWK Set (RFC 7517 §5) that verifies a token: the rules `createLocalJWKSet` and
 * `createRemoteJWKSet` share.
 *
 * A set is read once into a `KeyIndex`. Each member is checked as keycard checks every JWK (`checkJWK`:
 * known `kty`/`crv`, strict base64url, `use` "sig", an `alg` that fits the key); a member that fails, or
 * whose `key_ops` lack "verify", is never selected, but does not spoil the rest of the set (RFC 7517 §5).
 * For a token, the members considered are those with its `kid` (all of them when it has none) that declare
 * themselves keys for its `alg` (`kty`, `crv`, their own `alg`, `use`, `key_ops`). Exactly one key must
 * remain: entries carrying the same key material are one key; entries of different material are ambiguous,
 * even when only one of them is usable.
 */
import { algorithmByName, type Algorithm } from "../jwa/algorithms.js";
import { InvalidArgument, JWKSMultipleMatchingKeys, JWKSNoMatchingKey } from "../errors.js";
import { describeValue, isPlainObject } from "../arguments.js";
import { checkJWK } from "./jwk.js";
import type { JWK } from "./types.js";

/** A JWK Set (RFC 7517 §5): an object with a `keys` array; other members are ignored (§5). */
export interface JSONWebKeySet {
  /** The keys (RFC 7517 §5.1). */
  keys: JWK[];
  [member: string]: unknown;
}

/** The members that hold private key material (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/** The members that identify a key's material, for telling duplicates apart. */
const MATERIAL_MEMBERS = ["kty", "crv", "n", "e", "x", "y", "k"];

/** A member of the set as selection sees it: what it declares, and whether keycard can verify with it. */
interface Member {
  readonly jwk: JWK;
  /** Whether the member passed `checkJWK`, has a string `kid` (if any) and allows "verify": whether it may be selected. */
  readonly usable: boolean;
  /** The key material as one string: two members with equal material are the same key. */
  readonly material: string;
}

/** A JWK Set read for selection. */
export interface KeyIndex {
  /** Every member, in the set's order. */
  readonly members: readonly Member[];
  /** The members by `kid`. */
  readonly byKid: ReadonlyMap<string, readonly Member[]>;
  /** How many members were skipped as unusable, for error messages. */
  readonly skipped: number;
}

/**
 * Checks that `value` is a JWK Set whose members are all objects, and returns the members.
 * @param fail makes the error of the caller's layer (`InvalidArgument` for a local set, `JWKSFetchFailed` for a fetched one).
 */
export function readKeySet(value: unknown, fail: (message: string) => Error): readonly Record<string, unknown>[] {
  if (typeof value === "string") throw fail("a JWK Set must be an object, not its JSON text (parse it and pass the object)");
  if (!isPlainObject(value)) throw fail('a JWK Set must be an object with a "keys" array (RFC 7517 §5)');
  const { keys } = value;
  if (!Array.isArray(keys)) throw fail('a JWK Set must have a "keys" member that is an array (RFC 7517 §5.1)');
  keys.forEach((key, i) => {
    if (!isPlainObject(key)) throw fail(`member ${i} of the JWK Set's "keys" is not a JWK object (RFC 7517 §5.1)`);
  });
  return keys as Record<string, unknown>[];
}

/** The name of the first private member of `jwk`, or `undefined` for a public key (or an `oct` secret). */
export function privateMember(jwk: Record<string, unknown>): string | undefined {
  if (jwk.kty === "oct") return undefined;
  return PRIVATE_MEMBERS.find((member) => jwk[member] !== undefined);
}

/** Whether `jwk` can verify tokens: a valid JWK (RFC 7517 §5: others are ignored) with "verify" among its key_ops. */
function isUsable(jwk: Record<string, unknown>): boolean {
  try {
    checkJWK(jwk);
  } catch {
    return false; // RFC 7517 §5: members not understood or out of range are ignored
  }
  if (jwk.kid !== undefined && typeof jwk.kid !== "string") return false; // RFC 7517 §4.5: a string
  return jwk.key_ops === undefined || (jwk.key_ops as string[]).includes("verify"); // RFC 7517 §4.3
}

/**
 * Whether `jwk` declares itself a key for `alg`, whatever its material: its `kty` and `crv` are the
 * algorithm's, its `alg` (if any) names it, its `use` (if any) is "sig", its `key_ops` (if any) include
 * "verify". A member that declares so but is broken still makes its kid ambiguous.
 */
function declaresFor(jwk: Record<string, unknown>, alg: Algorithm): boolean {
  if (jwk.kty !== alg.kty || (alg.crv !== undefined && jwk.crv !== alg.crv)) return false;
  if (jwk.alg !== undefined && jwk.alg !== alg.name && !(alg.family === "Ed25519" && (jwk.alg === "EdDSA" || jwk.alg === "Ed25519"))) return false;
  if (jwk.use !== undefined && jwk.use !== "sig") return false;
  return jwk.key_ops === undefined || (Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify"));
}

/**
 * Reads checked set members for selection. The JWK objects themselves are kept (not copies), so keycard's
 * per-object import cache serves every token verified with the same member.
 * @param secrets whether `oct` members may be selected (a remote set never selects them).
 */
export function indexKeySet(keys: readonly Record<string, unknown>[], secrets: boolean): KeyIndex {
  const members: Member[] = [];
  const byKid = new Map<string, Member[]>();
  let skipped = 0;
  for (const jwk of keys) {
    if (jwk.kty === "oct" && !secrets) {
      skipped++;
      continue;
    }
    const usable = isUsable(jwk);
    if (!usable) skipped++;
    const member: Member = { jwk: jwk as JWK, usable, material: JSON.stringify(MATERIAL_MEMBERS.map((name) => (typeof jwk[name] === "string" ? jwk[name] : null))) };
    members.push(member);
    if (typeof jwk.kid === "string") {
      const list = byKid.get(jwk.kid);
      if (list === undefined) byKid.set(jwk.kid, [member]);
      else list.push(member);
    }
  }
  return { members, byKid, skipped };
}

/** How a header names its key, for messages. */
function describeHeader(alg: unknown, kid: unknown): string {
  return `alg ${describeValue(alg)}, ${kid === undefined ? "no kid" : `kid ${describeValue(kid)}`}`;
}

/**
 * The one key of the set that fits the header: among the members with the header's `kid` (all members when
 * it has none) that declare themselves keys for its `alg`, the usable ones.
 * @throws JWKSNoMatchingKey when no usable member fits. JWKSMultipleMatchingKeys when members of different
 *   material declare themselves fit, even if only one is usable: a header without `kid` over a set of several
 *   keys of one kind, or one kid on two keys. Trying each key would let a token pick its key by trial and
 *   multiply the cost of every forged token; the token must name its key.
 */
export function selectKey(index: KeyIndex, header: { alg?: unknown; kid?: unknown }): JWK {
  if (typeof header !== "object" || header === null) throw new InvalidArgument("a key resolver takes a JOSE header object");
  const { alg, kid } = header;
  const algorithm = algorithmByName(alg);
  const pool = kid === undefined ? index.members : typeof kid === "string" ? index.byKid.get(kid) ?? [] : [];
  const declared = algorithm === undefined ? [] : pool.filter((member) => declaresFor(member.jwk, algorithm));
  const fit = declared.find((member) => member.usable);
  if (fit === undefined) {
    const skipped = index.skipped > 0 ? `; ${index.skipped} of its ${index.members.length} keys cannot verify tokens and were skipped` : "";
    throw new JWKSNoMatchingKey(`no key of the JWK Set fits this token (${describeHeader(alg, kid)})${skipped}`);
  }
  const count = new Set(declared.map((member) => member.material)).size;
  if (count > 1) {
    throw new JWKSMultipleMatchingKeys(
      `${count} keys of the JWK Set fit this token (${describeHeader(alg, kid)}); ` +
        (kid === undefined ? "the token must name its key with a kid" : "the set must not give one kid to several keys"),
    );
  }
  return fit.jwk;
}

/**
 * Whether a token with this header could ever be served by a set that does not hold its `kid` yet: its
 * `alg` is known (and is not HMAC when secrets are not selected) and its `kid` is absent or a string.
 * A remote set refetches only for such headers whose `kid` it does not know.
 */
export function mayBeUnknownKey(index: KeyIndex | undefined, header: { alg?: unknown; kid?: unknown }, secrets: boolean): boolean {
  const algorithm = algorithmByName(header.alg);
  if (algorithm === undefined || (algorithm.kty === "oct" && !secrets)) return false;
  if (header.kid === undefined) return true;
  return typeof header.kid === "string" && !(index?.byKid.has(header.kid) ?? false);
}
