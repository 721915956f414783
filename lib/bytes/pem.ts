/**
 * PEM, the textual encoding of RFC 7468: a line "-----BEGIN <label>-----", base64 (RFC 4648 §4, with
 * padding), and a line "-----END <label>-----".
 *
 * What this reader takes and refuses (each refusal a `KeyInvalid`):
 * - text before the BEGIN line and after the END line ("explanatory text") is ignored (RFC 7468 §2, §5.2);
 * - exactly one block: a file with several (a certificate chain, a key and its certificate) is refused,
 *   since choosing one of them silently could pick the wrong key;
 * - the label follows the ABNF of RFC 7468 §3 and the END label must be the BEGIN label;
 * - whitespace anywhere in the body (spaces, tabs, CR, LF, VT, FF) is ignored, any other non-base64
 *   character is refused (stricter than the SHOULD of RFC 7468 §2, which would ignore it);
 * - RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...") are refused: RFC 7468 §2 permits none,
 *   and the one in use marks a legacy encrypted key, which keycard cannot decrypt;
 * - the base64 is strict (`base64.ts`) and not empty.
 *
 * The writer (`encodePEM`) produces the strict form of RFC 7468 §3: 64 characters a line, LF line ends.
 */
import { KeyInvalid } from "../errors.js";
import { decodeBase64, encodeBase64 } from "./base64.js";

/** One PEM block: its label and the bytes of its body. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

/** The longest PEM text read (1 MiB); a 16384-bit RSA private key takes about 13 KB. */
export const MAX_PEM_LENGTH = 1 << 20;

const BEGIN = "-----BEGIN ";
const END = "-----END ";
const DASHES = "-----";

// RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ]; labelchar = %x21-2C / %x2E-7E.
const LABEL = /^(?:[\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?$/;
// RFC 7468 §3: after a boundary, optional blanks (WSP) then the end of the line (CR, LF) or of the text.
const LINE_END = /^[ \t]*(?:[\r\n]|$)/;
// RFC 7468 §2: whitespace is HT, VT, FF, SP, CR and LF.
const WHITESPACE = /[\t\v\f \r\n]/g;

/** A label for messages: quoted and cut short, since it comes from the input. */
function show(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + "..." : text);
}

/**
 * Reads the boundary line at `at` ("-----BEGIN " or "-----END " + label + "-----"); returns its label and
 * where the line ends. @throws KeyInvalid when the line is not a boundary of RFC 7468 §3.
 */
function readBoundary(text: string, at: number, prefix: string): { label: string; next: number } {
  const labelStart = at + prefix.length;
  const close = text.indexOf(DASHES, labelStart);
  const lineBreak = text.slice(labelStart).search(/[\r\n]/);
  const label = close < 0 ? "" : text.slice(labelStart, close);
  const rest = close < 0 ? "" : text.slice(close + DASHES.length);
  if (close < 0 || (lineBreak >= 0 && labelStart + lineBreak < close) || !LABEL.test(label) || !LINE_END.test(rest)) {
    const line = text.slice(at, lineBreak < 0 ? undefined : labelStart + lineBreak);
    throw new KeyInvalid(`malformed PEM boundary line ${show(line)} (RFC 7468 §3: "${prefix}<label>-----")`);
  }
  return { label, next: close + DASHES.length };
}

/**
 * The one PEM block in `text`.
 * @throws KeyInvalid when there is no block, more than one, or the block breaks a rule listed above.
 */
export function decodePEM(text: string): PemBlock {
  if (text.length > MAX_PEM_LENGTH) throw new KeyInvalid(`the PEM text is longer than ${MAX_PEM_LENGTH} characters`);
  const begin = text.indexOf(BEGIN);
  if (begin < 0) throw new KeyInvalid(`no PEM block found: expected a line "-----BEGIN <label>-----" (RFC 7468 §2)`);
  const { label, next: bodyStart } = readBoundary(text, begin, BEGIN);
  const end = text.indexOf(END, bodyStart);
  const nextBegin = text.indexOf(BEGIN, bodyStart);
  if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
    throw new KeyInvalid(`the PEM block ${show(label)} has no "-----END ${label.slice(0, 40)}-----" line (RFC 7468 §2)`);
  }
  const { label: endLabel, next: after } = readBoundary(text, end, END);
  if (endLabel !== label) {
    // RFC 7468 §2: generators MUST put the same label on the END line; keycard does not guess which one is meant.
    throw new KeyInvalid(`the PEM block begins with label ${show(label)} but ends with ${show(endLabel)} (RFC 7468 §2)`);
  }
  if (text.indexOf(BEGIN, after) >= 0) {
    throw new KeyInvalid("the text holds more than one PEM block; importPEM takes exactly one key: pass only its block");
  }
  const body = text.slice(bodyStart, end);
  if (body.includes(":")) {
    if (/Proc-Type:[ \t]*4,[ \t]*ENCRYPTED/.test(body)) {
      throw new KeyInvalid(`the PEM block ${show(label)} is encrypted ("Proc-Type: 4,ENCRYPTED"); decrypt it first, for example with "openssl pkey -in key.pem"`);
    }
    throw new KeyInvalid(`the PEM block ${show(label)} has headers ("Name: value" lines), which RFC 7468 §2 does not permit`);
  }
  const base64 = body.replace(WHITESPACE, "");
  if (base64.length === 0) throw new KeyInvalid(`the PEM block ${show(label)} is empty`);
  const der = decodeBase64(base64);
  if (der === undefined) {
    const bad = /[^A-Za-z0-9+/=]/.exec(base64);
    const reason = bad !== null
      ? `the character ${show(bad[0])} is not base64`
      : "it is not valid padded base64 (a length that is a multiple of 4, '=' only at the end, zero unused bits)";
    throw new KeyInvalid(`the body of the PEM block ${show(label)} cannot be decoded: ${reason} (RFC 7468 §3, RFC 4648 §4)`);
  }
  return { label, der };
}

/**
 * One PEM block of `label` ("PUBLIC KEY", "PRIVATE KEY"...) around `der`, in the strict form of RFC 7468 §3:
 * base64 lines of exactly 64 characters but the last, each line ending with LF, the END line included.
 */
export function encodePEM(label: string, der: Uint8Array): string {
  const body = encodeBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64)); // RFC 7468 §3: 64 characters a line
  return `${BEGIN}${label}${DASHES}\n${lines.join("\n")}\n${END}${label}${DASHES}\n`;
}
