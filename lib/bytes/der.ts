/**
 * A bounded reader (and a tiny writer) for DER, the Distinguished Encoding Rules of ITU-T X.690, just
 * enough for the key structures of `lib/keys/asn1-keys.ts`.
 *
 * Every element is a TLV: one tag byte, a length, then that many content bytes. The reader is strict:
 * - low tag numbers only (one tag byte); keys never use the multi-byte form;
 * - definite lengths only: 0x80 (BER's "indefinite length") is refused (X.690 §10.1);
 * - lengths in the shortest form: no long form for a length under 128, no leading zero byte (X.690 §10.1);
 * - a length never runs past the end of its container, and a container has nothing left over when closed;
 * - nesting is at most `MAX_DEPTH` deep.
 * It never reads outside the bytes it was given and never recurses on its input: `checkDer` walks with an
 * explicit stack, and `DerReader` only goes as deep as the code reading a known structure asks it to.
 * Any problem is a `KeyInvalid` naming what was being read and the byte offset; no other error escapes.
 */
import { KeyInvalid } from "../errors.js";

/** Universal tags (X.690 §8, X.680 §8.4) and the constructed bit. */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A context-specific tag `[n]`: constructed (EXPLICIT, or IMPLICIT over a SEQUENCE/SET) or primitive. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** The deepest nesting accepted; the key structures need at most 8 (a PSS hash inside an X.509 certificate). */
export const MAX_DEPTH = 12;

function hexByte(byte: number): string {
  return "0x" + byte.toString(16).padStart(2, "0");
}

/** Where one element sits: its tag, and its contents `bytes[start, end)`. */
interface Header {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Reads the tag and length at `pos`, bounded by `limit`.
 * @throws KeyInvalid (via `fail`) on anything that is not a well-formed DER header fitting before `limit`.
 */
function readHeader(bytes: Uint8Array, pos: number, limit: number, fail: (reason: string, at: number) => never): Header {
  if (pos + 2 > limit) fail(pos >= limit ? "an element was expected, the data ended" : "truncated element header", pos);
  const tag = bytes[pos]!;
  if ((tag & 0x1f) === 0x1f) fail(`multi-byte tag ${hexByte(tag)} (not used in keys)`, pos);
  const first = bytes[pos + 1]!;
  let length = first;
  let start = pos + 2;
  if (first === 0x80) fail("indefinite length (BER, not DER: X.690 §10.1)", pos + 1);
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) fail(`a length of ${count} bytes (too large)`, pos + 1);
    if (start + count > limit) fail("truncated length", pos + 1);
    if (bytes[start] === 0) fail("length with a leading zero byte (not minimal, X.690 §10.1)", pos + 1);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    if (length < 0x80) fail(`length ${length} in the long form (not minimal, X.690 §10.1)`, pos + 1);
    start += count;
  }
  if (length > limit - start) fail(`length ${length} runs past the end (${limit - start} bytes left)`, pos);
  return { tag, start, end: start + length };
}

/**
 * Checks that `bytes` is exactly one well-formed DER element, walking every constructed element inside it
 * (tag bit 0x20) with an explicit stack of container ends, so hostile nesting cannot exhaust the call stack.
 * Contents of primitive elements (INTEGER, BIT STRING...) are not looked into here.
 * @throws KeyInvalid naming `what` on the first problem.
 */
export function checkDer(bytes: Uint8Array, what: string): void {
  const fail = (reason: string, at: number): never => {
    throw new KeyInvalid(`${what} is not valid DER: ${reason} at byte ${at}`);
  };
  if (bytes.length === 0) fail("no data", 0);
  const top = readHeader(bytes, 0, bytes.length, fail);
  if (top.end !== bytes.length) fail(`${bytes.length - top.end} trailing byte(s) after the outer element`, top.end);
  if ((top.tag & 0x20) === 0) return;
  const ends: number[] = [top.end];
  let pos = top.start;
  while (ends.length > 0) {
    const limit = ends[ends.length - 1]!;
    if (pos === limit) {
      ends.pop();
      continue;
    }
    const element = readHeader(bytes, pos, limit, fail);
    if ((element.tag & 0x20) !== 0) {
      if (ends.length >= MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} deep`, pos);
      ends.push(element.end);
      pos = element.start;
    } else {
      pos = element.end;
    }
  }
}

/**
 * Reads the elements of one DER container in order. Each `read...` call takes the next element and checks
 * its tag; `enter` opens a constructed element as a new reader; `finish` checks nothing is left over.
 */
export class DerReader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  readonly #depth: number;
  readonly #what: string;
  #pos: number;

  /** A reader over the whole of `bytes`; `what` names the structure in error messages. */
  constructor(bytes: Uint8Array, what: string, start = 0, end = bytes.length, depth = 0) {
    this.#bytes = bytes;
    this.#what = what;
    this.#pos = start;
    this.#end = end;
    this.#depth = depth;
  }

  /** Throws the `KeyInvalid` for a problem at the current position. */
  fail(reason: string, at = this.#pos): never {
    throw new KeyInvalid(`${this.#what} is not valid: ${reason} at byte ${at}`);
  }

  /** Whether every element of this container has been read. */
  get done(): boolean {
    return this.#pos >= this.#end;
  }

  /** The tag of the next element, or `undefined` at the end of the container. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.#bytes[this.#pos];
  }

  /** Reads the next element, whatever its tag, and returns its tag and contents. */
  next(): { tag: number; contents: Uint8Array } {
    const header = readHeader(this.#bytes, this.#pos, this.#end, (reason, at) => this.fail(reason, at));
    this.#pos = header.end;
    return { tag: header.tag, contents: this.#bytes.subarray(header.start, header.end) };
  }

  /** Reads the header of the next element, which must have tag `tag`, and moves past the element. */
  #take(tag: number, name: string): Header {
    const found = this.peekTag();
    if (found !== tag) {
      this.fail(`expected ${name} (tag ${hexByte(tag)}), found ${found === undefined ? "the end" : `tag ${hexByte(found)}`}`);
    }
    const header = readHeader(this.#bytes, this.#pos, this.#end, (reason, at) => this.fail(reason, at));
    this.#pos = header.end;
    return header;
  }

  /** The contents of the next element, which must have tag `tag`; `name` says what it is, for messages. */
  read(tag: number, name: string): Uint8Array {
    const header = this.#take(tag, name);
    return this.#bytes.subarray(header.start, header.end);
  }

  /** A reader over the contents of the next element (a SEQUENCE, SET or constructed `[n]`), one level deeper. */
  enter(tag: number, name: string): DerReader {
    if (this.#depth >= MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} deep`);
    const header = this.#take(tag, name);
    return new DerReader(this.#bytes, this.#what, header.start, header.end, this.#depth + 1);
  }

  /** Checks that the container has no element left (X.690: nothing may follow the last field). */
  finish(name: string): void {
    if (!this.done) this.fail(`unexpected data after the last field of ${name}`);
  }

  /** A non-negative INTEGER (X.690 §8.3), minimally encoded, as big-endian bytes without a sign byte. */
  unsignedInteger(name: string): Uint8Array {
    const at = this.#pos;
    const bytes = this.read(TAG.INTEGER, name);
    if (bytes.length === 0) this.fail(`${name} is an empty INTEGER`, at);
    if (bytes.length > 1 && ((bytes[0] === 0 && bytes[1]! < 0x80) || (bytes[0] === 0xff && bytes[1]! >= 0x80))) {
      this.fail(`${name} is not minimally encoded (X.690 §8.3.2)`, at);
    }
    if (bytes[0]! >= 0x80) this.fail(`${name} is negative`, at);
    return bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes;
  }

  /** A small non-negative INTEGER such as a version number (at most 2^31 - 1). */
  smallInteger(name: string): number {
    const at = this.#pos;
    const bytes = this.unsignedInteger(name);
    if (bytes.length > 4 || (bytes.length === 4 && bytes[0]! >= 0x80)) this.fail(`${name} is too large`, at);
    let value = 0;
    for (const byte of bytes) value = value * 256 + byte;
    return value;
  }

  /** An OBJECT IDENTIFIER (X.690 §8.19) in dotted form, such as "1.2.840.113549.1.1.1". */
  oid(name: string): string {
    const at = this.#pos;
    const bytes = this.read(TAG.OID, name);
    if (bytes.length === 0) this.fail(`${name} is an empty OBJECT IDENTIFIER`, at);
    const arcs: number[] = [];
    let value = 0;
    let fresh = true;
    for (const byte of bytes) {
      if (fresh && byte === 0x80) this.fail(`${name} has an arc with a leading 0x80 (not minimal, X.690 §8.19.2)`, at);
      if (value > 2 ** 40) this.fail(`${name} has an arc too large`, at);
      value = value * 128 + (byte & 0x7f);
      fresh = (byte & 0x80) === 0;
      if (fresh) {
        arcs.push(value);
        value = 0;
      }
    }
    if (!fresh) this.fail(`${name} ends inside an arc`, at);
    const first = arcs[0]!; // X.690 §8.19.4: the first two arcs share one subidentifier
    const top = first < 40 ? 0 : first < 80 ? 1 : 2;
    return [top, first - 40 * top, ...arcs.slice(1)].join(".");
  }

  /** The bits of a BIT STRING (X.690 §8.6) whose length is a whole number of bytes, as keys always are. */
  bitString(name: string): Uint8Array {
    const at = this.#pos;
    const bytes = this.read(TAG.BIT_STRING, name);
    if (bytes.length === 0) this.fail(`${name} is an empty BIT STRING (no unused-bits byte)`, at);
    if (bytes[0] !== 0) this.fail(`${name} has ${bytes[0]} unused bits; a key is a whole number of bytes`, at);
    return bytes.subarray(1);
  }

  /** The contents of an OCTET STRING (X.690 §8.7). */
  octetString(name: string): Uint8Array {
    return this.read(TAG.OCTET_STRING, name);
  }

  /** A NULL (X.690 §8.8): no contents. */
  null(name: string): void {
    const at = this.#pos;
    if (this.read(TAG.NULL, name).length !== 0) this.fail(`${name} is a NULL with contents`, at);
  }
}

/** Encodes one DER element: `tag`, the minimal length (X.690 §10.1), then the concatenated `parts`. */
export function encodeDer(tag: number, ...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const lengthBytes: number[] = [];
  if (length < 0x80) {
    lengthBytes.push(length);
  } else {
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(1 + lengthBytes.length + length);
  out[0] = tag;
  out.set(lengthBytes, 1);
  let offset = 1 + lengthBytes.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The DER of an OBJECT IDENTIFIER given in dotted form (X.690 §8.19); for the few constants keycard writes. */
export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const values = [40 * arcs[0]! + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const value of values) {
    const group: number[] = [value % 128];
    for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) group.unshift(0x80 | (rest % 128));
    out.push(...group);
  }
  return encodeDer(TAG.OID, Uint8Array.from(out));
}
