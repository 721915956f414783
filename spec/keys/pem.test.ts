// importPEM (lib/keys/import-pem.ts) end to end, with keys made at test time by node:crypto in every format
// it writes, and certificates made by the openssl CLI where it exists; plus the PEM layer (lib/bytes/pem.ts)
// and the strict base64 decoder under it (lib/bytes/base64.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { runChild } from "../helpers/child.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  X509Certificate, constants, createPrivateKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify,
  type KeyObject, type RSAPSSKeyPairKeyObjectOptions,
} from "node:crypto";
import { sign, verify } from "../../lib/index.js";
import { importPEM } from "../../lib/keys/import-pem.js";
import { decodePEM } from "../../lib/bytes/pem.js";
import { decodeBase64 } from "../../lib/bytes/base64.js";
import { TAG, encodeDer, encodeOid } from "../../lib/bytes/der.js";
import { KeyInvalid, InvalidArgument } from "../../lib/errors.js";

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** A PEM block of `der` under `label`, wrapped at 64 characters as RFC 7468 §2 asks generators to. */
function pemOf(label: string, der: Uint8Array, eol = "\n"): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ""].join(eol);
}

/** Asserts that `promise` rejects with a keycard error of `code` whose message matches `pattern`. */
async function rejects(promise: Promise<unknown>, code: string, pattern?: RegExp, note?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof (code === "ERR_KEY_INVALID" ? KeyInvalid : code === "ERR_INVALID_ARGUMENT" ? InvalidArgument : Error),
      `${note ?? ""}: got ${String(error)}`);
    assert.equal((error as KeyInvalid).code, code, note);
    if (pattern !== undefined) assert.match((error as Error).message, pattern, note);
    return true;
  }, note);
}

type Alg = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA" | "Ed25519";

/** node:crypto's digest and key options for a JWS algorithm. */
function nodeParams(alg: Alg, key: KeyObject) {
  const digest = alg.startsWith("Ed") ? null : `sha${alg.slice(2)}`;
  if (alg.startsWith("PS")) return { digest, key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 } };
  if (alg.startsWith("RS")) return { digest, key: { key, padding: constants.RSA_PKCS1_PADDING } };
  if (alg.startsWith("ES")) return { digest, key: { key, dsaEncoding: "ieee-p1363" as const } };
  return { digest, key };
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Proves a private/public pair imported by importPEM works and agrees with node:crypto: keycard signs and
 * verifies, node verifies keycard's signature, and keycard verifies node's.
 */
async function provePair(alg: Alg, privateKey: CryptoKey, publicKey: CryptoKey, nodePrivate: KeyObject, nodePublic: KeyObject, note: string) {
  const token = await sign({ sub: "pem", note }, privateKey, { alg });
  const { payload } = await verify(token, publicKey);
  assert.equal(payload.note, note);
  const [header, body, signature] = token.split(".") as [string, string, string];
  assert.equal(JSON.parse(Buffer.from(header, "base64url").toString()).alg, alg, note);
  const verifyParams = nodeParams(alg, nodePublic);
  assert.equal(nodeVerify(verifyParams.digest, Buffer.from(`${header}.${body}`), verifyParams.key, Buffer.from(signature, "base64url")), true,
    `${note}: node:crypto verifies keycard's signature`);
  const input = `${b64url({ alg, typ: "JWT" })}.${b64url({ sub: "node", note })}`;
  const signParams = nodeParams(alg, nodePrivate);
  const nodeToken = `${input}.${nodeSign(signParams.digest, Buffer.from(input), signParams.key).toString("base64url")}`;
  assert.equal((await verify(nodeToken, publicKey)).payload.sub, "node", `${note}: keycard verifies node:crypto's signature`);
  const tampered = `${input}.${Buffer.from(nodeSign(signParams.digest, Buffer.from(input + "x"), signParams.key)).toString("base64url")}`;
  await rejects(verify(tampered, publicKey), "ERR_JWT_SIGNATURE_INVALID", undefined, `${note}: wrong signature`);
}

const exportPem = (key: KeyObject, type: string, extra: object = {}) => key.export({ type, format: "pem", ...extra } as never) as string;
const exportDer = (key: KeyObject, type: string) => new Uint8Array(key.export({ type, format: "der" } as never) as Buffer);

/** An RSA-PSS pair of 2048 bits (@types/node types `saltLength` as a string; node:crypto takes a number). */
function pssPair(hashAlgorithm?: string, mgf1HashAlgorithm?: string, saltLength?: number) {
  const options = { modulusLength: 2048, hashAlgorithm, mgf1HashAlgorithm, saltLength };
  return generateKeyPairSync("rsa-pss", options as unknown as RSAPSSKeyPairKeyObjectOptions);
}

// Keys made once for the whole file.
const rsa2048 = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsa1024 = generateKeyPairSync("rsa", { modulusLength: 1024 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" });
const ed25519 = generateKeyPairSync("ed25519");
const pssSha256 = pssPair("sha256", "sha256", 32);
const pssOpen = pssPair();

// ---------------------------------------------------------------------------------------------------------
// base64 and PEM

test("strict padded base64: RFC 4648 §10 vectors, round trips against Buffer, refusals", () => {
  const vectors: [string, string][] = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
  for (const [plain, encoded] of vectors) assert.deepEqual(decodeBase64(encoded), new TextEncoder().encode(plain), encoded);
  const data = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 255);
  for (let n = 0; n <= data.length; n++) {
    const text = Buffer.from(data.subarray(0, n)).toString("base64");
    assert.deepEqual(decodeBase64(text), data.subarray(0, n), `length ${n}`);
  }
  for (const bad of ["Zg", "Zg=", "Zm8", "Zg===", "====", "Z===", "Zg=a", "Zm=v", "Zh==", "Zm9=", "Zm-v", "Zm_v", "Zm9v\n", " Zm9", "Zm9é"]) {
    assert.equal(decodeBase64(bad), undefined, JSON.stringify(bad));
  }
});

test("PEM: explanatory text, line endings and blanks tolerated; the body is what Buffer encoded", () => {
  const der = exportDer(p256.publicKey, "spki");
  const plain = pemOf("PUBLIC KEY", der);
  const variants = [
    plain,
    pemOf("PUBLIC KEY", der, "\r\n"),
    pemOf("PUBLIC KEY", der, "\r"),
    `Subject: CN=test\nIssuer: CN=test\n\n${plain}\nsome text after the block\n`,
    plain.replace(/\n/g, "  \t\n"),
    plain.trimEnd(),
    `-----BEGIN PUBLIC KEY-----\n${Buffer.from(der).toString("base64")}\n-----END PUBLIC KEY-----`,
    `-----BEGIN PUBLIC KEY-----\n\n\n${Buffer.from(der).toString("base64").replace(/(.{10})/g, "$1\n \t")}\n\n-----END PUBLIC KEY-----\n`,
    `   \n\t${plain}`,
  ];
  for (const text of variants) {
    const block = decodePEM(text);
    assert.equal(block.label, "PUBLIC KEY");
    assert.deepEqual(block.der, der, JSON.stringify(text.slice(0, 80)));
  }
});

test("PEM: mismatched labels, no END, bad base64, empty body, headers, several blocks are ERR_KEY_INVALID", () => {
  const der = exportDer(p256.publicKey, "spki");
  const base64 = Buffer.from(der).toString("base64");
  const cases: [string, string, RegExp][] = [
    ["no block", "just some text", /no PEM block found/],
    ["empty text", "", /no PEM block found/],
    ["labels differ", `-----BEGIN PUBLIC KEY-----\n${base64}\n-----END PRIVATE KEY-----\n`, /begins with label "PUBLIC KEY" but ends with "PRIVATE KEY"/],
    ["label case differs", `-----BEGIN PUBLIC KEY-----\n${base64}\n-----END public key-----\n`, /ends with "public key"/],
    ["no END line", `-----BEGIN PUBLIC KEY-----\n${base64}\n`, /has no "-----END PUBLIC KEY-----" line/],
    ["BEGIN inside the block", `-----BEGIN PUBLIC KEY-----\n${base64}\n-----BEGIN PUBLIC KEY-----\n${base64}\n-----END PUBLIC KEY-----\n`, /no "-----END PUBLIC KEY-----" line/],
    ["two blocks", pemOf("PUBLIC KEY", der) + pemOf("PUBLIC KEY", der), /more than one PEM block/],
    ["EC PARAMETERS before the key", `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${exportPem(p256.privateKey, "sec1")}`, /more than one PEM block/],
    ["a '*' in the body", `-----BEGIN PUBLIC KEY-----\n${base64.slice(0, 20)}*${base64.slice(21)}\n-----END PUBLIC KEY-----\n`, /the character "\*" is not base64/],
    ["base64url alphabet", `-----BEGIN PUBLIC KEY-----\n${Buffer.from(der).toString("base64url")}\n-----END PUBLIC KEY-----\n`, /cannot be decoded/],
    ["padding removed", `-----BEGIN PUBLIC KEY-----\n${base64.replace(/=+$/, "")}A\n-----END PUBLIC KEY-----\n`, /not valid padded base64/],
    ["data after padding", `-----BEGIN PUBLIC KEY-----\nZg==Zm9v\n-----END PUBLIC KEY-----\n`, /not valid padded base64/],
    ["empty body", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", /is empty/],
    ["blank body", "-----BEGIN PUBLIC KEY-----\n \r\n\t\n-----END PUBLIC KEY-----\n", /is empty/],
    ["a header", `-----BEGIN PUBLIC KEY-----\nComment: hello\n\n${base64}\n-----END PUBLIC KEY-----\n`, /has headers/],
    ["six dashes", `-----BEGIN PUBLIC KEY------\n${base64}\n-----END PUBLIC KEY-----\n`, /malformed PEM boundary line/],
    ["text after the BEGIN boundary", `-----BEGIN PUBLIC KEY-----${base64}\n-----END PUBLIC KEY-----\n`, /malformed PEM boundary line/],
    ["double space in label", `-----BEGIN PUBLIC  KEY-----\n${base64}\n-----END PUBLIC  KEY-----\n`, /malformed PEM boundary line/],
    ["unclosed BEGIN line", `-----BEGIN PUBLIC KEY\n${base64}\n-----END PUBLIC KEY-----\n`, /malformed PEM boundary line/],
    ["over 1 MiB", `-----BEGIN PUBLIC KEY-----\n${"A".repeat(1 << 20)}\n-----END PUBLIC KEY-----\n`, /longer than 1048576/],
  ];
  for (const [name, text, pattern] of cases) {
    assert.throws(() => decodePEM(text), (error: unknown) => error instanceof KeyInvalid && pattern.test(error.message), name);
  }
});

test("importPEM rejects (never throws) with the PEM layer's errors", async () => {
  const notPem = importPEM("not a pem", "ES256");
  assert.ok(notPem instanceof Promise);
  await rejects(notPem, "ERR_KEY_INVALID", /no PEM block found/);
  await rejects(importPEM("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", "ES256"), "ERR_KEY_INVALID", /is empty/);
  for (const value of [undefined, null, 42, {}, new Uint8Array(4)]) {
    await rejects(importPEM(value as never, "ES256"), "ERR_KEY_INVALID", /takes the PEM text as a string/, String(value));
  }
});

// ---------------------------------------------------------------------------------------------------------
// Keys that work

interface Case {
  name: string;
  pair: { privateKey: KeyObject; publicKey: KeyObject };
  algs: Alg[];
  privateFormats: string[];
  publicFormats: string[];
  labels: Record<string, string>;
}

const WORKING: Case[] = [
  { name: "RSA 2048", pair: rsa2048, algs: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"], privateFormats: ["pkcs8", "pkcs1"], publicFormats: ["spki", "pkcs1"],
    labels: { pkcs8: "PRIVATE KEY", pkcs1: "RSA", spki: "PUBLIC KEY" } },
  { name: "P-256", pair: p256, algs: ["ES256"], privateFormats: ["pkcs8", "sec1"], publicFormats: ["spki"], labels: { pkcs8: "PRIVATE KEY", sec1: "EC PRIVATE KEY", spki: "PUBLIC KEY" } },
  { name: "P-384", pair: p384, algs: ["ES384"], privateFormats: ["pkcs8", "sec1"], publicFormats: ["spki"], labels: { pkcs8: "PRIVATE KEY", sec1: "EC PRIVATE KEY", spki: "PUBLIC KEY" } },
  { name: "P-521", pair: p521, algs: ["ES512"], privateFormats: ["pkcs8", "sec1"], publicFormats: ["spki"], labels: { pkcs8: "PRIVATE KEY", sec1: "EC PRIVATE KEY", spki: "PUBLIC KEY" } },
  { name: "Ed25519", pair: ed25519, algs: ["EdDSA", "Ed25519"], privateFormats: ["pkcs8"], publicFormats: ["spki"], labels: { pkcs8: "PRIVATE KEY", spki: "PUBLIC KEY" } },
  { name: "RSA-PSS (id-RSASSA-PSS, SHA-256 parameters)", pair: pssSha256, algs: ["PS256"], privateFormats: ["pkcs8"], publicFormats: ["spki"], labels: { pkcs8: "PRIVATE KEY", spki: "PUBLIC KEY" } },
  { name: "RSA-PSS (id-RSASSA-PSS, no parameters)", pair: pssOpen, algs: ["PS256", "PS384", "PS512"], privateFormats: ["pkcs8"], publicFormats: ["spki"], labels: { pkcs8: "PRIVATE KEY", spki: "PUBLIC KEY" } },
];

test("every format node:crypto writes imports, signs, verifies, and agrees with node:crypto", async () => {
  let pairs = 0;
  for (const c of WORKING) {
    for (const alg of c.algs) {
      for (const privateFormat of c.privateFormats) {
        const privatePem = exportPem(c.pair.privateKey, privateFormat);
        assert.match(privatePem, new RegExp(`^-----BEGIN ${c.labels[privateFormat]}`), `${c.name} ${privateFormat}`);
        const privateKey = await importPEM(privatePem, alg);
        assert.equal(privateKey.type, "private");
        assert.deepEqual(privateKey.usages, ["sign"]);
        assert.equal(privateKey.extractable, false, "private keys are not extractable");
        for (const publicFormat of c.publicFormats) {
          const publicKey = await importPEM(exportPem(c.pair.publicKey, publicFormat), alg);
          assert.equal(publicKey.type, "public");
          assert.deepEqual(publicKey.usages, ["verify"]);
          assert.equal(publicKey.extractable, true, "public keys are extractable");
          await provePair(alg, privateKey, publicKey, c.pair.privateKey, c.pair.publicKey, `${c.name} ${alg} ${privateFormat}/${publicFormat}`);
          pairs++;
        }
      }
    }
  }
  assert.equal(pairs, 24 + 2 + 2 + 2 + 2 + 1 + 3);
});

test("the key permits exactly the algorithm it was imported for (an Ed25519 key: EdDSA and Ed25519)", async () => {
  const rs256 = await importPEM(exportPem(rsa2048.publicKey, "spki"), "RS256");
  const psSigner = await importPEM(exportPem(rsa2048.privateKey, "pkcs8"), "PS256");
  await rejects(verify(await sign({}, psSigner), rs256), "ERR_JWT_ALG_NOT_ALLOWED");
  const edSigner = await importPEM(exportPem(ed25519.privateKey, "pkcs8"), "EdDSA");
  const edVerifier = await importPEM(exportPem(ed25519.publicKey, "spki"), "Ed25519");
  for (const alg of ["EdDSA", "Ed25519"] as const) {
    const token = await sign({}, edSigner, { alg });
    assert.equal((await verify(token, edVerifier)).header.alg, alg);
  }
});

test("a private key where a public one is needed, and the reverse: ERR_KEY_INVALID when used", async () => {
  for (const [name, pair, alg] of [["RSA", rsa2048, "RS256"], ["P-256", p256, "ES256"], ["Ed25519", ed25519, "EdDSA"]] as const) {
    const privateKey = await importPEM(exportPem(pair.privateKey, "pkcs8"), alg);
    const publicKey = await importPEM(exportPem(pair.publicKey, "spki"), alg);
    await rejects(sign({}, publicKey, { alg }), "ERR_KEY_INVALID", /public CryptoKey cannot sign: its usages are \[verify\] \(sign with the private key\)/, name);
    const token = await sign({}, privateKey, { alg });
    await rejects(verify(token, privateKey), "ERR_KEY_INVALID", /private CryptoKey cannot verify: its usages are \[sign\] \(verify with the public key\)/, name);
    assert.ok((await verify(token, publicKey)).payload);
  }
});

test("a PEM text used as an HMAC secret is refused (lib/keys/secret.ts)", async () => {
  const pem = exportPem(p256.publicKey, "spki");
  await rejects(sign({}, pem, { alg: "HS256" }), "ERR_KEY_INVALID", /PEM-encoded key or certificate \(import it with importPEM\)/);
  await rejects(sign({}, new TextEncoder().encode(pem), { alg: "HS256" }), "ERR_KEY_INVALID", /PEM-encoded/);
});

// ---------------------------------------------------------------------------------------------------------
// Certificates made by openssl

test("X.509 certificates made by openssl: the certificate's key verifies what its private key signs", async (t) => {
  const probe = await runChild("openssl", ["version"]);
  if (probe.error !== undefined || probe.status !== 0) {
    t.skip(`openssl not found: ${probe.error?.message ?? probe.stderr}`);
    return;
  }
  t.diagnostic(`using ${probe.stdout.trim()}`);
  const dir = mkdtempSync(join(tmpdir(), "keycard-pem-"));
  try {
    const kinds: [string, string[], Alg][] = [
      ["RSA 2048", ["-newkey", "rsa:2048"], "RS256"],
      ["RSA 2048 for PS384", ["-newkey", "rsa:2048"], "PS384"],
      ["P-256", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], "ES256"],
      ["P-384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"], "ES384"],
      ["P-521", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"], "ES512"],
      ["Ed25519", ["-newkey", "ed25519"], "EdDSA"],
    ];
    for (const [name, keyArgs, alg] of kinds) {
      await t.test(name, async (st) => {
        const keyFile = join(dir, `${alg}.key.pem`);
        const certFile = join(dir, `${alg}.cert.pem`);
        const made = await runChild("openssl", ["req", "-x509", ...keyArgs, "-nodes", "-subj", "/CN=test", "-days", "1", "-keyout", keyFile, "-out", certFile]);
        if (made.error !== undefined || made.status !== 0) {
          st.skip(`openssl could not make a ${name} certificate: ${made.error?.message ?? made.stderr.trim()}`);
          return;
        }
        const certPem = readFileSync(certFile, "utf8");
        const keyPem = readFileSync(keyFile, "utf8");
        assert.match(certPem, /^-----BEGIN CERTIFICATE-----/);
        const publicKey = await importPEM(certPem, alg);
        assert.equal(publicKey.type, "public");
        const privateKey = await importPEM(keyPem, alg);
        await provePair(alg, privateKey, publicKey, createPrivateKey(keyPem), new X509Certificate(certPem).publicKey, `openssl ${name}`);
        // Explanatory text, as `openssl x509 -text` prints it before the block, is tolerated (RFC 7468 §5.2).
        const described = await runChild("openssl", ["x509", "-in", certFile, "-text"]);
        if (described.status === 0) {
          assert.match(described.stdout, /Certificate:[\s\S]*-----BEGIN CERTIFICATE-----/);
          await importPEM(described.stdout, alg);
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Keys refused

test("alg unknown, none or HMAC: ERR_INVALID_ARGUMENT, checked before the PEM", async () => {
  const pem = exportPem(p256.publicKey, "spki");
  for (const alg of ["none", "None", "NONE", "es256", "ES256K", "RSA-OAEP", "", "__proto__", "toString", undefined, null, 256, 10n, Symbol("RS256")]) {
    await rejects(importPEM(pem, alg as never), "ERR_INVALID_ARGUMENT", /unknown or unsupported alg/, String(alg));
  }
  await rejects(importPEM("garbage", "none"), "ERR_INVALID_ARGUMENT");
  for (const alg of ["HS256", "HS384", "HS512"]) {
    await rejects(importPEM(pem, alg), "ERR_INVALID_ARGUMENT", new RegExp(`${alg} takes a shared secret, not a PEM key`));
  }
});

test("RSA keys under 2048 bits, in every format: ERR_KEY_INVALID (RFC 7518 §3.3)", async () => {
  const pems = [
    exportPem(rsa1024.publicKey, "spki"), exportPem(rsa1024.publicKey, "pkcs1"),
    exportPem(rsa1024.privateKey, "pkcs8"), exportPem(rsa1024.privateKey, "pkcs1"),
  ];
  for (const pem of pems) {
    for (const alg of ["RS256", "PS512"]) {
      await rejects(importPEM(pem, alg), "ERR_KEY_INVALID", /^RSA keys must be at least 2048 bits \(RFC 7518 §3\.3\); this one has 1024$/, pem.split("\n")[0]);
    }
  }
});

test("keys of kinds JWS does not sign with: DSA, X25519, X448, Ed448, secp256k1", async () => {
  const dsa = generateKeyPairSync("dsa", { modulusLength: 1024, divisorLength: 160 });
  const kinds: [string, { privateKey: KeyObject; publicKey: KeyObject }, RegExp][] = [
    ["DSA", dsa, /^this is a DSA key, which JWS does not sign with; keycard takes RSA, EC \(P-256, P-384, P-521\) and Ed25519 keys$/],
    ["X25519", generateKeyPairSync("x25519"), /^this is an X25519 key, which is for key agreement, not signatures; keycard takes/],
    ["X448", generateKeyPairSync("x448"), /^this is an X448 key/],
    ["Ed448", generateKeyPairSync("ed448"), /^this is an Ed448 key; of the EdDSA curves keycard signs with Ed25519 only; keycard takes/],
    ["secp256k1", generateKeyPairSync("ec", { namedCurve: "secp256k1" }), /^this EC key is on the curve secp256k1; JWS signs with P-256 \(ES256\), P-384 \(ES384\) and P-521 \(ES512\) only/],
  ];
  for (const [name, pair, pattern] of kinds) {
    for (const alg of ["ES256", "EdDSA", "RS256"]) {
      await rejects(importPEM(exportPem(pair.publicKey, "spki"), alg), "ERR_KEY_INVALID", pattern, `${name} spki ${alg}`);
      await rejects(importPEM(exportPem(pair.privateKey, "pkcs8"), alg), "ERR_KEY_INVALID", pattern, `${name} pkcs8 ${alg}`);
    }
  }
  // The traditional "DSA PRIVATE KEY" label is refused by its label alone.
  const body = exportDer(dsa.privateKey, "pkcs8");
  await rejects(importPEM(pemOf("DSA PRIVATE KEY", body), "ES256"), "ERR_KEY_INVALID", /^this PEM block \("DSA PRIVATE KEY"\) is a DSA private key, which cannot sign a JWS/);
  const secp = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
  await rejects(importPEM(exportPem(secp.privateKey, "sec1"), "ES256"), "ERR_KEY_INVALID", /on the curve secp256k1/);
});

test("encrypted private keys: ENCRYPTED PRIVATE KEY and legacy Proc-Type headers", async () => {
  const encrypted = exportPem(rsa2048.privateKey, "pkcs8", { cipher: "aes-256-cbc", passphrase: "secret" });
  assert.match(encrypted, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  await rejects(importPEM(encrypted, "RS256"), "ERR_KEY_INVALID",
    /^this PEM block \("ENCRYPTED PRIVATE KEY"\) is an encrypted PKCS #8 private key \(RFC 5958 §3\), which keycard cannot decrypt; decrypt it first/);
  for (const [pair, type, alg] of [[rsa2048, "pkcs1", "RS256"], [p256, "sec1", "ES256"]] as const) {
    const legacy = exportPem(pair.privateKey, type, { cipher: "aes-128-cbc", passphrase: "secret" });
    assert.match(legacy, /Proc-Type: 4,ENCRYPTED/);
    await rejects(importPEM(legacy, alg), "ERR_KEY_INVALID", /is encrypted \("Proc-Type: 4,ENCRYPTED"\); decrypt it first/, type);
  }
});

test("a key that does not fit alg: curve, family, RSASSA-PSS restrictions", async () => {
  const cases: [string, string, RegExp][] = [
    [exportPem(p384.publicKey, "spki"), "ES256", /^a P-384 EC public key cannot be used with ES256: it fits ES384$/],
    [exportPem(p384.privateKey, "sec1"), "ES512", /^a P-384 EC private key cannot be used with ES512: it fits ES384$/],
    [exportPem(p256.privateKey, "pkcs8"), "RS256", /^a P-256 EC private key cannot be used with RS256: it fits ES256$/],
    [exportPem(rsa2048.publicKey, "spki"), "ES256", /^an RSA public key of 2048 bits cannot be used with ES256: it fits RS256, RS384, RS512, PS256, PS384, PS512$/],
    [exportPem(rsa2048.privateKey, "pkcs1"), "EdDSA", /^an RSA private key of 2048 bits cannot be used with EdDSA/],
    [exportPem(ed25519.publicKey, "spki"), "ES256", /^an Ed25519 public key cannot be used with ES256: it fits EdDSA, Ed25519$/],
    [exportPem(pssOpen.publicKey, "spki"), "RS256", /^an RSA-PSS \(id-RSASSA-PSS\) public key of 2048 bits cannot be used with RS256: it fits PS256, PS384, PS512$/],
    [exportPem(pssSha256.publicKey, "spki"), "PS384",
      /^an RSA-PSS \(id-RSASSA-PSS\) public key of 2048 bits cannot be used with PS384: it fits PS256 \(its RSASSA-PSS parameters fix SHA-256 for the hash and MGF1, and a salt of at least 32 bytes\)$/],
    [exportPem(pssSha256.privateKey, "pkcs8"), "RS256", /cannot be used with RS256: it fits PS256/],
  ];
  for (const [pem, alg, pattern] of cases) await rejects(importPEM(pem, alg), "ERR_KEY_INVALID", pattern, `${pem.split("\n")[0]} ${alg}`);
  // Parameters that fit no JWS algorithm: SHA-1 (the DEFAULT), or a salt longer than the hash.
  const sha1 = pssPair("sha1", "sha1", 20);
  await rejects(importPEM(exportPem(sha1.publicKey, "spki"), "PS256"), "ERR_KEY_INVALID", /it fits no JWS algorithm \(its RSASSA-PSS parameters fix SHA-1 for the hash and MGF1/);
  const longSalt = pssPair("sha256", "sha256", 64);
  await rejects(importPEM(exportPem(longSalt.publicKey, "spki"), "PS256"), "ERR_KEY_INVALID", /a salt of at least 64 bytes/);
  const mixed = pssPair("sha256", "sha512", 32);
  await rejects(importPEM(exportPem(mixed.publicKey, "spki"), "PS256"), "ERR_KEY_INVALID", /fix SHA-256 for the hash, SHA-512 for MGF1/);
});

test("labels importPEM does not read, and a compressed EC point", async () => {
  const der = exportDer(p256.publicKey, "spki");
  await rejects(importPEM(pemOf("CERTIFICATE REQUEST", der), "ES256"), "ERR_KEY_INVALID",
    /^a PEM block labelled "CERTIFICATE REQUEST" is not a key importPEM reads; it reads PUBLIC KEY, PRIVATE KEY, CERTIFICATE, RSA PUBLIC KEY, RSA PRIVATE KEY, EC PRIVATE KEY$/);
  await rejects(importPEM(pemOf("X509 CERTIFICATE", der), "ES256"), "ERR_KEY_INVALID", /legacy label/);
  await rejects(importPEM(pemOf("OPENSSH PRIVATE KEY", der), "ES256"), "ERR_KEY_INVALID", /OpenSSH private key/);
  // A label that names the wrong structure: a public key under PRIVATE KEY, a private key under CERTIFICATE.
  await rejects(importPEM(pemOf("PRIVATE KEY", der), "ES256"), "ERR_KEY_INVALID", /PrivateKeyInfo .* is not valid: expected version \(tag 0x02\), found tag 0x30/);
  await rejects(importPEM(pemOf("CERTIFICATE", exportDer(p256.privateKey, "pkcs8")), "ES256"), "ERR_KEY_INVALID", /Certificate .* is not valid/);
  await rejects(importPEM(pemOf("RSA PUBLIC KEY", exportDer(rsa2048.publicKey, "spki")), "RS256"), "ERR_KEY_INVALID", /RSAPublicKey .* is not valid/);
  // The point 0x02 || X: the same key, compressed (SEC 1 §2.3.3).
  const point = der.subarray(der.length - 65);
  const compressed = Uint8Array.of(0x02 | (point[64]! & 1), ...point.subarray(1, 33));
  const spki = encodeDer(TAG.SEQUENCE, encodeDer(TAG.SEQUENCE, encodeOid("1.2.840.10045.2.1"), encodeOid("1.2.840.10045.3.1.7")),
    encodeDer(TAG.BIT_STRING, Uint8Array.of(0), compressed));
  await rejects(importPEM(pemOf("PUBLIC KEY", spki), "ES256"), "ERR_KEY_INVALID", /compressed point/);
  // Well-formed DER, but a point off the curve: keycard's own check refuses it (lib/keys/ec-point.ts), before
  // WebCrypto, which not every runtime makes check.
  const offCurve = der.slice();
  offCurve[offCurve.length - 1]! ^= 1;
  await rejects(importPEM(pemOf("PUBLIC KEY", offCurve), "ES256"), "ERR_KEY_INVALID", /is not a valid public key: the point is not on P-256/);
});

// ---------------------------------------------------------------------------------------------------------
// Hostile DER through importPEM

test("hostile DER in a PEM block: truncated, trailing, lengths wrong, huge, nested, non-minimal, indefinite", async () => {
  let count = 0;
  const samples: [string, Uint8Array, Alg][] = [
    ["PUBLIC KEY", exportDer(rsa2048.publicKey, "spki"), "RS256"],
    ["EC PRIVATE KEY", exportDer(p256.privateKey, "sec1"), "ES256"],
    ["PRIVATE KEY", exportDer(ed25519.privateKey, "pkcs8"), "EdDSA"],
    ["RSA PUBLIC KEY", exportDer(rsa2048.publicKey, "pkcs1"), "PS256"],
  ];
  for (const [label, der, alg] of samples) {
    for (let length = 1; length < der.length; length++) {
      await rejects(importPEM(pemOf(label, der.subarray(0, length)), alg), "ERR_KEY_INVALID", /is not valid/, `${label} cut to ${length}`);
      count++;
    }
    await rejects(importPEM(pemOf(label, Uint8Array.of(...der, 0)), alg), "ERR_KEY_INVALID", /1 trailing byte/, label);
    const indefinite = der.slice();
    indefinite[1] = 0x80;
    await rejects(importPEM(pemOf(label, indefinite), alg), "ERR_KEY_INVALID", /indefinite length/, label);
  }
  assert.ok(count > 300);
  const spki = exportDer(p256.publicKey, "spki");
  const hostile: [string, Uint8Array, RegExp][] = [
    ["length one too long", Uint8Array.of(0x30, spki[1]! + 1, ...spki.subarray(2)), /runs past the end/],
    ["length one too short", Uint8Array.of(0x30, spki[1]! - 1, ...spki.subarray(2)), /trailing byte/],
    ["huge declared length", Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xf0, ...spki.subarray(2)), /runs past the end/],
    ["5-byte length", Uint8Array.of(0x30, 0x85, 0, 0, 0, 0, 0x59, ...spki.subarray(2)), /too large/],
    ["non-minimal length", Uint8Array.of(0x30, 0x81, 0x59, ...spki.subarray(2)), /not minimal/],
    ["10 000 nested SEQUENCEs", (() => {
      let inner = encodeDer(TAG.NULL);
      for (let i = 0; i < 10_000; i++) inner = encodeDer(TAG.SEQUENCE, inner);
      return inner;
    })(), /nested more than 12 deep/],
  ];
  for (const [name, der, pattern] of hostile) {
    for (const label of ["PUBLIC KEY", "PRIVATE KEY", "CERTIFICATE", "EC PRIVATE KEY"]) {
      await rejects(importPEM(pemOf(label, der), "ES256"), "ERR_KEY_INVALID", pattern, `${name} as ${label}`);
    }
  }
});
