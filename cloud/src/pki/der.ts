/**
 * DER writer for what the CA emits (certificates, CRLs, OCSP responses). Like
 * main/npki/asn1.ts's writer, but OID arcs are BigInt: our policy OID lives under 2.25 (a UUID
 * as one 128-bit arc). Reading goes through main/npki/asn1.ts.
 */
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

export function encodeOid(dotted: string): Buffer {
  if (!/^[0-2](\.\d+)+$/.test(dotted)) throw new Error(`bad OID ${dotted}`);
  const arcs = dotted.split('.').map((x) => BigInt(x));
  const values = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const v of values) {
    const bytes = [Number(v & 0x7fn)];
    let n = v >> 7n;
    while (n > 0n) {
      bytes.unshift(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    out.push(...bytes);
  }
  return Buffer.from(out);
}

function timeDigits(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    p(d.getUTCFullYear(), 4) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds())
  );
}

export const der = {
  seq: (...items: Buffer[]): Buffer => tlv(0x30, ...items),
  set: (...items: Buffer[]): Buffer => tlv(0x31, ...[...items].sort(Buffer.compare)),
  explicit: (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, ...items),
  /** [n] IMPLICIT on a primitive: the content octets under a context tag. */
  implicit: (n: number, content: Buffer): Buffer => tlv(0x80 | n, content),
  /** [n] IMPLICIT on a constructed type (its children as content). */
  implicitConstructed: (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, ...items),
  bool: (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0])),
  int: (v: Buffer | number): Buffer => {
    let b: Buffer;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) throw new Error('bad integer');
      const h = v.toString(16);
      b = Buffer.from(h.length % 2 ? '0' + h : h, 'hex');
    } else b = v;
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    if (b.length === 0) b = Buffer.from([0]);
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return tlv(0x02, b);
  },
  enumerated: (v: number): Buffer => tlv(0x0a, Buffer.from([v])),
  bitString: (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.from([unused]), b),
  octetString: (b: Buffer): Buffer => tlv(0x04, b),
  null: (): Buffer => Buffer.from([0x05, 0]),
  oid: (dotted: string): Buffer => tlv(0x06, encodeOid(dotted)),
  utf8: (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8')),
  printable: (s: string): Buffer => {
    if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) throw new Error('not a PrintableString');
    return tlv(0x13, Buffer.from(s, 'latin1'));
  },
  ia5: (s: string): Buffer => tlv(0x16, Buffer.from(s, 'latin1')),
  bmp: (s: string): Buffer => {
    const b = Buffer.from(s, 'utf16le');
    b.swap16();
    return tlv(0x1e, b);
  },
  /** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
  time: (d: Date): Buffer => {
    const y = d.getUTCFullYear();
    if (y >= 1950 && y <= 2049) return tlv(0x17, Buffer.from(timeDigits(d).slice(2) + 'Z', 'latin1'));
    return der.generalizedTime(d);
  },
  generalizedTime: (d: Date): Buffer => tlv(0x18, Buffer.from(timeDigits(d) + 'Z', 'latin1')),
};
