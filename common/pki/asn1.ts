/**
 * A small Buffer-based ASN.1 reader and DER writer.
 *
 * Why not node-forge's asn1 for reading: signatures cover exact byte ranges (tbsCertificate,
 * signedAttrs, embedded certificates), and forge's tree keeps no offsets, works on binary
 * strings and re-encodes (normalising integers, guessing at BIT STRING contents). This reader
 * is lazy, keeps offsets into the original buffer and never copies. BER indefinite lengths are
 * accepted only when asked for (CMS from other producers), never for certificates.
 */

export class Asn1Error extends Error {
  override name = 'Asn1Error';
}

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

const MAX_DEPTH = 64;

/** One TLV, located in `buf`. `tag` is the identifier octet (single-octet tags only). */
export interface Tlv {
  readonly buf: Buffer;
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  /** End of the content (before the end-of-contents octets of an indefinite length). */
  readonly contentEnd: number;
  readonly end: number;
  readonly indefinite: boolean;
  readonly depth: number;
}

export interface ReadOptions {
  /** Accept BER indefinite lengths (default false). */
  ber?: boolean;
}

export function isConstructed(t: Tlv): boolean {
  return (t.tag & 0x20) !== 0;
}

/** Context-specific tag number of `t`, or -1. */
export function contextNumber(t: Tlv): number {
  return (t.tag & 0xc0) === 0x80 ? t.tag & 0x1f : -1;
}

export function readTlv(buf: Buffer, offset: number, limit: number, opts: ReadOptions = {}, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new Asn1Error('nesting too deep');
  if (offset + 2 > limit) throw new Asn1Error('truncated header');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('multi-octet tags are not supported');
  let p = offset + 1;
  const first = buf[p++]!;
  let len: number;
  if (first < 0x80) {
    len = first;
  } else if (first === 0x80) {
    if (!opts.ber) throw new Asn1Error('indefinite length in DER');
    if ((tag & 0x20) === 0) throw new Asn1Error('indefinite length on a primitive');
    // Walk children until the end-of-contents octets.
    let q = p;
    for (;;) {
      if (q + 2 > limit) throw new Asn1Error('missing end-of-contents');
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      q = readTlv(buf, q, limit, opts, depth + 1).end;
    }
    return { buf, tag, start: offset, contentStart: p, contentEnd: q, end: q + 2, indefinite: true, depth };
  } else {
    const n = first & 0x7f;
    if (n > 4) throw new Asn1Error('length too large');
    if (p + n > limit) throw new Asn1Error('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  if (p + len > limit) throw new Asn1Error('truncated value');
  return { buf, tag, start: offset, contentStart: p, contentEnd: p + len, end: p + len, indefinite: false, depth };
}

/** Parses one element that must span the whole buffer. */
export function parse(buf: Buffer, opts: ReadOptions = {}): Tlv {
  const t = readTlv(buf, 0, buf.length, opts);
  if (t.end !== buf.length) throw new Asn1Error('trailing bytes after the structure');
  return t;
}

export function children(t: Tlv, opts: ReadOptions = {}): Tlv[] {
  if (!isConstructed(t)) throw new Asn1Error('expected a constructed element');
  const out: Tlv[] = [];
  let p = t.contentStart;
  while (p < t.contentEnd) {
    const c = readTlv(t.buf, p, t.contentEnd, opts, t.depth + 1);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function content(t: Tlv): Buffer {
  return t.buf.subarray(t.contentStart, t.contentEnd);
}

/** The element's full encoding (header + content) as it appears in the input. */
export function raw(t: Tlv): Buffer {
  return t.buf.subarray(t.start, t.end);
}

export function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t) throw new Asn1Error(`missing ${what}`);
  if (t.tag !== tag) throw new Asn1Error(`${what}: expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)}`);
  return t;
}

/** Children of a SEQUENCE (or SET) with the given tag. */
export function seq(t: Tlv | undefined, what: string, opts: ReadOptions = {}, tag: number = Tag.SEQUENCE): Tlv[] {
  return children(expect(t, tag, what), opts);
}

/** Content octets of an OCTET STRING, joining BER constructed segments when needed. */
export function octets(t: Tlv, opts: ReadOptions = {}): Buffer {
  if (t.tag === Tag.OCTET_STRING) return content(t);
  if (t.tag === (Tag.OCTET_STRING | 0x20) && opts.ber) {
    return Buffer.concat(children(t, opts).map((c) => octets(c, opts)));
  }
  throw new Asn1Error('expected an OCTET STRING');
}

/** Decoded OIDs by their content octets: a certificate repeats the same few dozen (bounded, valid ones only). */
const knownOids = new Map<string, string>();
const KNOWN_OIDS_MAX = 1024;

export function oid(t: Tlv | undefined, what = 'OBJECT IDENTIFIER'): string {
  const c = content(expect(t, Tag.OID, what));
  const key = c.toString('latin1');
  const known = knownOids.get(key);
  if (known !== undefined) return known;
  const dotted = decodeOid(c);
  if (knownOids.size < KNOWN_OIDS_MAX) knownOids.set(key, dotted);
  return dotted;
}

function decodeOid(c: Buffer): string {
  if (c.length === 0 || (c[c.length - 1]! & 0x80) !== 0) throw new Asn1Error('bad OID');
  const parts: (number | bigint)[] = [];
  let v = 0;
  // Arcs past 2^53 (2.25.<UUID> OIDs carry 128-bit arcs) continue as a bigint, bounded to 160 bits.
  let big: bigint | null = null;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (v === 0 && big === null && b === 0x80) throw new Asn1Error('bad OID');
    if (big !== null) {
      big = big * 128n + BigInt(b & 0x7f);
      if (big >> 160n) throw new Asn1Error('OID arc too large');
    } else {
      v = v * 128 + (b & 0x7f);
      if (v > Number.MAX_SAFE_INTEGER / 256) big = BigInt(v);
    }
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = big !== null || v >= 80 ? 2 : v < 40 ? 0 : 1;
        parts.push(first, big !== null ? big - 80n : v - first * 40);
      } else parts.push(big ?? v);
      v = 0;
      big = null;
    }
  }
  return parts.join('.');
}

/** INTEGER content as unsigned big-endian hex (lowercase, no sign octet). */
export function integerHex(t: Tlv | undefined, what = 'INTEGER'): string {
  const c = content(expect(t, Tag.INTEGER, what));
  if (c.length === 0) throw new Asn1Error('empty INTEGER');
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return c.subarray(i).toString('hex');
}

export function integerNumber(t: Tlv | undefined, what = 'INTEGER'): number {
  const h = integerHex(t, what);
  if (h.length > 12) throw new Asn1Error(`${what} too large`);
  return parseInt(h, 16);
}

export function bool(t: Tlv): boolean {
  const c = content(expect(t, Tag.BOOLEAN, 'BOOLEAN'));
  if (c.length !== 1) throw new Asn1Error('bad BOOLEAN');
  return c[0] !== 0;
}

/** BIT STRING: the unused-bits count and the data octets. */
export function bitString(t: Tlv | undefined, what = 'BIT STRING'): { unused: number; data: Buffer } {
  const c = content(expect(t, Tag.BIT_STRING, what));
  if (c.length === 0 || c[0]! > 7 || (c.length === 1 && c[0] !== 0)) throw new Asn1Error('bad BIT STRING');
  return { unused: c[0]!, data: c.subarray(1) };
}

export function time(t: Tlv | undefined, what = 'time'): Date {
  if (!t) throw new Asn1Error(`missing ${what}`);
  const s = content(t).toString('latin1');
  let m: RegExpMatchArray | null;
  let year: number;
  let rest: string[];
  if (t.tag === Tag.UTC_TIME) {
    m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s);
    if (!m) throw new Asn1Error(`bad UTCTime in ${what}`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = m.slice(2);
  } else if (t.tag === Tag.GENERALIZED_TIME) {
    m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(s);
    if (!m) throw new Asn1Error(`bad GeneralizedTime in ${what}`);
    year = Number(m[1]);
    rest = m.slice(2);
  } else throw new Asn1Error(`${what}: not a time`);
  const [mo, d, h, mi, sec] = rest.map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, sec));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || sec > 60) {
    throw new Asn1Error(`bad date in ${what}`);
  }
  return date;
}

/** Decodes the string types certificate names use. Unknown string types come back as latin1. */
export function string(t: Tlv): string {
  const c = content(t);
  switch (t.tag) {
    case Tag.UTF8_STRING:
      return c.toString('utf8');
    case Tag.BMP_STRING: {
      if (c.length % 2 !== 0) throw new Asn1Error('bad BMPString');
      const sw = Buffer.from(c);
      sw.swap16();
      return sw.toString('utf16le');
    }
    case Tag.UNIVERSAL_STRING: {
      if (c.length % 4 !== 0) throw new Asn1Error('bad UniversalString');
      let s = '';
      for (let i = 0; i < c.length; i += 4) {
        const cp = c.readUInt32BE(i);
        if (cp > 0x10ffff) throw new Asn1Error('bad UniversalString');
        s += String.fromCodePoint(cp);
      }
      return s;
    }
    default:
      return c.toString('latin1');
  }
}

// ---------------------------------------------------------------- writer

function lengthOctets(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

export const der = {
  seq: (...items: Buffer[]): Buffer => tlv(Tag.SEQUENCE, ...items),
  /** SET OF: DER orders the elements by their encodings. */
  setOf: (...items: Buffer[]): Buffer => tlv(Tag.SET, ...[...items].sort(Buffer.compare)),
  explicit: (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, ...items),
  implicitPrimitive: (n: number, value: Buffer): Buffer => tlv(0x80 | n, value),
  /** [n] IMPLICIT on a constructed type: its children under a constructed context tag. */
  implicitConstructed: (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, ...items),
  bool: (v: boolean): Buffer => tlv(Tag.BOOLEAN, Buffer.from([v ? 0xff : 0])),
  enumerated: (v: number): Buffer => tlv(Tag.ENUMERATED, Buffer.from([v])),
  ia5: (s: string): Buffer => tlv(Tag.IA5_STRING, Buffer.from(s, 'latin1')),
  octetString: (b: Buffer): Buffer => tlv(Tag.OCTET_STRING, b),
  bitString: (b: Buffer, unused = 0): Buffer => tlv(Tag.BIT_STRING, Buffer.from([unused]), b),
  null: (): Buffer => Buffer.from([Tag.NULL, 0]),
  utf8: (s: string): Buffer => tlv(Tag.UTF8_STRING, Buffer.from(s, 'utf8')),
  printable: (s: string): Buffer => {
    if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) throw new Asn1Error('not a PrintableString');
    return tlv(Tag.PRINTABLE_STRING, Buffer.from(s, 'latin1'));
  },
  bmp: (s: string): Buffer => {
    const b = Buffer.from(s, 'utf16le');
    b.swap16();
    return tlv(Tag.BMP_STRING, b);
  },
  /** INTEGER from an unsigned big-endian magnitude or a non-negative number. */
  int: (v: Buffer | number): Buffer => {
    let b: Buffer;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) throw new Asn1Error('bad integer');
      const h = v.toString(16);
      b = Buffer.from(h.length % 2 ? '0' + h : h, 'hex');
    } else b = v;
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    if (b.length === 0) b = Buffer.from([0]);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return tlv(Tag.INTEGER, b);
  },
  oid: (dotted: string): Buffer => tlv(Tag.OID, encodeOid(dotted)),
  utcTime: (d: Date): Buffer => {
    const y = d.getUTCFullYear();
    if (y < 1950 || y > 2049) return der.generalizedTime(d);
    return tlv(Tag.UTC_TIME, Buffer.from(timeDigits(d).slice(2) + 'Z', 'latin1'));
  },
  generalizedTime: (d: Date): Buffer => tlv(Tag.GENERALIZED_TIME, Buffer.from(timeDigits(d) + 'Z', 'latin1')),
};

function timeDigits(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return p(d.getUTCFullYear(), 4) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes()) + p(d.getUTCSeconds());
}

/** OID arcs may exceed 2^53 (2.25.<UUID> puts 128 bits in one arc): they are encoded as BigInt. */
export function encodeOid(dotted: string): Buffer {
  if (!/^[0-2](\.\d+)+$/.test(dotted)) throw new Asn1Error(`bad OID ${dotted}`);
  const arcs = dotted.split('.').map((x) => BigInt(x));
  if (arcs[0]! < 2n && arcs[1]! > 39n) throw new Asn1Error(`bad OID ${dotted}`);
  const values = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const v of values) {
    const bytes = [Number(v & 0x7fn)];
    for (let n = v >> 7n; n > 0n; n >>= 7n) bytes.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------- input forms

/**
 * Accepts DER, PEM (any label) or base64 / base64url text of DER and returns DER bytes.
 * Binary input that starts like a DER SEQUENCE is returned unchanged.
 */
export function toDer(input: Buffer | string): Buffer {
  if (Buffer.isBuffer(input) && input.length > 0 && input[0] === Tag.SEQUENCE) return input;
  const text = (Buffer.isBuffer(input) ? input.toString('latin1') : input).trim();
  const pem = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(text);
  const body = (pem ? pem[1]! : text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body) || body.length === 0) return Buffer.isBuffer(input) ? input : Buffer.alloc(0);
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
