/**
 * The `crit` header parameter (RFC 7515 §4.1.11) and `b64` (RFC 7797): verify step 2 of API.md.
 * A recipient MUST reject a JWS whose `crit` lists an extension it does not understand; keycard understands
 * none by itself, so each name must be one the application handles (`options.critical`).
 */
import { InvalidArgument, JWTHeaderUnsupported } from "../errors.js";
import type { JWSHeader } from "../keys/types.js";

/** Header parameters the JOSE RFCs define (RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4.x): never allowed in `crit`. */
export const REGISTERED_HEADER_PARAMETERS: ReadonlySet<string> = new Set([
  "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
  "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
]);

/**
 * What is wrong with the header's `crit` by RFC 7515 §4.1.11, for producer and recipient alike, or `undefined`:
 * it must be a non-empty array of distinct strings, none a parameter the JOSE RFCs define, each present in the
 * header. `label` names the parameter in the message; `onName` sees each name that passed, so the recipient can
 * add its own rule.
 */
function critFault(header: Readonly<Record<string, unknown>>, label: string, onName?: (name: string) => string | undefined): string | undefined {
  const { crit } = header;
  // RFC 7515 §4.1.11: producers MUST NOT use the empty list; recipients MUST reject what breaks these rules.
  if (!Array.isArray(crit) || crit.length === 0) return `${label} must be a non-empty array of header parameter names (RFC 7515 §4.1.11)`;
  const seen = new Set<string>();
  for (const name of crit as unknown[]) {
    if (typeof name !== "string") return `${label} must hold only strings (RFC 7515 §4.1.11)`;
    if (seen.has(name)) return `${label} lists "${name}" twice (RFC 7515 §4.1.11)`;
    seen.add(name);
    if (REGISTERED_HEADER_PARAMETERS.has(name)) return `${label} must not list "${name}", a parameter the JOSE RFCs define (RFC 7515 §4.1.11)`;
    if (!Object.hasOwn(header, name)) return `${label} lists "${name}", which the header does not have (RFC 7515 §4.1.11)`;
    const fault = onName?.(name);
    if (fault !== undefined) return fault;
  }
  return undefined;
}

/** @throws JWTHeaderUnsupported when the header's `crit` or `b64` cannot be honoured. */
export function checkCritical(header: JWSHeader, understood: ReadonlySet<string>): void {
  if (Object.hasOwn(header, "b64") && header.b64 !== true) {
    // RFC 7797 §3: b64 false means the payload is not base64url-encoded; keycard does not read such tokens.
    throw new JWTHeaderUnsupported('unencoded payloads ("b64": false, RFC 7797) are not supported');
  }
  if (!Object.hasOwn(header, "crit")) return;
  // RFC 7515 §4.1.11: a recipient MUST reject a JWS whose crit names an extension it does not understand.
  const fault = critFault(header as Record<string, unknown>, '"crit"', (name) =>
    name === "b64" || understood.has(name) ? undefined : `the header marks "${name}" critical; list it in options.critical if your application handles it`);
  if (fault !== undefined) throw new JWTHeaderUnsupported(fault);
}

/**
 * The producer's side of RFC 7515 §4.1.11, for `sign`, `signJWS` and `createSigner`: a `crit` written into a
 * header must be a non-empty array of distinct names, none a parameter the JOSE RFCs define, each present in the
 * header. keycard's own `verify` refuses any other `crit`, so a signer must not write one.
 * @throws InvalidArgument naming the rule broken.
 */
export function checkCriticalToWrite(header: Readonly<Record<string, unknown>>): void {
  if (!Object.hasOwn(header, "crit")) return;
  const fault = critFault(header, "header.crit");
  if (fault !== undefined) throw new InvalidArgument(fault);
}
