/**
 * Test-only: a small PKI made in-process. RSA-2048 keys from node:crypto; certificates built with
 * node-forge and signed with node:crypto; CRLs and OCSP responses encoded with the DER writer
 * (forge has neither), which the tests check against `openssl crl` / `openssl ocsp`. A local
 * HTTP server on 127.0.0.1 plays OCSP responder and CRL distribution point.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { Tag, children, content, der, integerHex, octets, oid, parse, raw, seq, tlv } from '../../common/pki/asn1.js';
import { readCertificate } from '../../common/pki/certificate.js';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const keyPool: KeyPair[] = [];
/** RSA-2048 keys, made once per process and handed out by index (key generation is the slow part). */
export function rsaKey(i: number): KeyPair {
  while (keyPool.length <= i) keyPool.push(generateKeyPairSync('rsa', { modulusLength: 2048 }));
  return keyPool[i]!;
}

export interface Issued {
  der: Buffer;
  pem: string;
  key: KeyPair;
  name: { shortName: string; value: string; valueTagClass?: number }[];
}

export interface CertSpec {
  cn: string;
  o?: string;
  key: KeyPair;
  /** Self-signed when absent. */
  issuer?: Issued;
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  /** keyUsage bits to set; default: CA → keyCertSign+cRLSign, else digitalSignature+nonRepudiation. */
  keyUsage?: ('digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign')[];
  eku?: string[];
  policyOid?: string;
  ocspUrl?: string;
  crlUrls?: string[];
  identify?: { realName: string; vid: Buffer; hashOid?: string };
  /** Sign with this key instead of the issuer's (makes a bad signature). */
  signWith?: KeyObject;
}

const DAY = 86400_000;
const a = forge.asn1;

function bin(b: Buffer): string {
  return b.toString('binary');
}

function extValue(id: string, value: Buffer, critical = false) {
  return { id, critical, value: bin(value) };
}

function keyUsageDer(bits: NonNullable<CertSpec['keyUsage']>): Buffer {
  const order = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];
  let v = 0;
  for (const b of bits) v |= 0x80 >> order.indexOf(b);
  const last = order.reduce((m, n, i) => (bits.includes(n as never) ? i : m), 0);
  return der.bitString(Buffer.from([v]), 7 - last);
}

function spkiKeyId(pub: KeyObject): Buffer {
  const spki = pub.export({ type: 'spki', format: 'der' });
  const [, bits] = children(parse(spki));
  return createHash('sha1').update(content(bits!).subarray(1)).digest();
}

export function makeCert(s: CertSpec): Issued {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(s.key.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber =
    s.serial ??
    '0' +
      createHash('sha1')
        .update(s.cn + Math.random())
        .digest('hex')
        .slice(0, 15);
  const nb = s.notBefore ?? new Date(Date.now() - 30 * DAY);
  cert.validity.notBefore = nb;
  cert.validity.notAfter = s.notAfter ?? new Date(nb.getTime() + 365 * DAY);
  const name = [
    { shortName: 'C', value: 'KR' },
    { shortName: 'O', value: s.o ?? 'Dojang Test' },
    { shortName: 'CN', value: s.cn, valueTagClass: forge.asn1.Type.UTF8 as number },
  ];
  cert.setSubject(name as never);
  cert.setIssuer((s.issuer?.name ?? name) as never);
  const issuerKey = s.issuer?.key ?? s.key;
  const exts: { id: string; critical: boolean; value: string }[] = [
    extValue('2.5.29.14', der.octetString(spkiKeyId(s.key.publicKey))),
    extValue('2.5.29.35', der.seq(der.implicitPrimitive(0, spkiKeyId(issuerKey.publicKey)))),
    extValue('2.5.29.15', keyUsageDer(s.keyUsage ?? (s.ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature', 'nonRepudiation'])), true),
  ];
  if (s.ca) exts.push(extValue('2.5.29.19', der.seq(tlv(Tag.BOOLEAN, Buffer.from([0xff]))), true));
  if (s.eku) exts.push(extValue('2.5.29.37', der.seq(...s.eku.map((e) => der.oid(e)))));
  if (s.policyOid) exts.push(extValue('2.5.29.32', der.seq(der.seq(der.oid(s.policyOid)))));
  if (s.ocspUrl) {
    exts.push(extValue('1.3.6.1.5.5.7.1.1', der.seq(der.seq(der.oid('1.3.6.1.5.5.7.48.1'), tlv(0x86, Buffer.from(s.ocspUrl))))));
  }
  if (s.crlUrls) {
    exts.push(extValue('2.5.29.31', der.seq(...s.crlUrls.map((u) => der.seq(der.explicit(0, der.explicit(0, tlv(0x86, Buffer.from(u)))))))));
  }
  if (s.identify) {
    const vid = der.seq(
      der.oid('1.2.410.200004.10.1.1.1'),
      der.seq(der.seq(der.oid(s.identify.hashOid ?? '2.16.840.1.101.3.4.2.1')), der.explicit(0, der.octetString(s.identify.vid))),
    );
    const identifyData = der.seq(der.utf8(s.identify.realName), der.seq(vid));
    exts.push(extValue('2.5.29.17', der.seq(der.explicit(0, der.oid('1.2.410.200004.10.1.1'), der.explicit(0, identifyData)))));
  }
  cert.setExtensions(exts as never);
  cert.siginfo.algorithmOid = forge.pki.oids['sha256WithRSAEncryption']!;
  cert.signatureOid = cert.siginfo.algorithmOid;
  // getTBSCertificate exists in node-forge but is missing from its type definitions
  const pki = forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  const tbs = Buffer.from(a.toDer(pki.getTBSCertificate(cert)).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, s.signWith ?? issuerKey.privateKey).toString('binary');
  const d = Buffer.from(a.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { der: d, pem: forge.pki.certificateToPem(cert), key: s.key, name };
}

export function pem(label: string, d: Buffer): string {
  return `-----BEGIN ${label}-----\n${d
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;
}

const SHA256_RSA = der.seq(der.oid('1.2.840.113549.1.1.11'), der.null());

function signed(tbs: Buffer, key: KeyObject): Buffer {
  return der.seq(tbs, SHA256_RSA, der.bitString(sign('sha256', tbs, key)));
}

function subjectOf(c: Issued): Buffer {
  return Buffer.from(readCertificate(c.der).subject.der);
}

export interface CrlSpec {
  issuer: Issued;
  thisUpdate: Date;
  nextUpdate?: Date | null;
  revoked?: { serialHex: string; date: Date; reason?: number }[];
  /** issuingDistributionPoint fullName URI. */
  idpUri?: string;
  signWith?: KeyObject;
}

export function makeCrl(s: CrlSpec): Buffer {
  const entries = (s.revoked ?? []).map((r) =>
    der.seq(
      der.int(Buffer.from(r.serialHex.padStart(r.serialHex.length + (r.serialHex.length % 2), '0'), 'hex')),
      der.utcTime(r.date),
      ...(r.reason !== undefined ? [der.seq(der.seq(der.oid('2.5.29.21'), der.octetString(tlv(0x0a, Buffer.from([r.reason])))))] : []),
    ),
  );
  const exts = [der.seq(der.oid('2.5.29.20'), der.octetString(der.int(1)))];
  if (s.idpUri) {
    exts.push(der.seq(der.oid('2.5.29.28'), tlv(Tag.BOOLEAN, Buffer.from([0xff])), der.octetString(der.seq(der.explicit(0, der.explicit(0, tlv(0x86, Buffer.from(s.idpUri))))))));
  }
  const tbs = der.seq(
    der.int(1),
    SHA256_RSA,
    subjectOf(s.issuer),
    der.utcTime(s.thisUpdate),
    ...(s.nextUpdate === null ? [] : [der.utcTime(s.nextUpdate ?? new Date(s.thisUpdate.getTime() + 7 * DAY))]),
    ...(entries.length ? [der.seq(...entries)] : []),
    der.explicit(0, der.seq(...exts)),
  );
  return signed(tbs, s.signWith ?? s.issuer.key.privateKey);
}

/** What the test responder needs from a request: the serials asked about and the nonce. */
export function readOcspRequest(body: Buffer): { serials: string[]; nonce: Buffer | null } {
  const [tbs] = seq(parse(body), 'OCSPRequest');
  const f = seq(tbs, 'TBSRequest');
  const list = f.find((t) => t.tag === Tag.SEQUENCE)!;
  const serials = children(list).map((req) => integerHex(seq(seq(req, 'Request')[0], 'CertID')[3]));
  let nonce: Buffer | null = null;
  const extWrap = f.find((t) => t.tag === 0xa2);
  if (extWrap) {
    for (const e of seq(children(extWrap)[0], 'Extensions')) {
      const p = seq(e, 'Extension');
      if (oid(p[0]) === '1.3.6.1.5.5.7.48.1.2') nonce = Buffer.from(octets(parse(octets(p.at(-1)!))));
    }
  }
  return { serials, nonce };
}

export interface OcspAnswer {
  cert: Issued;
  issuer: Issued;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: number;
  thisUpdate: Date;
  nextUpdate?: Date | null;
}

export interface OcspSpec {
  signer: Issued;
  byKey?: boolean;
  certs?: Buffer[];
  answers: OcspAnswer[];
  nonce?: Buffer | null;
  producedAt?: Date;
  signWith?: KeyObject;
}

function certId(c: Issued, issuer: Issued): Buffer {
  const cp = readCertificate(c.der);
  const ip = readCertificate(issuer.der);
  const [, bits] = children(parse(ip.spki));
  return der.seq(
    der.seq(der.oid('1.3.14.3.2.26'), der.null()),
    der.octetString(createHash('sha1').update(cp.issuer.der).digest()),
    der.octetString(createHash('sha1').update(content(bits!).subarray(1)).digest()),
    tlv(Tag.INTEGER, cp.serialDer),
  );
}

export function makeOcspResponse(s: OcspSpec): Buffer {
  const gt = (d: Date) => der.generalizedTime(d);
  const singles = s.answers.map((ans) => {
    const status =
      ans.status === 'good'
        ? tlv(0x80, Buffer.alloc(0))
        : ans.status === 'unknown'
          ? tlv(0x82, Buffer.alloc(0))
          : tlv(0xa1, gt(ans.revokedAt ?? ans.thisUpdate), ...(ans.reason !== undefined ? [der.explicit(0, tlv(0x0a, Buffer.from([ans.reason])))] : []));
    return der.seq(
      certId(ans.cert, ans.issuer),
      status,
      gt(ans.thisUpdate),
      ...(ans.nextUpdate === null ? [] : [der.explicit(0, gt(ans.nextUpdate ?? new Date(ans.thisUpdate.getTime() + DAY)))]),
    );
  });
  const sp = readCertificate(s.signer.der);
  const [, bits] = children(parse(sp.spki));
  const responderId = s.byKey ? tlv(0xa2, der.octetString(createHash('sha1').update(content(bits!).subarray(1)).digest())) : tlv(0xa1, Buffer.from(sp.subject.der));
  const exts = s.nonce ? [tlv(0xa1, der.seq(der.seq(der.oid('1.3.6.1.5.5.7.48.1.2'), der.octetString(der.octetString(s.nonce)))))] : [];
  const tbs = der.seq(responderId, gt(s.producedAt ?? new Date()), der.seq(...singles), ...exts);
  const sig = sign('sha256', tbs, s.signWith ?? s.signer.key.privateKey);
  const basic = der.seq(tbs, SHA256_RSA, der.bitString(sig), ...(s.certs?.length ? [der.explicit(0, der.seq(...s.certs))] : []));
  return der.seq(tlv(0x0a, Buffer.from([0])), der.explicit(0, der.seq(der.oid('1.3.6.1.5.5.7.48.1.1'), der.octetString(basic))));
}

export function ocspError(code: number): Buffer {
  return der.seq(tlv(0x0a, Buffer.from([code])));
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** A 127.0.0.1 HTTP server; `handler` answers each request (or never, to test timeouts). */
export async function startServer(handler: (req: { method: string; path: string; body: Buffer }, res: http.ServerResponse) => void): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler({ method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks) }, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function send(res: http.ServerResponse, type: string, body: Buffer): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
}

/** A three-level PKI like NPKI's: root → CA → user, with a responder URL and a CRL URL on the user certificate. */
export interface TestPki {
  root: Issued;
  ca: Issued;
  leaf: Issued;
}

export function makePki(
  opts: { ocspUrl?: string; crlUrls?: string[]; leafSerial?: string; leafKey?: number; leafNotAfter?: Date; identify?: CertSpec['identify']; policyOid?: string } = {},
): TestPki {
  const root = makeCert({
    cn: 'Dojang Test Root',
    key: rsaKey(0),
    ca: true,
    serial: '01',
    notBefore: new Date(Date.now() - 400 * DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
  });
  const ca = makeCert({
    cn: 'Dojang Test CA',
    key: rsaKey(1),
    issuer: root,
    ca: true,
    serial: '02',
    notBefore: new Date(Date.now() - 300 * DAY),
    notAfter: new Date(Date.now() + 1800 * DAY),
  });
  const leaf = makeCert({
    cn: '홍길동()0001234567890123',
    key: rsaKey(opts.leafKey ?? 2),
    issuer: ca,
    serial: opts.leafSerial ?? '1001',
    notAfter: opts.leafNotAfter,
    policyOid: opts.policyOid ?? '1.2.410.200005.1.1.1',
    ocspUrl: opts.ocspUrl,
    crlUrls: opts.crlUrls,
    identify: opts.identify,
  });
  return { root, ca, leaf };
}

/** Rebuilds a CMS SignedData with other certificates and/or an unsigned randomNum attribute on the first signer. */
export function reshapeCms(cms: Buffer, o: { certificates?: Buffer[]; randomNum?: Buffer }): Buffer {
  const [typeT, wrapT] = seq(parse(cms), 'ContentInfo');
  const fields = seq(children(wrapT!)[0], 'SignedData');
  const out: Buffer[] = [];
  for (const f of fields) {
    if (f.tag === 0xa0 && o.certificates) out.push(tlv(0xa0, ...o.certificates));
    else if (f.tag === Tag.SET && f === fields.at(-1) && o.randomNum) {
      const [first, ...others] = children(f);
      const si = der.seq(...children(first!).map((c) => Buffer.from(raw(c))), tlv(0xa1, der.seq(der.oid('1.2.410.200004.10.1.1.3'), der.setOf(der.bitString(o.randomNum)))));
      out.push(der.setOf(si, ...others.map((c) => Buffer.from(raw(c)))));
    } else out.push(Buffer.from(raw(f)));
  }
  return der.seq(Buffer.from(raw(typeT!)), der.explicit(0, der.seq(...out)));
}
