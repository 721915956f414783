// Group "hostile": tokens an attacker would send, each refused with the code API.md gives it, as a JWTError,
// by a rejected promise. Several of them lean on the runtime's own crypto (ECDSA signatures of zeros, an
// Ed25519 signature with S ≥ L, signatures of the wrong length), which is where runtimes differ.
import {
  assemble, base64urlJSON, fromBase64url, hmac, need, ok, rejects, throws, toBase64url, utf8,
} from "./harness.js";

const SECRET = new Uint8Array(32).map((_, i) => 255 - i);
const NOW = 1_700_000_000;

// The order of the P-256 group (SEC 2 §2.4.2) and of Ed25519's (RFC 8032 §5.1), big-endian.
const P256_ORDER = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const ED25519_ORDER = "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const hex = (text) => Uint8Array.from(text.match(/../g), (byte) => parseInt(byte, 16));

/** The DER form (RFC 3279) of a raw R||S ECDSA signature: what some libraries emit, and JOSE forbids. */
function derSignature(raw) {
  const integer = (bytes) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = bytes[i] & 0x80 ? [0, ...bytes.slice(i)] : [...bytes.slice(i)];
    return [0x02, body.length, ...body];
  };
  const half = raw.length / 2;
  const body = [...integer(raw.slice(0, half)), ...integer(raw.slice(half))];
  return new Uint8Array([0x30, body.length, ...body]);
}

/** Adds the big-endian `order` to the little-endian 32-byte S of an Ed25519 signature (RFC 8032 §5.1.7). */
function addOrderToS(signature) {
  const out = signature.slice();
  const order = hex(ED25519_ORDER).reverse(); // little-endian
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i] + order[i] + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

export async function run({ keycard, check, keys }) {
  const verify = (...args) => need(keycard, "verify")(...args);
  const hs256 = async (header, payload) => {
    const input = `${base64urlJSON(header)}.${base64urlJSON(payload)}`;
    return `${input}.${toBase64url(await hmac("SHA-256", SECRET, input))}`;
  };

  await check("hostile: alg none, in any casing, is ERR_JWT_ALG_NOT_ALLOWED", async () => {
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      const token = `${base64urlJSON({ alg, typ: "JWT" })}.${base64urlJSON({ sub: "admin" })}.`;
      await rejects(keycard, () => verify(token, SECRET), "ERR_JWT_ALG_NOT_ALLOWED", { context: `${alg}, secret` });
      await rejects(keycard, () => verify(token, () => SECRET), "ERR_JWT_ALG_NOT_ALLOWED", { context: `${alg}, resolver` });
    }
  });

  await check("hostile: algorithms listing none or an unknown name is ERR_INVALID_ARGUMENT", async () => {
    const token = await hs256({ alg: "HS256" }, { sub: "x" });
    for (const algorithms of [["none"], ["HS256", "NONE"], ["HS257"], []]) {
      await rejects(keycard, () => verify(token, SECRET, { algorithms }), "ERR_INVALID_ARGUMENT", { context: JSON.stringify(algorithms) });
    }
  });

  await check("hostile: an alg outside options.algorithms is ERR_JWT_ALG_NOT_ALLOWED", async () => {
    const token = await hs256({ alg: "HS256" }, { sub: "x" });
    await rejects(keycard, () => verify(token, SECRET, { algorithms: ["HS512"] }), "ERR_JWT_ALG_NOT_ALLOWED");
  });

  await check("hostile: HS256 signed with an RSA public key (algorithm confusion) is refused", async () => {
    const publicJwk = await need(keycard, "exportJWK")(keys.get("RS256").publicKey);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.get("RS256").publicKey));
    let pem = "-----BEGIN PUBLIC KEY-----\n";
    for (let i = 0; i < spki.length; i += 48) pem += btoa(String.fromCharCode(...spki.subarray(i, i + 48))) + "\n";
    pem += "-----END PUBLIC KEY-----\n";
    const input = `${base64urlJSON({ alg: "HS256" })}.${base64urlJSON({ sub: "admin" })}`;
    const forged = `${input}.${toBase64url(await hmac("SHA-256", utf8(pem), input))}`;
    await rejects(keycard, () => verify(forged, publicJwk), "ERR_JWT_ALG_NOT_ALLOWED", { context: "public JWK" });
    await rejects(keycard, () => verify(forged, keys.get("RS256").publicKey), "ERR_JWT_ALG_NOT_ALLOWED", { context: "public CryptoKey" });
    await rejects(keycard, () => verify(forged, pem), "ERR_KEY_INVALID", { context: "the PEM text as a secret" });
  });

  await check("hostile: malformed compact serializations are ERR_JWT_MALFORMED", async () => {
    const good = await hs256({ alg: "HS256" }, { sub: "x" });
    const [h, p, s] = good.split(".");
    const cases = [
      ["empty string", ""],
      ["two parts", `${h}.${p}`],
      ["four parts", `${good}.${s}`],
      ["padding", `${good}=`],
      ["standard base64 characters", `${h}.${p}.${s.slice(0, -2)}+/`],
      ["non-canonical last character", `${h}.${p}.${s.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(s.at(-1)) + 1]}`],
      ["whitespace", `${h} .${p}.${s}`],
      ["header is an array", `${base64urlJSON("[]")}.${p}.${s}`],
      ["header is not JSON", `${toBase64url(utf8("{alg:HS256}"))}.${p}.${s}`],
      ["header has alg twice", `${base64urlJSON('{"alg":"HS256","alg":"none"}')}.${p}.${s}`],
      ["payload has a nested duplicate", `${h}.${base64urlJSON('{"a":{"b":1,"b":2}}')}.${s}`],
      ["alg is a number", `${base64urlJSON({ alg: 256 })}.${p}.${s}`],
      ["header with a byte-order mark", `${toBase64url(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"alg":"HS256"}')]))}.${p}.${s}`],
      ["payload not UTF-8", `${h}.${toBase64url(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))}.${s}`],
      ["payload a JSON array", `${h}.${base64urlJSON("[1]")}.${s}`],
      ["nested 10 000 deep", `${h}.${base64urlJSON('{"a":' + "[".repeat(10000) + "]".repeat(10000) + "}")}.${s}`],
      ["longer than maxTokenLength", `${h}.${base64urlJSON({ pad: "x".repeat(70000) })}.${s}`],
    ];
    for (const [what, token] of cases) {
      await rejects(keycard, () => verify(token, SECRET, { now: NOW }), "ERR_JWT_MALFORMED", { context: what });
    }
    for (const value of [null, undefined, 42, {}, ["a", "b", "c"]]) {
      await rejects(keycard, () => verify(value, SECRET), "ERR_JWT_MALFORMED", { context: `token ${JSON.stringify(value)}` });
    }
  });

  await check("hostile: crit and b64 the application does not handle are ERR_JWT_HEADER_UNSUPPORTED", async () => {
    const cases = [
      ["unknown extension", { alg: "HS256", crit: ["x-ext"], "x-ext": 1 }],
      ["crit names an absent parameter", { alg: "HS256", crit: ["x-ext"] }],
      ["crit empty", { alg: "HS256", crit: [] }],
      ["crit not an array", { alg: "HS256", crit: "x-ext", "x-ext": 1 }],
      ["crit names a registered parameter", { alg: "HS256", crit: ["kid"], kid: "k" }],
      ["b64 false (RFC 7797)", { alg: "HS256", b64: false, crit: ["b64"] }],
    ];
    for (const [what, header] of cases) {
      await rejects(keycard, async () => verify(await hs256(header, { sub: "x" }), SECRET), "ERR_JWT_HEADER_UNSUPPORTED", { context: what });
    }
    const handled = await hs256({ alg: "HS256", crit: ["x-ext"], "x-ext": 1 }, { sub: "x" });
    const { header } = await verify(handled, SECRET, { critical: ["x-ext"] });
    ok(header["x-ext"] === 1, "the handled extension was not returned in the header");
  });

  await check("hostile: HMAC signatures empty, truncated or too long are ERR_JWT_SIGNATURE_INVALID", async () => {
    const good = await hs256({ alg: "HS256" }, { sub: "x" });
    const [h, p, s] = good.split(".");
    const mac = fromBase64url(s);
    for (const [what, signature] of [["empty", new Uint8Array(0)], ["16 bytes", mac.slice(0, 16)], ["33 bytes", new Uint8Array([...mac, 0])]]) {
      await rejects(keycard, () => verify(`${h}.${p}.${toBase64url(signature)}`, SECRET), "ERR_JWT_SIGNATURE_INVALID", { context: what });
    }
  });

  await check("hostile: ECDSA signatures of zeros, of the group order, or in DER form are ERR_JWT_SIGNATURE_INVALID", async () => {
    const token = await need(keycard, "sign")({ sub: "x" }, keys.signingKey("ES256"), { alg: "ES256" });
    const publicKey = keys.verificationKey("ES256");
    const [h, p, s] = token.split(".");
    const n = hex(P256_ORDER);
    for (const [what, signature] of [
      ["r = s = 0 (CVE-2022-21449)", new Uint8Array(64)],
      ["r = s = n", new Uint8Array([...n, ...n])],
      ["DER-encoded", derSignature(fromBase64url(s))],
      ["one byte short", fromBase64url(s).slice(0, 63)],
    ]) {
      await rejects(keycard, () => verify(`${h}.${p}.${toBase64url(signature)}`, publicKey), "ERR_JWT_SIGNATURE_INVALID", { context: what });
    }
  });

  await check("hostile: an Ed25519 signature with S + L (malleable, RFC 8032 §5.1.7) is ERR_JWT_SIGNATURE_INVALID", async () => {
    const token = await need(keycard, "sign")({ sub: "x" }, keys.signingKey("EdDSA"), { alg: "EdDSA" });
    const [h, p, s] = token.split(".");
    const malleated = `${h}.${p}.${toBase64url(addOrderToS(fromBase64url(s)))}`;
    await rejects(keycard, () => verify(malleated, keys.verificationKey("EdDSA")), "ERR_JWT_SIGNATURE_INVALID");
  });

  await check("hostile: an RSA signature one byte short is ERR_JWT_SIGNATURE_INVALID", async () => {
    const token = await need(keycard, "sign")({ sub: "x" }, keys.signingKey("PS256"), { alg: "PS256" });
    const [h, p, s] = token.split(".");
    await rejects(keycard, () => verify(`${h}.${p}.${toBase64url(fromBase64url(s).slice(1))}`, keys.verificationKey("PS256")), "ERR_JWT_SIGNATURE_INVALID");
  });

  await check("hostile: keys that are not keys are ERR_KEY_INVALID", async () => {
    const token = await hs256({ alg: "HS256" }, { sub: "x" });
    for (const key of [null, undefined, 42, [], new Date(0)]) {
      await rejects(keycard, () => verify(token, key), "ERR_KEY_INVALID", { context: `key ${String(key)}` });
    }
  });

  await check("hostile: decode throws ERR_JWT_MALFORMED synchronously, and reads unsecured tokens", () => {
    const decode = need(keycard, "decode");
    for (const value of [42, null, "a.b", "..."]) throws(keycard, () => decode(value), "ERR_JWT_MALFORMED", { context: JSON.stringify(value) });
    const { header, payload } = decode(assemble({ alg: "none" }, { sub: "x" }, new Uint8Array(0)));
    ok(header.alg === "none" && payload.sub === "x", "decode did not read an unsecured token");
  });
}
