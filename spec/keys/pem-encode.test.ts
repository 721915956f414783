// encodePEM (lib/bytes/pem.ts) and encodeBase64 (lib/bytes/base64.ts), which `keycard keygen --format pem` uses:
// the strict form of RFC 7468 §3 (64-character lines, LF), read back by keycard's own strict decodePEM and by
// importPEM, and base64 equal to Node's for every length remainder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePEM, encodePEM } from "../../lib/bytes/pem.js";
import { encodeBase64 } from "../../lib/bytes/base64.js";
import { generateKeyPair, importPEM, sign, verify } from "../../lib/index.js";

test("encodeBase64 is padded base64, as Node's Buffer writes it, for every length remainder", () => {
  for (let length = 0; length < 70; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 89 + length * 7) & 255);
    assert.equal(encodeBase64(bytes), Buffer.from(bytes).toString("base64"), `length ${length}`);
  }
});

test("encodePEM writes 64-character lines that decodePEM reads back to the same label and bytes", () => {
  for (const length of [1, 47, 48, 49, 96, 200]) {
    const der = Uint8Array.from({ length }, (_, i) => (i * 13 + 5) & 255);
    const pem = encodePEM("PUBLIC KEY", der);
    const lines = pem.split("\n");
    assert.equal(lines[0], "-----BEGIN PUBLIC KEY-----");
    assert.equal(lines.at(-2), "-----END PUBLIC KEY-----");
    assert.equal(lines.at(-1), "", "ends with a line break");
    const body = lines.slice(1, -2);
    assert.ok(body.slice(0, -1).every((line) => line.length === 64), `length ${length}`);
    assert.ok(body.at(-1)!.length > 0 && body.at(-1)!.length <= 64);
    const block = decodePEM(pem);
    assert.equal(block.label, "PUBLIC KEY");
    assert.deepEqual(block.der, der);
  }
});

test("keys exported as PKCS #8 and SPKI and written by encodePEM import with importPEM and sign and verify", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES384", { extractable: true });
  const privatePEM = encodePEM("PRIVATE KEY", new Uint8Array(await crypto.subtle.exportKey("pkcs8", privateKey)));
  const publicPEM = encodePEM("PUBLIC KEY", new Uint8Array(await crypto.subtle.exportKey("spki", publicKey)));
  const token = await sign({ sub: "pem" }, await importPEM(privatePEM, "ES384"));
  const { payload } = await verify(token, await importPEM(publicPEM, "ES384"));
  assert.equal(payload.sub, "pem");
});
