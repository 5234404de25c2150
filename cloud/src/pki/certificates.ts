/**
 * X.509 certificates the CA issues, written field by field in DER and signed with node:crypto
 * (sha256WithRSAEncryption). The user certificate follows the 금융인증서 shape (SPEC §1.3, §2):
 * RSA-2048, 3 years, keyUsage digitalSignature+nonRepudiation, our policy OID (critical, as the
 * Korean CAs mark it), subjectAltName identifyData with a SHA-256 VID, CRL distribution point
 * and OCSP / caIssuers URLs of this service.
 */
import { createHash, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { der, bitString, children, parse } from '../../../common/pki/asn1.js';
import type { Signer } from '../keys/key-service.js';
import { OID, POLICY_OID } from './oids.js';

export interface RsaKeyPair {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo, DER. */
  spki: Buffer;
}

export function generateRsaKeyPair(bits = 2048): Promise<RsaKeyPair> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (err, publicKey, privateKey) => {
      if (err) return reject(err);
      resolve({ privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) });
    }),
  );
}

/** The subjectPublicKey BIT STRING contents (what key identifiers and OCSP key hashes cover). */
export function publicKeyBits(spki: Buffer): Buffer {
  const [, keyT] = children(parse(spki));
  return Buffer.from(bitString(keyT).data);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Buffer): Buffer {
  return createHash('sha1').update(publicKeyBits(spki)).digest();
}

export type NameAttr = ['C' | 'O' | 'OU' | 'CN', string];

const NAME_OID = { C: OID.countryName, O: OID.organizationName, OU: OID.organizationalUnitName, CN: OID.commonName };

export function encodeName(attrs: readonly NameAttr[]): Buffer {
  return der.seq(...attrs.map(([k, v]) => der.setOf(der.seq(der.oid(NAME_OID[k]), k === 'C' ? der.printable(v) : der.utf8(v)))));
}

export const SHA256_WITH_RSA = der.seq(der.oid(OID.sha256WithRSAEncryption), der.null());

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.seq(der.oid(oid), ...(critical ? [der.bool(true)] : []), der.octetString(value));
}

/** keyUsage bits → BIT STRING with trailing zero bits dropped (DER). */
function keyUsage(bits: number[]): Buffer {
  let v = 0;
  for (const b of bits) v |= 0x80 >> b;
  const unused = v === 0 ? 0 : Math.min(7, 31 - Math.clz32(v & -v));
  return der.bitString(Buffer.from([v]), unused);
}

export const KU = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

export function randomSerial(random: Buffer): Buffer {
  // 16 bytes, positive, fixed length: a random 126-bit serial.
  const s = Buffer.from(random.subarray(0, 16));
  s[0] = (s[0]! & 0x3f) | 0x40;
  return s;
}

export interface TbsInput {
  serial: Buffer;
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  extensions: Buffer[];
}

function tbsCertificate(t: TbsInput): Buffer {
  return der.seq(
    der.explicit(0, der.int(2)),
    der.int(t.serial),
    SHA256_WITH_RSA,
    t.issuer,
    der.seq(der.utcTime(t.notBefore), der.utcTime(t.notAfter)),
    t.subject,
    t.spki,
    der.explicit(3, der.seq(...t.extensions)),
  );
}

/** sha256WithRSAEncryption over `data`, on the thread pool. */
export function rsaSign(key: KeyObject, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => sign('sha256', data, key, (err, sig) => (err ? reject(err) : resolve(sig))));
}

/** A CA key: a KeyObject in memory, or a signer whose key stays elsewhere (an HSM). */
export type CaSigningKey = KeyObject | Signer;

/** Wraps a signed body (tbsCertificate / tbsCertList / tbsResponseData) with its signature. */
export async function signed(tbs: Buffer, key: CaSigningKey): Promise<Buffer> {
  const sig = typeof key === 'function' ? await key(tbs) : await rsaSign(key, tbs);
  return der.seq(tbs, SHA256_WITH_RSA, der.bitString(sig));
}

export interface CaCertInput {
  key: { spki: Buffer; privateKey: CaSigningKey };
  subject: Buffer;
  /** Self-signed when absent. */
  issuer?: { subject: Buffer; spki: Buffer; key: CaSigningKey };
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  pathLen?: number;
}

export function buildCaCertificate(c: CaCertInput): Promise<Buffer> {
  const issuer = c.issuer ?? { subject: c.subject, spki: c.key.spki, key: c.key.privateKey };
  const basic = der.seq(der.bool(true), ...(c.pathLen !== undefined ? [der.int(c.pathLen)] : []));
  const usage = c.issuer ? [KU.digitalSignature, KU.keyCertSign, KU.cRLSign] : [KU.keyCertSign, KU.cRLSign];
  const extensions = [
    extension(OID.basicConstraints, true, basic),
    extension(OID.keyUsage, true, keyUsage(usage)),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(c.key.spki))),
    ...(c.issuer ? [extension(OID.authorityKeyIdentifier, false, der.seq(der.implicitPrimitive(0, keyIdentifier(c.issuer.spki))))] : []),
  ];
  const tbs = tbsCertificate({
    serial: c.serial,
    issuer: issuer.subject,
    subject: c.subject,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    spki: c.key.spki,
    extensions,
  });
  return signed(tbs, issuer.key);
}

/** SPEC §1.3: SEQ{ realName UTF8String, SEQ OF SEQ{ vid OID, SEQ{ hashAlg, [0] EXPLICIT OCTET STRING } } }. */
export function identifyDataSan(realName: string, vidSha256: Buffer): Buffer {
  const identify = der.seq(der.utf8(realName), der.seq(der.seq(der.oid(OID.vid), der.seq(der.seq(der.oid(OID.sha256)), der.explicit(0, der.octetString(vidSha256))))));
  // GeneralNames: otherName [0] IMPLICIT SEQ{ type-id, [0] EXPLICIT value }
  return der.seq(der.implicitConstructed(0, der.oid(OID.identifyData), der.explicit(0, identify)));
}

export interface UserCertInput {
  serial: Buffer;
  issuer: { subject: Buffer; spki: Buffer; key: CaSigningKey };
  subject: Buffer;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  realName: string;
  vid: Buffer;
  /** Public base URL of this service, e.g. http://127.0.0.1:8443 */
  baseUrl: string;
}

export const POLICY_NOTICE = 'Dojang Cloud certificate (not a 금융결제원 금융인증서)';

export function buildUserCertificate(u: UserCertInput): Promise<Buffer> {
  const policies = der.seq(der.seq(der.oid(POLICY_OID), der.seq(der.seq(der.oid(OID.userNotice), der.seq(der.utf8(POLICY_NOTICE))))));
  const crlDp = der.seq(der.seq(der.explicit(0, der.explicit(0, der.implicitPrimitive(6, Buffer.from(`${u.baseUrl}/v1/crl`, 'latin1'))))));
  const aia = der.seq(
    der.seq(der.oid(OID.ocsp), der.implicitPrimitive(6, Buffer.from(`${u.baseUrl}/v1/ocsp`, 'latin1'))),
    der.seq(der.oid(OID.caIssuers), der.implicitPrimitive(6, Buffer.from(`${u.baseUrl}/v1/ca/issuing.der`, 'latin1'))),
  );
  const extensions = [
    extension(OID.authorityKeyIdentifier, false, der.seq(der.implicitPrimitive(0, keyIdentifier(u.issuer.spki)))),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(u.spki))),
    extension(OID.keyUsage, true, keyUsage([KU.digitalSignature, KU.nonRepudiation])),
    extension(OID.certificatePolicies, true, policies),
    extension(OID.subjectAltName, false, identifyDataSan(u.realName, u.vid)),
    extension(OID.crlDistributionPoints, false, crlDp),
    extension(OID.authorityInfoAccess, false, aia),
  ];
  return signed(
    tbsCertificate({
      serial: u.serial,
      issuer: u.issuer.subject,
      subject: u.subject,
      notBefore: u.notBefore,
      notAfter: u.notAfter,
      spki: u.spki,
      extensions,
    }),
    u.issuer.key,
  );
}
