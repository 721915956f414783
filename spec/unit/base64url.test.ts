import { test } from "node:test";
import assert from "node:assert/strict";
import { binaryOfBytes, bytesOfBinary, decodeBase64url, decodeBase64urlBinary, encodeBase64url, encodeBase64urlBinary } from "../../lib/bytes/base64url.js";
import { textOfUtf8Binary, utf8Binary } from "../../lib/bytes/utf8.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

test("RFC 4648 §10 test vectors, in the url-safe alphabet without padding", () => {
  const cases: [string, string][] = [["", ""], ["f", "Zg"], ["fo", "Zm8"], ["foo", "Zm9v"], ["foob", "Zm9vYg"], ["fooba", "Zm9vYmE"], ["foobar", "Zm9vYmFy"]];
  for (const [plain, encoded] of cases) {
    assert.equal(encodeBase64url(utf8(plain)), encoded);
    assert.deepEqual(decodeBase64url(encoded), utf8(plain));
  }
});

test("every byte value round-trips, at every length remainder", () => {
  const bytes = Uint8Array.from({ length: 259 }, (_, i) => (i * 7) & 255);
  for (let n = 0; n < bytes.length; n++) {
    const slice = bytes.subarray(0, n);
    const text = encodeBase64url(slice);
    assert.match(text, /^[A-Za-z0-9_-]*$/);
    assert.deepEqual(decodeBase64url(text), slice);

  }
});

test("strict decoding refuses padding, foreign characters, impossible lengths and non-canonical bits", () => {
  for (const bad of ["Zg==", "Zm8=", "Zm9v\n", "Zm+v", "Zm/v", " Zm9v", "Z", "Zm9vY", "Zh", "Zm9", "Zm-", "é"]) {
    assert.equal(decodeBase64url(bad), undefined, bad);

  }
  // "Zg" is the canonical spelling of 0x66; "Zh".."Zv" differ only in unused bits (RFC 4648 §3.5).
  assert.deepEqual(decodeBase64url("Zg"), utf8("f"));
  assert.deepEqual(decodeBase64url("Zm8"), utf8("fo"));
});

test("the binary-string forms agree with the byte forms, for every byte value and length, and are as strict", () => {
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 13 + 5) & 255);
  for (let n = 0; n < bytes.length; n += 7) {
    const slice = bytes.subarray(0, n);
    const binary = binaryOfBytes(slice);
    assert.equal(binary.length, n);
    assert.deepEqual(bytesOfBinary(binary), slice);
    assert.equal(encodeBase64urlBinary(binary), Buffer.from(slice).toString("base64url"));
    assert.equal(decodeBase64urlBinary(encodeBase64urlBinary(binary)), binary);
  }
  assert.equal(binaryOfBytes(new Uint8Array(20000).fill(65)), "A".repeat(20000), "longer than one slice of arguments");
  for (const bad of ["Zg==", "Zm9v\n", "Zm+v", "Zm/v", " Zm9v", "Zm 9v", "Z", "Zh", "Zm9", "é", "Zm9\u0100"]) {
    assert.equal(decodeBase64urlBinary(bad), undefined, JSON.stringify(bad));
  }
});

test("UTF-8 through binary strings: ASCII as is, other text encoded, invalid bytes refused", () => {
  for (const text of ["", "plain ASCII {\"a\":1}", "Zoë", "🗝 key", "\u0000\u007f\u0080\u07ff\u0800\uffff"]) {
    const binary = utf8Binary(text);
    assert.deepEqual(bytesOfBinary(binary), new TextEncoder().encode(text), text);
    assert.equal(textOfUtf8Binary(binary), text, text);
  }
  assert.equal(textOfUtf8Binary("\xff"), undefined);
  assert.equal(textOfUtf8Binary("\xc3"), undefined, "a truncated sequence");
  assert.equal(textOfUtf8Binary("\xef\xbb\xbf{}"), "\ufeff{}", "a byte-order mark is kept (JSON then refuses it)");
});
