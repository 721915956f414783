// The EC public point check (lib/keys/ec-point.ts: SEC 1 §3.2.2.1, RFC 7518 §6.2.1) on its own and through the
// three ways a point reaches keycard: a JWK (importJWK, verify), a PEM SubjectPublicKeyInfo and a SEC 1
// EC PRIVATE KEY (importPEM). Points come from keys node:crypto and keycard generate at test time; the bad
// ones are those points changed by one, cut or padded by a byte, or made up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, type JsonWebKey as NodeJWK } from "node:crypto";
import { checkPublicPoint, pointProblem, type CurveName } from "../../lib/keys/ec-point.js";
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, importPEM, sign, verify } from "../../lib/index.js";
import { KeyInvalid } from "../../lib/errors.js";
import { assertJWTError, rejectsWith } from "../helpers/assert.js";

const CURVES: { curve: CurveName; alg: "ES256" | "ES384" | "ES512"; size: number; p: bigint; b: bigint }[] = [
  {
    curve: "P-256", alg: "ES256", size: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  {
    curve: "P-384", alg: "ES384", size: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  {
    curve: "P-521", alg: "ES512", size: 66,
    p: 2n ** 521n - 1n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
];

const fromB64 = (text: string) => Uint8Array.from(Buffer.from(text, "base64url"));
const toB64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const toBig = (bytes: Uint8Array) => BigInt("0x0" + Buffer.from(bytes).toString("hex"));
/** `value` as `size` big-endian bytes (it must fit). */
function toBytes(value: bigint, size: number): Uint8Array {
  const hex = value.toString(16).padStart(size * 2, "0");
  assert.equal(hex.length, size * 2, `${value} does not fit in ${size} bytes`);
  return Uint8Array.from(Buffer.from(hex, "hex"));
}
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  for (; exponent > 0n; exponent >>= 1n, base = (base * base) % modulus) if (exponent & 1n) result = (result * base) % modulus;
  return result;
}

/** A few public points per curve, from node:crypto key pairs. */
const POINTS = CURVES.map((c) => ({
  ...c,
  jwks: Array.from({ length: 4 }, () => generateKeyPairSync("ec", { namedCurve: c.curve }).publicKey.export({ format: "jwk" }) as NodeJWK & { x: string; y: string }),
}));

test("the points of generated keys pass, on each curve", async () => {
  for (const { curve, alg, size, jwks } of POINTS) {
    for (const jwk of jwks) {
      const x = fromB64(jwk.x), y = fromB64(jwk.y);
      assert.equal(x.length, size);
      assert.equal(pointProblem(curve, x, y), undefined, `${curve} ${jwk.x}`);
      checkPublicPoint(curve, x, y, "a generated key"); // does not throw
    }
    // keycard's own generated keys, exported as JWKs, import again.
    const { publicKey } = await generateKeyPair(alg);
    const exported = await exportJWK(publicKey);
    assert.equal(pointProblem(curve, fromB64(exported.x!), fromB64(exported.y!)), undefined);
    assert.equal((await importJWK(exported, alg)).type, "public");
  }
});

test("x or y changed by one is off the curve", () => {
  for (const { curve, size, jwks } of POINTS) {
    for (const jwk of jwks) {
      const x = toBig(fromB64(jwk.x)), y = toBig(fromB64(jwk.y));
      for (const [what, nx, ny] of [["x+1", x + 1n, y], ["x-1", x - 1n, y], ["y+1", x, y + 1n], ["y-1", x, y - 1n]] as const) {
        if (nx < 0n || ny < 0n || nx >= 256n ** BigInt(size) || ny >= 256n ** BigInt(size)) continue; // not expressible
        const problem = pointProblem(curve, toBytes(nx, size), toBytes(ny, size));
        assert.ok(problem !== undefined, `${curve} ${what} passed`);
        assert.match(problem, /not on P-|field prime/, `${curve} ${what}`);
      }
      // -y is the other point with the same x: on the curve too, so not every change is refused.
      assert.equal(pointProblem(curve, toBytes(x, size), toBytes(CURVES.find((c) => c.curve === curve)!.p - y, size)), undefined);
    }
  }
});

test("a coordinate of the wrong length is refused, even for a point on the curve (RFC 7518 §6.2.1.2-3)", () => {
  for (const { curve, size, jwks } of POINTS) {
    const x = fromB64(jwks[0]!.x), y = fromB64(jwks[0]!.y);
    const padded = (bytes: Uint8Array) => Uint8Array.of(0, ...bytes);
    assert.match(pointProblem(curve, padded(x), y)!, new RegExp(`x coordinate is ${size + 1} bytes long; ${curve} makes it ${size}`));
    assert.match(pointProblem(curve, x, padded(y))!, new RegExp(`y coordinate is ${size + 1} bytes long`));
    assert.match(pointProblem(curve, x.subarray(1), y)!, /x coordinate is \d+ bytes long/);
    assert.match(pointProblem(curve, x, new Uint8Array(0))!, /y coordinate is 0 bytes long/);
    // The coordinates of another curve's point.
    const other = POINTS.find((o) => o.curve !== curve)!.jwks[0]!;
    assert.ok(pointProblem(curve, fromB64(other.x), fromB64(other.y)) !== undefined);
  }
});

test("made-up points: zero, all ones, x = 0, coordinates at or above p", () => {
  for (const { curve, size, p, b } of CURVES) {
    const zero = new Uint8Array(size);
    assert.match(pointProblem(curve, zero, zero)!, /not on/, `${curve} (0, 0)`);
    assert.match(pointProblem(curve, new Uint8Array(size).fill(0xff), new Uint8Array(size).fill(0xff))!, /field prime/);
    assert.match(pointProblem(curve, toBytes(p, size), zero)!, /field prime/, `${curve} x = p`);
    assert.match(pointProblem(curve, zero, toBytes(p, size))!, /field prime/, `${curve} y = p`);
    // x = 0 is a point exactly when b is a square mod p (p ≡ 3 mod 4 on all three: the root is b^((p+1)/4)).
    const root = modPow(b, (p + 1n) / 4n, p);
    if ((root * root) % p === b) {
      assert.equal(pointProblem(curve, zero, toBytes(root, size)), undefined, `${curve} (0, √b) is on the curve`);
      assert.match(pointProblem(curve, zero, toBytes(root + 1n, size))!, /not on/, `${curve} (0, √b + 1)`);
    } else {
      assert.match(pointProblem(curve, zero, toBytes(root, size))!, /not on/, `${curve}: b is not a square, no point has x = 0`);
    }
  }
  // P-521's coordinates have 7 spare bits: a valid x plus p still fits, and is the same x mod p. Only the
  // range check (SEC 1 §3.2.2.1 step 2) stops it.
  const { jwks, p } = POINTS.find((c) => c.curve === "P-521")!;
  const x = toBig(fromB64(jwks[0]!.x));
  assert.match(pointProblem("P-521", toBytes(x + p, 66), fromB64(jwks[0]!.y))!, /field prime/);
});

test("checkPublicPoint throws KeyInvalid naming the key and the reason", () => {
  const zero = new Uint8Array(32);
  assert.throws(() => checkPublicPoint("P-256", zero, zero, "this test key"), (error: unknown) => {
    assertJWTError(error, "ERR_KEY_INVALID");
    assert.ok(error instanceof KeyInvalid);
    assert.match(error.message, /^this test key is not a valid public key: the point is not on P-256 \(SEC 1 §3\.2\.2\.1 step 3\)$/);
    return true;
  });
});

/** `jwk` with its y coordinate changed by one (the last byte, wrapping). */
function offCurve<T extends { y?: string }>(jwk: T): T {
  const y = fromB64(jwk.y!);
  y[y.length - 1] = (y[y.length - 1]! + 1) & 0xff;
  return { ...jwk, y: toB64(y) };
}

test("importJWK and verify refuse an off-curve or wrong-length EC JWK with ERR_KEY_INVALID", async () => {
  for (const { alg } of CURVES) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const token = await sign({ sub: "a" }, privateKey, { alg });
    assert.equal((await verify(token, publicJwk)).payload.sub, "a"); // the untouched key verifies

    const bad = offCurve(publicJwk);
    const error = await rejectsWith(importJWK(bad, alg), "ERR_KEY_INVALID");
    assert.match(error.message, /EC JWK is not a valid public key: the point is not on P-/);
    await rejectsWith(verify(token, bad), "ERR_KEY_INVALID", undefined, `${alg} verify`);
    await rejectsWith(verify(token, { ...publicJwk, x: toB64(Uint8Array.of(0, ...fromB64(publicJwk.x!))) }), "ERR_KEY_INVALID", undefined, `${alg} padded x`);
    await rejectsWith(verify(token, { ...publicJwk, y: toB64(fromB64(publicJwk.y!).subarray(1)) }), "ERR_KEY_INVALID", undefined, `${alg} short y`);

    // A private JWK carries the point too: refused before any signing.
    const privateJwk = await exportJWK(privateKey);
    await rejectsWith(sign({}, offCurve(privateJwk), { alg }), "ERR_KEY_INVALID", undefined, `${alg} sign`);
  }
});

test("a JWK Set member with an off-curve point is selected by its kid, then refused as ERR_KEY_INVALID", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k" };
  const token = await sign({}, privateKey, { alg: "ES256", kid: "k" });
  await verify(token, createLocalJWKSet({ keys: [jwk] })); // the set works with the good key
  const error = await rejectsWith(verify(token, createLocalJWKSet({ keys: [offCurve(jwk)] })), "ERR_KEY_INVALID");
  assert.match(error.message, /not on P-256/);
});

/** `bytes` with bit 0 of the byte at `index` (negative: from the end) flipped. */
function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const at = index < 0 ? copy.length + index : index;
  copy[at] = copy[at]! ^ 1;
  return copy;
}

/** A PEM block of `der`. */
const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64")}\n-----END ${label}-----\n`;

test("importPEM refuses an off-curve point in a SubjectPublicKeyInfo and in an EC PRIVATE KEY", async () => {
  for (const { curve, alg, size } of CURVES) {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
    const spki = Uint8Array.from(publicKey.export({ format: "der", type: "spki" }));
    assert.equal((await importPEM(pem("PUBLIC KEY", spki), alg)).type, "public");
    // The point is the last 1 + 2 * size bytes of the SPKI: change its last byte (y) by one.
    const error = await rejectsWith(importPEM(pem("PUBLIC KEY", flipped(spki, -1)), alg), "ERR_KEY_INVALID", undefined, `${curve} spki`);
    assert.match(error.message, new RegExp(`this ${curve} public key is not a valid public key: the point is not on ${curve}`));
    // x changed instead.
    await rejectsWith(importPEM(pem("PUBLIC KEY", flipped(spki, -1 - size)), alg), "ERR_KEY_INVALID", undefined, `${curve} spki x`);

    // SEC 1 ECPrivateKey with its optional publicKey [1]: node:crypto writes it; the point is again at the end.
    const sec1 = Uint8Array.from(privateKey.export({ format: "der", type: "sec1" }));
    assert.equal((await importPEM(pem("EC PRIVATE KEY", sec1), alg)).type, "private");
    await rejectsWith(importPEM(pem("EC PRIVATE KEY", flipped(sec1, -1)), alg), "ERR_KEY_INVALID", undefined, `${curve} sec1`);
  }
});
