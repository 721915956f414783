/**
 * How `decode` and `verify` show a token: its header and claims as indented JSON, each time claim
 * (`exp`, `nbf`, `iat`, `auth_time`; RFC 7519 §4.1) followed by its ISO date and how long ago or ahead it is.
 */
import { encodeBase64url } from "../../bytes/base64url.js";
import { timeClaimText, type TimeClaimText } from "../../lint/time.js";
import type { Styles } from "./io.js";

/** The time claims of `payload`, in words, by name. */
export function timesOf(payload: Record<string, unknown>, now: number): Record<string, TimeClaimText> {
  const out: Record<string, TimeClaimText> = {};
  for (const name of Object.keys(payload)) {
    const text = timeClaimText(name, payload[name], now);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** `value` as indented JSON, top-level time claims annotated with a `//` comment. */
function annotatedJSON(value: Record<string, unknown>, now: number, s: Styles): string {
  const times = timesOf(value, now);
  return JSON.stringify(value, null, 2)
    .split("\n")
    .map((line) => {
      const match = /^ {2}"([^"]+)": /.exec(line);
      const time = match !== null && Object.hasOwn(times, match[1]!) ? times[match[1]!] : undefined;
      return time === undefined ? line : `${line}  ${s.dim(`// ${time.date}, ${time.relative}`)}`;
    })
    .join("\n");
}

/** The human form of a decoded token. */
export function renderToken(
  decoded: { header: Record<string, unknown>; payload: Record<string, unknown>; signature: Uint8Array },
  now: number,
  s: Styles,
  showSignature = true,
): string {
  const alg = typeof decoded.header.alg === "string" ? decoded.header.alg : "?";
  const lines = [s.bold(s.red("Header")), annotatedJSON(decoded.header, now, s), s.bold(s.magenta("Payload")), annotatedJSON(decoded.payload, now, s)];
  if (showSignature) {
    lines.push(s.bold(s.cyan("Signature")), decoded.signature.length === 0 ? "(empty: an unsecured token)" : `${decoded.signature.length} bytes (${alg}), not verified`);
  }
  return lines.join("\n") + "\n";
}

/** The JSON form of a decoded token (--json). */
export function tokenJSON(decoded: { header: Record<string, unknown>; payload: Record<string, unknown>; signature: Uint8Array }, now: number) {
  return { header: decoded.header, payload: decoded.payload, signature: encodeBase64url(decoded.signature), times: timesOf(decoded.payload, now) };
}
