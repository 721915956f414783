/**
 * lintToken's search for privacy-sensitive data in a token's claims (RFC 7519 §12: "Omitting
 * privacy-sensitive information from a JWT is the simplest way"): a JWS is signed, not encrypted, so whoever
 * holds the token reads every claim. Found by claim name (passwords, secrets, card and national id numbers)
 * and by value (numbers that pass the Luhn check of payment cards, US social security numbers, IBANs,
 * private key text).
 */
import { finding, type LintFinding } from "./findings.js";

/** Claim names (lower case, without `_`, `-` and spaces) that hold a secret or a personal identifier. */
const SENSITIVE_NAME = new RegExp(
  "^(password|passwd|pwd|pass|passphrase|secret|clientsecret|apikey|apisecret|privatekey|secretkey|accesskey|" +
    "awssecretaccesskey|refreshtoken|pin|cvv|cvc|cvv2|cardnumber|creditcard|creditcardnumber|ccnumber|cardno|pan|" +
    "iban|accountnumber|bankaccount|routingnumber|ssn|socialsecuritynumber|sin|nin|nationalid|nationalidnumber|" +
    "nationalinsurancenumber|taxid|tin|passport|passportnumber|driverslicense|driverlicense|licensenumber|dob|dateofbirth)$",
);
/** Names that merely contain one of these words (`user_password`, `db_secret`). */
const SENSITIVE_PART = /(password|passwd|secret|apikey|privatekey|creditcard|cardnumber|passport)/;

/** Whether `digits` (13 to 19 of them) pass the Luhn check that payment card numbers carry. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What a string value looks like when it is sensitive, or `undefined`. */
function sensitiveValue(value: string): string | undefined {
  if (value.length > 4096) return undefined;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return "a private key";
  const card = /^\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}$/.exec(value.trim());
  if (card !== null) {
    const digits = value.replace(/\D/g, "");
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) && !/^(\d)\1+$/.test(digits)) return "a payment card number";
  }
  if (/^\d{3}-\d{2}-\d{4}$/.test(value.trim())) return "a US social security number";
  if (/^[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?$/.test(value.trim())) return "an IBAN";
  return undefined;
}

/** At most this many values are looked at, so a huge claims set costs a bounded time. */
const MAX_VISITS = 10_000;

/** The findings about sensitive claims in `payload`, at any depth (one finding per claim path). */
export function lintSensitiveClaims(payload: Record<string, unknown>): LintFinding[] {
  const out: LintFinding[] = [];
  let visits = 0;
  const visit = (value: unknown, path: string, name: string | undefined): void => {
    if (++visits > MAX_VISITS || out.length >= 20) return;
    if (name !== undefined) {
      const normalised = name.toLowerCase().replace(/[_\-\s.]/g, "");
      const empty = value === null || value === "" || value === false;
      if (!empty && (SENSITIVE_NAME.test(normalised) || SENSITIVE_PART.test(normalised))) {
        out.push(finding("sensitive-claim", `the claim ${path} looks like a secret or personal identifier by its name: anyone holding the token can read it (a JWS is signed, not encrypted)`, path));
        return;
      }
    }
    if (typeof value === "string") {
      const what = sensitiveValue(value);
      if (what !== undefined) out.push(finding("sensitive-claim", `the claim ${path} holds what looks like ${what}: anyone holding the token can read it (a JWS is signed, not encrypted)`, path));
    } else if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) {
      const digits = String(value);
      if (digits.length >= 13 && digits.length <= 19 && name !== undefined && !/^(exp|nbf|iat|auth_time|updated_at)$/.test(name) &&
        passesLuhn(digits) && sensitiveValue(digits) !== undefined) {
        out.push(finding("sensitive-claim", `the claim ${path} holds what looks like a payment card number: anyone holding the token can read it`, path));
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, undefined));
    } else if (typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], `${path}.${key}`, key);
    }
  };
  for (const key of Object.keys(payload)) visit(payload[key], key, key);
  return out;
}
