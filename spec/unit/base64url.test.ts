import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBase64url, encodeBase64url } from "../../lib/bytes/base64url.js";

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
