// The DER reader (lib/bytes/der.ts) and the key structures read with it (lib/keys/asn1-keys.ts), fed
// well-formed and hostile bytes. Every refusal must be a KeyInvalid; no other exception may escape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate, generateKeyPairSync, type RSAPSSKeyPairKeyObjectOptions } from "node:crypto";
import { DerReader, MAX_DEPTH, TAG, checkDer, contextTag, encodeDer, encodeOid } from "../../lib/bytes/der.js";
import { parseCertificate, parsePkcs1Private, parsePkcs1Public, parsePkcs8, parseSec1, parseSpki, type KeyInfo } from "../../lib/keys/asn1-keys.js";
import { KeyInvalid } from "../../lib/errors.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ""), "hex"));

/** Runs `fn` and asserts it throws a KeyInvalid whose message matches `pattern` (when given). */
function refuses(fn: () => unknown, pattern?: RegExp, note?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof KeyInvalid, `${note ?? ""}: expected KeyInvalid, got ${String(error)}`);
    assert.equal(error.code, "ERR_KEY_INVALID");
    if (pattern !== undefined) assert.match(error.message, pattern, note);
    return true;
  }, note);
}

/** Calls `fn`; it may succeed or throw KeyInvalid, nothing else. Returns whether it succeeded. */
function succeedsOrKeyInvalid(fn: () => unknown, note: string): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!(error instanceof KeyInvalid)) assert.fail(`${note}: ${String(error)} escaped (${(error as Error)?.stack})`);
    return false;
  }
}

/** An RSA-PSS pair of 2048 bits (@types/node types `saltLength` as a string; node:crypto takes a number). */
function pssPair(hashAlgorithm?: string, mgf1HashAlgorithm?: string, saltLength?: number) {
  const options = { modulusLength: 2048, hashAlgorithm, mgf1HashAlgorithm, saltLength };
  return generateKeyPairSync("rsa-pss", options as unknown as RSAPSSKeyPairKeyObjectOptions);
}

// Keys of every kind and format node:crypto writes, made once for this file.
const der = (key: { export(o: object): string | Buffer }, type: string) => new Uint8Array(key.export({ type, format: "der" }) as Buffer);
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" });
const ed25519 = generateKeyPairSync("ed25519");
const pss = pssPair("sha256", "sha256", 32);

const SAMPLES: { name: string; der: Uint8Array; parse: (der: Uint8Array) => KeyInfo }[] = [
  { name: "RSA spki", der: der(rsa.publicKey, "spki"), parse: parseSpki },
  { name: "RSA pkcs1 public", der: der(rsa.publicKey, "pkcs1"), parse: parsePkcs1Public },
  { name: "RSA pkcs8", der: der(rsa.privateKey, "pkcs8"), parse: parsePkcs8 },
  { name: "RSA pkcs1 private", der: der(rsa.privateKey, "pkcs1"), parse: parsePkcs1Private },
  { name: "RSA-PSS spki", der: der(pss.publicKey, "spki"), parse: parseSpki },
  { name: "RSA-PSS pkcs8", der: der(pss.privateKey, "pkcs8"), parse: parsePkcs8 },
  { name: "P-256 spki", der: der(p256.publicKey, "spki"), parse: parseSpki },
  { name: "P-256 pkcs8", der: der(p256.privateKey, "pkcs8"), parse: parsePkcs8 },
  { name: "P-256 sec1", der: der(p256.privateKey, "sec1"), parse: parseSec1 },
  { name: "P-521 spki", der: der(p521.publicKey, "spki"), parse: parseSpki },
  { name: "P-521 sec1", der: der(p521.privateKey, "sec1"), parse: parseSec1 },
  { name: "Ed25519 spki", der: der(ed25519.publicKey, "spki"), parse: parseSpki },
  { name: "Ed25519 pkcs8", der: der(ed25519.privateKey, "pkcs8"), parse: parsePkcs8 },
];

// A self-signed P-256 certificate made once with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256
// -nodes -subj /CN=test`, kept here so the certificate reader is tested even where openssl is missing
// (pem.test.ts makes fresh ones with openssl when it exists).
const CERTIFICATE = hex(`
3082017230820119a00302010202141584fed836ad15877efa8dbec6c3804b6ae11b0d300a06082a8648ce3d040302300f310d30
0b06035504030c0474657374301e170d3236313132393137343635345a170d3336313132363137343635345a300f310d300b0603
5504030c04746573743059301306072a8648ce3d020106082a8648ce3d0301070342000456569856a3b4f6bc31765319a284ff4e
c22b16f2127f858c7116179611a17d74bebc7066e1992e33ff9d3e3b3ff77754d343fab49dc9c56ae02c721dafe0cb4da3533051
301d0603551d0e0416041418e9122001885724eeb486afb79970e87a531f99301f0603551d2304183016801418e9122001885724
eeb486afb79970e87a531f99300f0603551d130101ff040530030101ff300a06082a8648ce3d04030203470030440220748de725
55aa9843c32ebe80af610906aaea735b3a55d1995fd3928e7dab97600220668af3c40cfd9566a30ccc0e55e7c8e27a0dda5566d8
2944810d0af497964741`);

test("encodeDer writes minimal lengths and DerReader reads them back, at each length form's boundary", () => {
  for (const length of [0, 1, 127, 128, 255, 256, 65535, 65536]) {
    const encoded = encodeDer(TAG.OCTET_STRING, new Uint8Array(length).fill(7));
    const headerLength = length < 128 ? 2 : length < 256 ? 3 : length < 65536 ? 4 : 5;
    assert.equal(encoded.length, headerLength + length, `length ${length}`);
    checkDer(encoded, "test");
    const reader = new DerReader(encoded, "test");
    assert.equal(reader.octetString("x").length, length);
    assert.equal(reader.done, true);
  }
});

test("checkDer refuses indefinite, non-minimal, oversized and overrunning lengths, and multi-byte tags", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["no bytes", bytes(), /no data/],
    ["a lone tag", bytes(0x30), /truncated element header/],
    ["indefinite length (BER)", bytes(0x30, 0x80, 0x00, 0x00), /indefinite length/],
    ["long form for 5", bytes(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), /not minimal/],
    ["long form with a leading zero", hex("048200" + "80" + "00".repeat(128)), /leading zero/],
    ["a 5-byte length", bytes(0x04, 0x85, 1, 0, 0, 0, 0), /too large/],
    ["length byte 0xff (reserved)", bytes(0x04, 0xff), /too large/],
    ["huge declared length", bytes(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00), /runs past the end/],
    ["length one past the end", bytes(0x04, 0x03, 1, 2), /runs past the end/],
    ["truncated long length", bytes(0x04, 0x82, 0x01), /truncated length/],
    ["trailing byte", bytes(0x05, 0x00, 0x00), /1 trailing byte/],
    ["two top-level elements", bytes(0x05, 0x00, 0x05, 0x00), /trailing/],
    ["multi-byte tag", bytes(0x1f, 0x81, 0x00, 0x00), /multi-byte tag/],
    ["inner element overruns its container", bytes(0x30, 0x03, 0x04, 0x02, 0x00), /runs past the end/],
    ["inner indefinite length", bytes(0x30, 0x04, 0x30, 0x80, 0x00, 0x00), /indefinite/],
  ];
  for (const [name, input, pattern] of cases) refuses(() => checkDer(input, "test"), pattern, name);
});

/** `depth` SEQUENCEs nested in one another around a NULL, built from the inside out. */
function nestedSequences(depth: number): Uint8Array {
  let inner = encodeDer(TAG.NULL);
  for (let i = 0; i < depth; i++) inner = encodeDer(TAG.SEQUENCE, inner);
  return inner;
}

test("nesting is bounded: MAX_DEPTH levels pass, one more and 10 000 are refused without recursion", () => {
  checkDer(nestedSequences(MAX_DEPTH), "test");
  refuses(() => checkDer(nestedSequences(MAX_DEPTH + 1), "test"), /nested more than/);
  const deep = nestedSequences(10_000);
  assert.ok(deep.length > 30_000);
  refuses(() => checkDer(deep, "test"), /nested more than 12 deep/);
  for (const parse of [parseSpki, parsePkcs8, parseCertificate, parsePkcs1Public, parsePkcs1Private, parseSec1]) {
    refuses(() => parse(deep), /nested more than 12 deep/, parse.name);
  }
  // DerReader.enter counts levels too, whatever the code reading a structure asks for.
  let reader = new DerReader(nestedSequences(MAX_DEPTH + 5), "test");
  refuses(() => {
    for (let i = 0; i < MAX_DEPTH + 5; i++) reader = reader.enter(TAG.SEQUENCE, "level");
  }, /nested more than 12 deep/);
});

test("INTEGER: minimal two's complement, non-negative where a key needs it", () => {
  const read = (...content: number[]) => new DerReader(encodeDer(TAG.INTEGER, Uint8Array.from(content)), "test").unsignedInteger("n");
  assert.deepEqual(read(0x00), bytes(0x00));
  assert.deepEqual(read(0x7f), bytes(0x7f));
  assert.deepEqual(read(0x00, 0x80), bytes(0x80));
  assert.deepEqual(read(0x01, 0x00), bytes(0x01, 0x00));
  refuses(() => read(), /empty INTEGER/);
  refuses(() => read(0x00, 0x7f), /not minimally encoded/);
  refuses(() => read(0xff, 0x80), /not minimally encoded/);
  refuses(() => read(0x80), /negative/);
  refuses(() => read(0xff), /negative/);
  const small = (...content: number[]) => new DerReader(encodeDer(TAG.INTEGER, Uint8Array.from(content)), "test").smallInteger("v");
  assert.equal(small(0x00), 0);
  assert.equal(small(0x01, 0x00), 256);
  assert.equal(small(0x7f, 0xff, 0xff, 0xff), 2 ** 31 - 1);
  refuses(() => small(0x00, 0x80, 0x00, 0x00, 0x00), /too large/);
});

test("OBJECT IDENTIFIER: decoded to dotted form, minimal arcs, no truncated arc", () => {
  for (const oid of ["1.2.840.113549.1.1.1", "1.3.101.112", "1.3.132.0.35", "2.16.840.1.101.3.4.2.1", "0.9.2342", "2.999.1", "1.2.4398046511103"]) {
    assert.equal(new DerReader(encodeOid(oid), "test").oid("x"), oid);
  }
  assert.deepEqual(encodeOid("1.2.840.10045.3.1.7"), hex("06082a8648ce3d030107"));
  const read = (...content: number[]) => new DerReader(encodeDer(TAG.OID, Uint8Array.from(content)), "test").oid("x");
  refuses(() => read(), /empty OBJECT IDENTIFIER/);
  refuses(() => read(0x2a, 0x80, 0x01), /leading 0x80/);
  refuses(() => read(0x2a, 0x86), /ends inside an arc/);
  refuses(() => read(0x2a, ...new Array(8).fill(0xff), 0x7f), /too large/);
});

test("BIT STRING, NULL, tags and leftovers", () => {
  const reader = (input: Uint8Array) => new DerReader(input, "test");
  assert.deepEqual(reader(bytes(0x03, 0x03, 0x00, 0xab, 0xcd)).bitString("k"), bytes(0xab, 0xcd));
  refuses(() => reader(bytes(0x03, 0x00)).bitString("k"), /empty BIT STRING/);
  refuses(() => reader(bytes(0x03, 0x02, 0x04, 0xf0)).bitString("k"), /4 unused bits/);
  reader(bytes(0x05, 0x00)).null("p");
  refuses(() => reader(bytes(0x05, 0x01, 0x00)).null("p"), /NULL with contents/);
  refuses(() => reader(bytes(0x02, 0x01, 0x00)).octetString("s"), /expected s \(tag 0x04\), found tag 0x02 at byte 0/);
  refuses(() => reader(bytes()).octetString("s"), /found the end/);
  const seq = reader(bytes(0x30, 0x04, 0x05, 0x00, 0x05, 0x00)).enter(TAG.SEQUENCE, "seq");
  seq.null("first");
  refuses(() => seq.finish("seq"), /unexpected data after the last field of seq/);
  assert.equal(contextTag(0, true), 0xa0);
  assert.equal(contextTag(1, false), 0x81);
});

test("every key format node:crypto writes is read, and rewrapped as SPKI or PKCS#8", () => {
  for (const sample of SAMPLES) {
    const info = sample.parse(sample.der);
    const isPrivate = /pkcs8|private|sec1/.test(sample.name);
    assert.equal(info.type, isPrivate ? "private" : "public", sample.name);
    checkDer(info.der, sample.name);
    if (sample.name.startsWith("RSA")) assert.equal(info.modulusBits, 2048, sample.name);
    // Our rewrapping reproduces node's own SPKI / PKCS#8 encodings of rsaEncryption, EC and Ed25519 keys.
    if (sample.parse === parseSpki && !sample.name.startsWith("RSA-PSS")) assert.deepEqual(info.der, sample.der, sample.name);
  }
  assert.deepEqual(parsePkcs1Public(der(rsa.publicKey, "pkcs1")).der, der(rsa.publicKey, "spki"));
  assert.deepEqual(parsePkcs1Private(der(rsa.privateKey, "pkcs1")).der, der(rsa.privateKey, "pkcs8"));
  assert.deepEqual(parsePkcs8(der(ed25519.privateKey, "pkcs8")).der, der(ed25519.privateKey, "pkcs8"));
  assert.equal(parseSec1(der(p521.privateKey, "sec1")).algorithm.curve, "P-521");
  assert.deepEqual(parseSpki(der(pss.publicKey, "spki")).algorithm.pss, { hash: "SHA-256", mgfHash: "SHA-256", saltLength: 32 });
});

test("a certificate gives its subjectPublicKeyInfo, and its own structure is checked", () => {
  const info = parseCertificate(CERTIFICATE);
  assert.equal(info.type, "public");
  assert.equal(info.algorithm.curve, "P-256");
  // The same SubjectPublicKeyInfo node:crypto finds in the certificate.
  const expected = new X509Certificate(CERTIFICATE).publicKey.export({ type: "spki", format: "der" });
  assert.deepEqual(info.der, new Uint8Array(expected));
  refuses(() => parseCertificate(der(p256.publicKey, "spki")), /expected serialNumber/);
  refuses(() => parseSpki(CERTIFICATE), /expected the key algorithm/);
});

test("truncated at every byte position, or with a byte appended: refused", () => {
  let count = 0;
  for (const sample of [...SAMPLES, { name: "certificate", der: CERTIFICATE, parse: parseCertificate }]) {
    for (let length = 0; length < sample.der.length; length++) {
      refuses(() => sample.parse(sample.der.subarray(0, length)), undefined, `${sample.name} cut to ${length}`);
      count++;
    }
    for (const extra of [0x00, 0x05, 0xff]) {
      refuses(() => sample.parse(Uint8Array.of(...sample.der, extra)), /trailing byte/, `${sample.name} + ${extra}`);
    }
  }
  assert.ok(count > 5000);
});

/** The offsets of every length byte of every element in `input` (a well-formed DER element), walked iteratively. */
function lengthOffsets(input: Uint8Array): number[] {
  const offsets: number[] = [];
  const ends = [input.length];
  let pos = 0;
  while (ends.length > 0) {
    if (pos >= ends[ends.length - 1]!) {
      ends.pop();
      continue;
    }
    const first = input[pos + 1]!;
    const count = first < 0x80 ? 0 : first & 0x7f;
    let length = first < 0x80 ? first : 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[pos + 2 + i]!;
    offsets.push(pos + 1 + count); // the last (least significant) length byte
    const start = pos + 2 + count;
    if ((input[pos]! & 0x20) !== 0) {
      ends.push(start + length);
      pos = start;
    } else {
      pos = start + length;
    }
  }
  return offsets;
}

test("every length changed by one, up or down, is refused; set to 0x80 (indefinite) too", () => {
  let count = 0;
  for (const sample of SAMPLES) {
    for (const offset of lengthOffsets(sample.der)) {
      for (const delta of [-1, 1]) {
        const mutated = sample.der.slice();
        mutated[offset] = (mutated[offset]! + delta) & 0xff;
        refuses(() => sample.parse(mutated), undefined, `${sample.name}, length at ${offset} ${delta > 0 ? "+" : "-"}1`);
        count++;
      }
    }
    const indefinite = sample.der.slice();
    indefinite[1] = 0x80;
    refuses(() => sample.parse(indefinite), /indefinite length/, sample.name);
  }
  assert.ok(count > 100);
});

test("non-minimal length encodings of a valid key are refused", () => {
  // P-256 SPKI: 30 59 ...; re-encode its outer length as 81 59 and as 82 00 59.
  const spki = der(p256.publicKey, "spki");
  assert.equal(spki[1], 0x59);
  refuses(() => parseSpki(Uint8Array.of(0x30, 0x81, 0x59, ...spki.subarray(2))), /not minimal/);
  refuses(() => parseSpki(Uint8Array.of(0x30, 0x82, 0x00, 0x59, ...spki.subarray(2))), /leading zero/);
  // The RSA modulus (02 82 01 01 ...) with a 3-byte length 83 00 01 01.
  const pkcs1 = der(rsa.publicKey, "pkcs1");
  const outer = pkcs1[2]! * 256 + pkcs1[3]! + 1;
  const longer = Uint8Array.of(0x30, 0x82, outer >> 8, outer & 0xff, 0x02, 0x83, 0x00, ...pkcs1.subarray(6));
  refuses(() => parsePkcs1Public(longer), /leading zero/);
});

test("any byte flipped, and random bytes: each parse succeeds or throws KeyInvalid, never anything else", () => {
  let parsed = 0;
  let refused = 0;
  for (const sample of [...SAMPLES, { name: "certificate", der: CERTIFICATE, parse: parseCertificate }]) {
    for (let i = 0; i < sample.der.length; i++) {
      for (const change of [(b: number) => b ^ 0xff, (b: number) => b ^ 0x01, () => 0x80, () => 0x00]) {
        const mutated = sample.der.slice();
        mutated[i] = change(mutated[i]!);
        if (succeedsOrKeyInvalid(() => sample.parse(mutated), `${sample.name} byte ${i}`)) parsed++;
        else refused++;
      }
    }
  }
  // A deterministic generator (xorshift32), so a failure reproduces.
  let state = 0x9e3779b9;
  const random = () => ((state ^= state << 13), (state ^= state >>> 17), (state ^= state << 5), (state >>> 0) / 2 ** 32);
  for (let round = 0; round < 3000; round++) {
    const input = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
    if (round % 2 === 0 && input.length > 2) input[0] = 0x30, input[1] = Math.min(input.length - 2, 0x7f);
    for (const parse of [parseSpki, parsePkcs8, parseCertificate, parsePkcs1Public, parsePkcs1Private, parseSec1]) {
      if (succeedsOrKeyInvalid(() => parse(input), `random input ${Buffer.from(input).toString("hex")}`)) parsed++;
      else refused++;
    }
  }
  assert.ok(refused > 10_000, `refused ${refused}`);
  assert.ok(parsed > 0, "some flips (inside key material) still parse");
});

/** Re-encodes a SEQUENCE from its elements (each a complete TLV). */
const sequence = (...elements: Uint8Array[]) => encodeDer(TAG.SEQUENCE, ...elements);
/** The complete TLVs of the elements inside the outer SEQUENCE of `input`. */
function elementsOf(input: Uint8Array): Uint8Array[] {
  const outer = new DerReader(input, "test").enter(TAG.SEQUENCE, "outer");
  const out: Uint8Array[] = [];
  while (!outer.done) {
    const { tag, contents } = outer.next();
    out.push(encodeDer(tag, contents));
  }
  return out;
}
const integer = (...content: number[]) => encodeDer(TAG.INTEGER, Uint8Array.from(content));

test("PKCS #8 version 2 (RFC 5958 OneAsymmetricKey) with attributes and publicKey is read and rewritten as version 1", () => {
  const v1 = der(ed25519.privateKey, "pkcs8");
  const [, algorithm, privateKey] = elementsOf(v1) as [Uint8Array, Uint8Array, Uint8Array];
  const publicKey = der(ed25519.publicKey, "spki").subarray(-32);
  const attributes = encodeDer(contextTag(0, true), sequence(encodeOid("1.2.840.113549.1.9.9.20"), encodeDer(TAG.SET, encodeDer(0x0c, new TextEncoder().encode("k")))));
  const v2 = sequence(integer(1), algorithm, privateKey, attributes, encodeDer(contextTag(1, false), Uint8Array.of(0), publicKey));
  assert.deepEqual(parsePkcs8(v2).der, v1);
  refuses(() => parsePkcs8(sequence(integer(0), algorithm, privateKey, encodeDer(contextTag(1, false), Uint8Array.of(0), publicKey))), /publicKey \[1\] needs version 1/);
  refuses(() => parsePkcs8(sequence(integer(2), algorithm, privateKey)), /PrivateKeyInfo version 2 is unknown/);
  refuses(() => parsePkcs8(sequence(integer(0), algorithm, encodeDer(TAG.OCTET_STRING, encodeDer(TAG.OCTET_STRING, new Uint8Array(31))))), /Ed25519 private key is 31 bytes long/);
});

test("RSA: exponent and modulus sanity (RFC 8017 §3.1), multi-prime keys, missing NULL parameters", () => {
  const [n] = elementsOf(der(rsa.publicKey, "pkcs1")) as [Uint8Array];
  for (const e of [integer(1), integer(0x01, 0x00, 0x00), integer(0x00)]) {
    refuses(() => parsePkcs1Public(sequence(n, e)), /public exponent is not an odd number from 3/);
  }
  refuses(() => parsePkcs1Public(sequence(n, n)), /public exponent/);
  assert.equal(parsePkcs1Public(sequence(n, integer(3))).modulusBits, 2048);
  const even = n.slice();
  even[even.length - 1]! &= 0xfe;
  refuses(() => parsePkcs1Public(sequence(even, integer(3))), /modulus is even/);
  // RSAPrivateKey version 1 is the multi-prime form.
  const [, ...fields] = elementsOf(der(rsa.privateKey, "pkcs1"));
  refuses(() => parsePkcs1Private(sequence(integer(1), ...fields)), /multi-prime RSA key/);
  refuses(() => parsePkcs1Private(sequence(integer(0), ...fields.slice(0, 7))), /expected coefficient/);
  // rsaEncryption's AlgorithmIdentifier parameters must be NULL (RFC 8017 Appendix A.1).
  const [, key] = elementsOf(der(rsa.publicKey, "spki")) as [Uint8Array, Uint8Array];
  refuses(() => parseSpki(sequence(sequence(encodeOid("1.2.840.113549.1.1.1")), key)), /expected the rsaEncryption parameters/);
});

test("EC: the curve must be named, agree between PKCS #8 and SEC 1, and fix the private key's length", () => {
  const point = der(p256.publicKey, "spki").subarray(-65);
  const bitString = encodeDer(TAG.BIT_STRING, Uint8Array.of(0), point);
  const ecAlgorithm = (parameters: Uint8Array) => sequence(encodeOid("1.2.840.10045.2.1"), parameters);
  refuses(() => parseSpki(sequence(ecAlgorithm(encodeDer(TAG.NULL)), bitString)), /explicit parameters, not by name/);
  refuses(() => parseSpki(sequence(ecAlgorithm(sequence(integer(1))), bitString)), /explicit parameters, not by name/);
  refuses(() => parseSpki(sequence(ecAlgorithm(encodeOid("1.3.132.0.34")), bitString)), /not an uncompressed point/);
  refuses(() => parseSpki(sequence(sequence(encodeOid("1.3.101.112"), encodeDer(TAG.NULL)), encodeDer(TAG.BIT_STRING, Uint8Array.of(0), new Uint8Array(32)))),
    /unexpected data after the last field of AlgorithmIdentifier/);
  refuses(() => parseSpki(sequence(sequence(encodeOid("1.3.101.112")), encodeDer(TAG.BIT_STRING, Uint8Array.of(0), new Uint8Array(31)))), /Ed25519 public key is 31 bytes long/);
  refuses(() => parseSpki(sequence(sequence(encodeOid("1.2.3.4")), bitString)), /^this is a key of the algorithm with OID 1\.2\.3\.4, which keycard does not know; keycard takes/);
  const [version, scalar, parameters, publicKey] = elementsOf(der(p256.privateKey, "sec1")) as Uint8Array[];
  assert.equal(parameters![0], 0xa0);
  assert.equal(parseSec1(sequence(version!, scalar!, parameters!)).algorithm.curve, "P-256");
  refuses(() => parseSec1(sequence(version!, scalar!, publicKey!)), /does not name its curve/);
  refuses(() => parseSec1(sequence(integer(0), scalar!, parameters!)), /ECPrivateKey version is not 1/);
  refuses(() => parseSec1(sequence(version!, encodeDer(TAG.OCTET_STRING, new Uint8Array(31).fill(1)), parameters!)), /P-256 private key is 31 bytes long; RFC 5915 §3 makes it 32/);
  // A PKCS #8 whose AlgorithmIdentifier says P-384 around an ECPrivateKey that says P-256.
  const p384Algorithm = ecAlgorithm(encodeOid("1.3.132.0.34"));
  const inner = sequence(version!, scalar!, parameters!);
  refuses(() => parsePkcs8(sequence(integer(0), p384Algorithm, encodeDer(TAG.OCTET_STRING, inner))), /says both P-384 and P-256/);
});
