// Extracts the JWS examples of RFC 7515 (Appendix A.1-A.5), RFC 7519 (§3.1), RFC 7520 (§4.1-§4.4) and
// RFC 8037 (Appendix A.1, A.2, A.4) from the plain-text RFCs into spec/vectors/rfc/*.json, byte for byte.
// CI has no copy of the RFCs, so the JSON files are committed; spec/vectors/rfc.test.ts re-runs this
// extraction whenever the texts are at hand and asserts that it still gives the committed files.
//
// Usage: node spec/vectors/extract-rfc.mjs [rfc-dir]   (default: ../shared/rfc beside the repository)
// Plain Node, no dependencies. Every value is read from its own figure in the RFC and cross-checked
// against the other representations the RFC prints of it (octet arrays, hex dumps, the compact token);
// any disagreement stops the extraction with an error rather than writing a guess.
//
// How the RFC text is read:
// - Page breaks (the blank lines padding a page, the "[Page N]" footer, the form feed and the running
//   header of the next page) are collapsed into one marker that a figure reads straight through: figures
//   such as the RFC 7515 A.2 signature continue across pages.
// - A figure is a run of non-blank lines. Long base64url values are folded over several lines, and JWK
//   members "with line breaks within values for display purposes only" continue on indented lines: both
//   are rejoined by dropping each line's leading and trailing spaces. Nothing in a base64url string or in
//   those JWKs is a space, so no information is lost.
// - The RFC 7515 and RFC 7519 JSON figures are exact bytes: RFC 7515 A.1 states that a CRLF separates the
//   lines and that the second line keeps one leading space. They are rebuilt that way (the figure's
//   indentation removed, lines joined with CRLF) and must equal the octet arrays printed next to them.
// - RFC 7520 figures have whitespace "added for readability" (its §1.1); its exact header bytes exist only
//   base64url-encoded, and its payload is Figure 7's quoted strings with "\xe2\x80\x99" standing for U+2019.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PAGE_BREAK = Symbol("page break");

class ExtractionError extends Error {}

function fail(message) {
  throw new ExtractionError(message);
}

/** The RFC's lines, each page break collapsed into one PAGE_BREAK marker. */
function readLines(text) {
  const raw = text.replace(/^\uFEFF/, "").split("\n");
  const out = [];
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    if (/\[Page \d+\]\s*$/.test(line)) {
      // Drop the blank lines padding the page before its footer.
      while (out.length > 0 && out[out.length - 1] !== PAGE_BREAK && out[out.length - 1].trim() === "") out.pop();
      // Then the form feed, the running header of the next page, and the blank lines after it.
      if (raw[i + 1] === "\f" && /^RFC \d+ /.test(raw[i + 2] ?? "")) i += 2;
      while (i + 1 < raw.length && raw[i + 1].trim() === "") i++;
      out.push(PAGE_BREAK);
      continue;
    }
    out.push(line);
  }
  return out;
}

const joinTrimmed = (figure) => figure.map((l) => l.trim()).join("");

const isBlank = (line) => line !== PAGE_BREAK && line.trim() === "";

/** The index of the first line at or after `from` (and before `to`) that satisfies `test`. */
function findLine(lines, from, to, test, what) {
  for (let i = from; i < to; i++) if (lines[i] !== PAGE_BREAK && test(lines[i])) return i;
  return fail(`not found: ${what}`);
}

/** The lines of one section, from its heading (matched at the start of a line) to the next heading given. */
function section(lines, heading, nextHeading) {
  const start = findLine(lines, 0, lines.length, (l) => l.startsWith(heading), `heading "${heading}"`);
  const end = findLine(lines, start + 1, lines.length, (l) => l.startsWith(nextHeading), `heading "${nextHeading}"`);
  return { lines, start, end, name: heading.replace(/\.?\s.*$/, "") };
}

// What each kind of figure looks like, to tell at a page break whether the figure goes on over it:
// `down(figure, next)` is asked about the first line of the next page, `up(figure, previous)` about the
// last line of the previous page (reading upward from an RFC 7520 caption).
const parsesAsJSON = (figure) => {
  try {
    JSON.parse(joinTrimmed(figure));
    return true;
  } catch {
    return false;
  }
};
const BASE64 = { down: (_, next) => /^[A-Za-z0-9_.-]+$/.test(next.trim()), up: (_, previous) => /^[A-Za-z0-9_.-]+$/.test(previous.trim()) };
const JSON_TEXT = { down: (figure) => !parsesAsJSON(figure), up: (figure) => !figure[0].trim().startsWith("{") };
const OCTETS = { down: (figure) => !figure[figure.length - 1].trim().endsWith("]") };
const HEX = { down: (_, next) => /^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(next.trim()) };
const TABLE = { down: (_, next) => /^[|+]/.test(next.trim()) };
const QUOTED = { up: (_, previous) => /^\s*".*"\s*$/.test(previous) };
const TEXT = {};

/** The figure (a run of non-blank lines) starting at or after line `i`, over page breaks where `kind` says so. */
function figureFrom(lines, i, end, kind) {
  while (i < end && (isBlank(lines[i]) || lines[i] === PAGE_BREAK)) i++;
  const figure = [];
  for (; i < end && !isBlank(lines[i]); i++) {
    if (lines[i] !== PAGE_BREAK) figure.push(lines[i]);
    else if (!(i + 1 < end && !isBlank(lines[i + 1]) && kind.down?.(figure, lines[i + 1]))) break;
  }
  if (figure.length === 0) fail("empty figure");
  return figure;
}

/**
 * The figure after the paragraph of the section that contains `phrase` (on its `occurrence`-th such line).
 * The paragraph ends at its first line ending with a colon (the sentence that introduces the figure, which
 * may end a page) or else at a blank line.
 */
function figureAfter(sec, phrase, kind, occurrence = 1) {
  let i = sec.start - 1;
  for (let k = 0; k < occurrence; k++) {
    i = findLine(sec.lines, i + 1, sec.end, (l) => l.includes(phrase), `"${phrase}" (#${occurrence}) in ${sec.name}`);
  }
  while (i < sec.end && !isBlank(sec.lines[i]) && !(sec.lines[i] !== PAGE_BREAK && sec.lines[i].trimEnd().endsWith(":"))) i++;
  return figureFrom(sec.lines, i + 1, sec.end, kind);
}

/** RFC 7520: the figure printed just above the caption "Figure n: ...". */
function captionedFigure(lines, n, kind) {
  const caption = findLine(lines, 0, lines.length, (l) => new RegExp(`^\\s+Figure ${n}: `).test(l), `Figure ${n}`);
  let i = caption - 1;
  while (i >= 0 && isBlank(lines[i])) i--;
  const figure = [];
  for (; i >= 0 && !isBlank(lines[i]); i--) {
    if (lines[i] !== PAGE_BREAK) figure.unshift(lines[i]);
    else if (!(i > 0 && !isBlank(lines[i - 1]) && kind.up?.(figure, lines[i - 1]))) break;
  }
  if (figure.length === 0) fail(`Figure ${n} is empty`);
  return figure;
}

// ---- reading values out of figures ----

function base64url(figure, what) {
  const value = joinTrimmed(figure);
  if (!/^[A-Za-z0-9_-]*$/.test(value)) fail(`${what} is not base64url: ${value}`);
  return value;
}

/** `BASE64URL(header) || '.' || BASE64URL(payload)`, folded like a token. */
function signingInputOf(figure, what) {
  const value = joinTrimmed(figure);
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) fail(`${what} is not a JWS Signing Input: ${value}`);
  return value;
}

function compactToken(figure, what) {
  const value = joinTrimmed(figure);
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(value)) fail(`${what} is not a compact JWS: ${value}`);
  return value;
}

/** A JSON figure whose whitespace does not matter (JWKs, RFC 7520 headers): parsed after rejoining lines. */
function looseJSON(figure, what) {
  try {
    return JSON.parse(joinTrimmed(figure));
  } catch (error) {
    return fail(`${what} is not JSON: ${error.message}`);
  }
}

/** A JSON figure of RFC 7515/7519 whose bytes are exact: indentation removed, lines joined with CRLF. */
function exactJSONText(figure, what) {
  const indent = figure[0].length - figure[0].trimStart().length;
  const text = figure
    .map((l) => {
      if (l.slice(0, indent).trim() !== "") fail(`${what}: a line is indented less than the first`);
      return l.slice(indent).trimEnd();
    })
    .join("\r\n");
  try {
    JSON.parse(text);
  } catch (error) {
    fail(`${what} is not JSON: ${error.message}`);
  }
  return text;
}

/** An octet array in JSON array notation ("[123, 34, ...]"). */
function octets(figure, what) {
  const text = figure.map((l) => l.trim()).join(" ");
  if (!/^\[\s*\d+(\s*,\s*\d+)*\s*\]$/.test(text)) fail(`${what} is not an octet array`);
  const values = JSON.parse(text);
  if (values.some((v) => v > 255)) fail(`${what} has a value above 255`);
  return Uint8Array.from(values);
}

/** A hex dump ("9d 61 b1 ..."). */
function hexDump(figure, what) {
  const text = figure.map((l) => l.trim()).join(" ");
  if (!/^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(text)) fail(`${what} is not a hex dump`);
  return text.replace(/ /g, "");
}

/** The R and S rows of an RFC 7515 A.3/A.4 result table, concatenated (R || S, the JWS signature). */
function rsTable(figure, what) {
  const rows = new Map();
  let current;
  for (const line of figure) {
    if (!line.trim().startsWith("|")) continue;
    const [, name, value] = line.trim().split("|").map((cell) => cell.trim());
    if (name === "R" || name === "S") {
      current = name;
      rows.set(name, "");
    } else if (name !== "") {
      current = undefined;
    }
    if (current !== undefined) rows.set(current, rows.get(current) + " " + value);
  }
  if (!rows.has("R") || !rows.has("S")) fail(`${what}: no R and S rows`);
  return hex(new Uint8Array([...octets([rows.get("R")], `${what} R`), ...octets([rows.get("S")], `${what} S`)]));
}

/** RFC 7520 Figure 7: quoted strings, concatenated, with "\xe2\x80\x99" escapes for the bytes of U+2019. */
function quotedStrings(figure, what) {
  const bytes = [];
  for (const line of figure) {
    const match = /^\s*"(.*)"\s*$/.exec(line);
    if (match === null) fail(`${what}: not a quoted string: ${line}`);
    const body = match[1];
    for (let i = 0; i < body.length; i++) {
      if (body.startsWith("\\x", i)) {
        bytes.push(parseInt(body.slice(i + 2, i + 4), 16));
        i += 3;
      } else {
        const code = body.charCodeAt(i);
        if (code > 0x7e) fail(`${what}: unexpected non-ASCII character`);
        bytes.push(code);
      }
    }
  }
  return utf8(Uint8Array.from(bytes), what);
}

// ---- bytes ----

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const b64u = (bytes) => Buffer.from(bytes).toString("base64url");
const fromB64u = (text) => new Uint8Array(Buffer.from(text, "base64url"));

function utf8(bytes, what) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(`${what} is not UTF-8`);
  }
}

function same(a, b, what) {
  if (a !== b) fail(`${what} disagree:\n  ${a}\n  ${b}`);
}

/** Cross-checks a record: its separately printed parts must be exactly the parts of its compact token. */
function checkRecord(r) {
  const [h, p, s] = r.token.split(".");
  same(h, r.encodedHeader, `${r.source}: the token's header and the encoded header figure`);
  same(p, r.encodedPayload, `${r.source}: the token's payload and the encoded payload figure`);
  same(s, r.signature, `${r.source}: the token's signature and the signature figure`);
  same(b64u(new TextEncoder().encode(r.header)), r.encodedHeader, `${r.source}: the header bytes and their base64url`);
  same(b64u(new TextEncoder().encode(r.payload)), r.encodedPayload, `${r.source}: the payload bytes and their base64url`);
  if (r.signatureHex !== undefined) same(hex(fromB64u(r.signature)), r.signatureHex, `${r.source}: the signature octets and their base64url`);
  if (r.signingInput !== undefined) same(`${h}.${p}`, r.signingInput, `${r.source}: the signing input octets and the token`);
  return r;
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** Readers of the figures of one section, each named for what it returns; `name` starts their error messages. */
function readerOf(sec, name) {
  const at = (phrase, kind, occurrence) => figureAfter(sec, phrase, kind, occurrence);
  const what = (phrase) => `${name} "${phrase}"`;
  return {
    base64: (phrase, occurrence) => base64url(at(phrase, BASE64, occurrence), what(phrase)),
    token: (phrase) => compactToken(at(phrase, BASE64), what(phrase)),
    signingInput: (phrase) => signingInputOf(at(phrase, BASE64), what(phrase)),
    jwk: (phrase) => looseJSON(at(phrase, JSON_TEXT), what(phrase)),
    exactJSON: (phrase) => exactJSONText(at(phrase, JSON_TEXT), what(phrase)),
    octetText: (phrase) => utf8(octets(at(phrase, OCTETS), what(phrase)), what(phrase)),
    octetHex: (phrase) => hex(octets(at(phrase, OCTETS), what(phrase))),
    hexDump: (phrase) => hexDump(at(phrase, HEX), what(phrase)),
    rsTable: (phrase) => rsTable(at(phrase, TABLE), what(phrase)),
    line: (phrase, kind) => {
      const figure = at(phrase, kind);
      if (figure.length !== 1) fail(`${what(phrase)} is not one line`);
      return figure[0].trim();
    },
  };
}

// ---- RFC 7515 Appendix A ----

function rfc7515(text) {
  const lines = readLines(text);
  const a1 = readerOf(section(lines, "A.1.  Example JWS Using HMAC", "A.2.  "), "A.1");
  const a2 = readerOf(section(lines, "A.2.  Example JWS Using RSASSA", "A.3.  "), "A.2");
  const a3 = readerOf(section(lines, "A.3.  Example JWS Using ECDSA P-256", "A.4.  "), "A.3");
  const a4 = readerOf(section(lines, "A.4.  Example JWS Using ECDSA P-521", "A.5.  "), "A.4");
  const a5 = readerOf(section(lines, "A.5.  Example Unsecured JWS", "A.6.  "), "A.5");

  // The JWT Claims Set of A.1, which A.2, A.3 and A.5 reuse ("the same as in the previous example").
  const claims = a1.octetText("is the JWS Payload:");
  same(a1.exactJSON("The JWS Payload used in this example is the octets"), claims, "A.1 payload figure and octets");

  /** The header figure, which must be the octets printed after it. */
  const header = (reader, figurePhrase, octetsPhrase) => {
    const text = reader.exactJSON(figurePhrase);
    same(text, reader.octetText(octetsPhrase), `header figure "${figurePhrase}" and its octets`);
    return text;
  };
  const a1Header = header(a1, "The following example JWS Protected Header declares", "representing UTF8(JWS Protected Header) in this");
  const A1 = checkRecord({
    id: "rfc7515-a1",
    source: "RFC 7515 Appendix A.1",
    alg: "HS256",
    token: a1.token("yields this complete JWS"),
    header: a1Header,
    headerJSON: JSON.parse(a1Header),
    payload: claims,
    encodedHeader: a1.base64("Encoding this JWS Protected Header as BASE64URL"),
    encodedPayload: a1.base64("Encoding this JWS Payload as BASE64URL"),
    signingInput: a1.octetText("The resulting JWS Signing Input value"),
    signature: a1.base64("Encoding this JWS Signature as BASE64URL"),
    signatureHex: a1.octetHex("yields this JWS Signature octet sequence"),
    jwk: a1.jwk("This example uses the symmetric key"),
  });

  const a2Header = header(a2, "The JWS Protected Header used is:", "The octets representing UTF8(JWS Protected Header)");
  const A2 = checkRecord({
    id: "rfc7515-a2",
    source: "RFC 7515 Appendix A.2",
    alg: "RS256",
    token: a2.token("yields this complete JWS"),
    header: a2Header,
    headerJSON: JSON.parse(a2Header),
    payload: a2.exactJSON("its computation is not repeated here"),
    encodedHeader: a2.base64("Encoding this JWS Protected Header as BASE64URL"),
    encodedPayload: A1.encodedPayload, // "the same as in the previous example ... its computation is not repeated"
    signingInput: a2.octetText("The resulting JWS Signing Input value"),
    signature: a2.base64("Encoding the signature as"),
    signatureHex: a2.octetHex("In this example, it is:"),
    jwk: a2.jwk("This example uses the RSA key"),
  });
  same(A2.payload, claims, "A.2 payload figure and the A.1 payload octets");

  const a3Header = header(a3, "Protected Header used is:", "The octets representing UTF8(JWS Protected Header)");
  const A3 = checkRecord({
    id: "rfc7515-a3",
    source: "RFC 7515 Appendix A.3",
    alg: "ES256",
    token: a3.token("yields this complete JWS"),
    header: a3Header,
    headerJSON: JSON.parse(a3Header),
    payload: a3.exactJSON("its computation is not repeated here"),
    encodedHeader: a3.base64("Encoding this JWS Protected Header as BASE64URL"),
    encodedPayload: A1.encodedPayload,
    signingInput: a3.octetText("The resulting JWS Signing Input value"),
    signature: a3.base64("Encoding the signature as"),
    signatureHex: a3.rsTable("big-endian integers are:"),
    jwk: a3.jwk("This example uses the Elliptic Curve key"),
  });
  same(A3.payload, claims, "A.3 payload figure and the A.1 payload octets");

  const a4Header = header(a4, "Protected Header used is:", "The octets representing UTF8(JWS Protected Header)");
  const A4 = checkRecord({
    id: "rfc7515-a4",
    source: "RFC 7515 Appendix A.4",
    alg: "ES512",
    token: a4.token("yields this complete JWS"),
    header: a4Header,
    headerJSON: JSON.parse(a4Header),
    payload: a4.octetText("The representation of this string is the following octet sequence"),
    encodedHeader: a4.base64("Encoding this JWS Protected Header as BASE64URL"),
    encodedPayload: a4.base64("Encoding this JWS Payload as BASE64URL"),
    signingInput: a4.octetText("The resulting JWS Signing Input value"),
    signature: a4.base64("Encoding the signature as"),
    signatureHex: a4.rsTable("big-endian integers are:"),
    jwk: a4.jwk("This example uses the Elliptic Curve key"),
  });
  same(A4.payload, "Payload", 'A.4 payload octets and the text "Payload"');
  same(`${A4.encodedHeader}.${A4.encodedPayload}`, a4.signingInput("Combining these as BASE64URL"), "A.4 combined figure");

  const a5Header = a5.exactJSON("object is an Unsecured JWS:");
  const A5 = checkRecord({
    id: "rfc7515-a5",
    source: "RFC 7515 Appendix A.5",
    alg: "none",
    token: a5.token("yields this complete JWS"),
    header: a5Header,
    headerJSON: JSON.parse(a5Header),
    payload: a5.exactJSON("its computation is not repeated here"),
    encodedHeader: a5.base64("Encoding this JWS Protected Header as BASE64URL"),
    encodedPayload: A1.encodedPayload,
    signature: "", // "The JWS Signature is the empty octet string"
    jwk: null,
  });
  same(A5.payload, claims, "A.5 payload figure and the A.1 payload octets");
  return [A1, A2, A3, A4, A5];
}

// ---- RFC 7519 §3.1 ----

function rfc7519(text, a1) {
  const s = readerOf(section(readLines(text), "3.1.  Example JWT", "4.  JWT Claims"), "§3.1");
  const header = s.exactJSON("The following example JOSE Header declares");
  same(header, s.octetText("The octets representing the UTF-8 representation of the JOSE"), "§3.1 header figure and octets");
  const payload = s.exactJSON("The following is an example of a JWT Claims Set:");
  same(payload, s.octetText("is the JWS Payload:"), "§3.1 claims figure and octets");
  return [
    checkRecord({
      id: "rfc7519-3.1",
      source: "RFC 7519 Section 3.1",
      alg: "HS256",
      token: s.token("yields this complete JWT"),
      header,
      headerJSON: JSON.parse(header),
      payload,
      encodedHeader: s.base64("Header yields this encoded JOSE Header value:"),
      encodedPayload: s.base64("Base64url encoding the JWS Payload yields"),
      signature: s.base64("yields this encoded JWS Signature:"),
      // §3.1 refers to RFC 7515 Appendix A.1 for the computation, and so for the HMAC key.
      jwk: a1.jwk,
      jwkSource: a1.source,
    }),
  ];
}

// ---- RFC 7520 §4.1-§4.4 ----

function rfc7520(text) {
  const lines = readLines(text);
  const figure = (n, kind, read) => read(captionedFigure(lines, n, kind), `Figure ${n}`);
  const payload = figure(7, QUOTED, quotedStrings);
  same(figure(8, BASE64, base64url), b64u(new TextEncoder().encode(payload)), "Figure 7 and Figure 8");
  const [ecPublic, ecPrivate, rsaPublic, rsaPrivate, hmacKey] = [1, 2, 3, 4, 5].map((n) => figure(n, JSON_TEXT, looseJSON));
  const example = (sectionName, alg, figures, jwk, publicJwk) => {
    const [headerJSON, encodedHeader, signingInput, signature, compact] = figures;
    const encoded = figure(encodedHeader, BASE64, base64url);
    const record = checkRecord({
      id: `rfc7520-${sectionName}`,
      source: `RFC 7520 Section ${sectionName}`,
      alg,
      token: figure(compact, BASE64, compactToken),
      header: utf8(fromB64u(encoded), `Figure ${encodedHeader}`), // the exact bytes exist only base64url-encoded
      headerJSON: figure(headerJSON, JSON_TEXT, looseJSON),
      payload,
      encodedHeader: encoded,
      encodedPayload: figure(8, BASE64, base64url),
      signingInput: figure(signingInput, BASE64, signingInputOf),
      signature: figure(signature, BASE64, base64url),
      jwk,
      ...(publicJwk === undefined ? {} : { publicJwk }),
    });
    same(JSON.stringify(JSON.parse(record.header)), JSON.stringify(record.headerJSON), `${record.source}: header bytes and figure`);
    return record;
  };
  return [
    example("4.1", "RS256", [9, 10, 11, 12, 13], rsaPrivate, rsaPublic),
    example("4.2", "PS384", [16, 17, 18, 19, 20], rsaPrivate, rsaPublic),
    example("4.3", "ES512", [23, 24, 25, 26, 27], ecPrivate, ecPublic),
    example("4.4", "HS256", [30, 31, 32, 33, 34], hmacKey),
  ];
}

// ---- RFC 8037 Appendix A ----

function rfc8037(text) {
  const lines = readLines(text);
  const a1Section = section(lines, "A.1.  Ed25519 Private Key", "A.2.  ");
  const a1 = readerOf(a1Section, "A.1");
  const a2 = readerOf(section(lines, "A.2.  Ed25519 Public Key", "A.3.  "), "A.2");
  const a4 = readerOf(section(lines, "A.4.  Ed25519 Signing", "A.5.  "), "A.4");
  const a5 = readerOf(section(lines, "A.5.  Ed25519 Validation", "A.6.  "), "A.5");
  const jwk = looseJSON(figureFrom(lines, a1Section.start + 1, a1Section.end, JSON_TEXT), "A.1 JWK");
  const privateKeyHex = a1.hexDump("The hexadecimal dump of private key is:");
  const publicKeyHex = a1.hexDump("And of the public key is:");
  same(hex(fromB64u(jwk.d)), privateKeyHex, "A.1 d and its hex dump");
  same(hex(fromB64u(jwk.x)), publicKeyHex, "A.1 x and its hex dump");
  const header = a4.line("The JWS protected header is:", JSON_TEXT);
  const record = checkRecord({
    id: "rfc8037-a4",
    source: "RFC 8037 Appendix A.4",
    alg: "EdDSA",
    token: a4.token("So the compact serialization of the JWS is"),
    header,
    headerJSON: JSON.parse(header),
    payload: a4.line("The payload is (text):", TEXT),
    encodedHeader: a4.base64("This has the base64url encoding of:", 1),
    encodedPayload: a4.base64("This has the base64url encoding of:", 2),
    signingInput: a4.signingInput("The JWS signing input is"),
    signature: a4.base64("Converting this to base64url yields:"),
    signatureHex: a4.hexDump("yields the signature (hex):"),
    jwk,
    publicJwk: a2.jwk("This is the public part"),
    privateKeyHex,
    publicKeyHex,
  });
  // A.5 validates the same token. (Its last figure prints the message as "Example of Ed25519 Signing",
  // capital S, which is not what the payload decodes to; A.4's text is the one the token carries.)
  same(a5.token("The JWS from the example above is:"), record.token, "A.4 and A.5 tokens");
  return [record];
}

// ---- the files ----

const FILES = {
  "rfc7515.json": { rfc: "rfc7515.txt", title: "RFC 7515, JSON Web Signature (JWS), Appendix A.1-A.5" },
  "rfc7519.json": { rfc: "rfc7519.txt", title: "RFC 7519, JSON Web Token (JWT), Section 3.1" },
  "rfc7520.json": { rfc: "rfc7520.txt", title: "RFC 7520, Examples of Protecting Content Using JOSE, Sections 4.1-4.4" },
  "rfc8037.json": { rfc: "rfc8037.txt", title: "RFC 8037, CFRG ECDH and Signatures in JOSE, Appendix A.1, A.2, A.4" },
};

/**
 * Extracts every vector from the RFC texts in `rfcDir`.
 * @returns {Record<string, string>} file name (in spec/vectors/rfc/) → its exact JSON text
 */
export function extractAll(rfcDir) {
  const texts = {};
  for (const { rfc } of Object.values(FILES)) texts[rfc] = readFileSync(join(rfcDir, rfc), "utf8");
  const a = rfc7515(texts["rfc7515.txt"]);
  const vectors = {
    "rfc7515.json": a,
    "rfc7519.json": rfc7519(texts["rfc7519.txt"], a[0]),
    "rfc7520.json": rfc7520(texts["rfc7520.txt"]),
    "rfc8037.json": rfc8037(texts["rfc8037.txt"]),
  };
  const out = {};
  for (const [file, { rfc, title }] of Object.entries(FILES)) {
    const document = {
      title,
      source: rfc,
      sourceSha256: sha256(texts[rfc]),
      generatedBy: "spec/vectors/extract-rfc.mjs (do not edit by hand)",
      vectors: vectors[file],
    };
    out[file] = JSON.stringify(document, null, 2) + "\n";
  }
  return out;
}

export const outputDirectory = fileURLToPath(new URL("./rfc/", import.meta.url));

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rfcDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "../../../shared/rfc"));
  if (!existsSync(rfcDir)) {
    console.error(`extract-rfc: no RFC texts at ${rfcDir}`);
    process.exit(2);
  }
  try {
    const files = extractAll(rfcDir);
    mkdirSync(outputDirectory, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(join(outputDirectory, file), text);
      console.log(`wrote spec/vectors/rfc/${file} (${JSON.parse(text).vectors.length} vectors)`);
    }
  } catch (error) {
    if (error instanceof ExtractionError) {
      console.error(`extract-rfc: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
