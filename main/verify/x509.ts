/**
 * What the relying-party checks need from certificates beyond common/pki/certificate.ts: signature
 * checks of a signed structure (certificate, CRL, OCSP response) with a named-algorithm answer,
 * name comparison, and the CA / key-usage / extended-key-usage extensions.
 */
import { createHash, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { bitString, bool, children, oid, parse, seq, Tag } from '../../common/pki/asn1.js';
import { OID, formatName, parseCertificate, parseName, publicKeyFromSpki, readCertificate, type CertificateInfo, type CertificateParts } from '../../common/pki/certificate.js';

export const EXT = {
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/** Signature algorithm OID → the hash node:crypto verifies it with. */
const VERIFIABLE: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.10045.4.1': 'sha1', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** Names for algorithms we recognise but do not verify, so the message can say which one it is. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.410.200004.1.1': 'KCDSA',
  '1.2.410.200004.1.2': 'HAS-160',
  '1.2.410.200004.1.21': 'KCDSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '2.16.840.1.101.3.4.2.8': 'SHA3-256',
  '2.16.840.1.101.3.4.2.9': 'SHA3-384',
  '2.16.840.1.101.3.4.2.10': 'SHA3-512',
  '1.2.156.10197.1.401': 'SM3',
};

export function algorithmName(o: string): string {
  return KNOWN_UNSUPPORTED[o] ? `${KNOWN_UNSUPPORTED[o]} (${o})` : o;
}

export type SignatureCheck = { result: 'ok' } | { result: 'bad' } | { result: 'unsupported'; algorithm: string };

const keyCache = new Map<string, KeyObject>();

function keyFor(spki: Buffer): KeyObject {
  const id = createHash('sha256').update(spki).digest('base64');
  let k = keyCache.get(id);
  if (!k) {
    k = publicKeyFromSpki(spki);
    if (keyCache.size > 256) keyCache.clear();
    keyCache.set(id, k);
  }
  return k;
}

/** Does `signature` over `tbs` (algorithm `sigAlgOid`) verify with the key in `spki`? */
export function checkSigned(tbs: Buffer, sigAlgOid: string, signature: Buffer, spki: Buffer): SignatureCheck {
  const hash = VERIFIABLE[sigAlgOid];
  if (!hash) return { result: 'unsupported', algorithm: algorithmName(sigAlgOid) };
  let key: KeyObject;
  try {
    key = keyFor(spki);
  } catch {
    return { result: 'unsupported', algorithm: 'issuer public key' };
  }
  try {
    return nodeVerify(hash, tbs, key, signature) ? { result: 'ok' } : { result: 'bad' };
  } catch {
    return { result: 'bad' };
  }
}

/** A certificate signed by the holder of `issuerSpki`? */
export function checkCertificateSignature(cert: CertificateParts, issuerSpki: Buffer): SignatureCheck {
  return checkSigned(cert.tbs, cert.signatureAlgorithmOid, cert.signature, issuerSpki);
}

/** RFC 5280 §7.1, simplified: byte-equal, or equal after case folding and whitespace folding. */
export function sameName(a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  try {
    return canonicalName(a) === canonicalName(b);
  } catch {
    return false;
  }
}

export function canonicalName(nameDer: Buffer): string {
  // Chain building compares each candidate's subject with an issuer name, per signature checked:
  // the folded form of a name is remembered by its bytes.
  const id = nameDer.toString('latin1');
  let folded = canonicalNames.get(id);
  if (folded === undefined) {
    folded = formatName(parseName(parse(nameDer)), 'lower')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
    if (canonicalNames.size >= MEMO_SIZE) canonicalNames.delete(canonicalNames.keys().next().value!);
    canonicalNames.set(id, folded);
  }
  return folded;
}
const MEMO_SIZE = 1024;
const canonicalNames = new Map<string, string>();

export function displayName(nameDer: Buffer): string {
  return formatName(parseName(parse(nameDer)));
}

export function extension(cert: CertificateParts, o: string): Buffer | null {
  return cert.extensions.find((e) => e.oid === o)?.value ?? null;
}

/** basicConstraints cA, or null when the extension is absent (v1 certificates). */
export function isCaCertificate(cert: CertificateParts): boolean | null {
  const v = extension(cert, OID.basicConstraints);
  if (!v) return null;
  const [first] = seq(parse(v), 'BasicConstraints');
  return first !== undefined && first.tag === Tag.BOOLEAN && bool(first);
}

/** keyUsage bit n set (0 digitalSignature, 1 nonRepudiation, 5 keyCertSign, 6 cRLSign); null when absent. */
export function keyUsageBit(cert: CertificateParts, bit: number): boolean | null {
  const v = extension(cert, OID.keyUsage);
  if (!v) return null;
  const { unused, data } = bitString(parse(v), 'keyUsage');
  if (bit >= data.length * 8 - unused) return false;
  return (data[bit >> 3]! & (0x80 >> (bit & 7))) !== 0;
}

/** Extended key usages; a damaged extension counts as none (it then authorises nothing). */
export function extendedKeyUsages(cert: CertificateParts): string[] {
  const v = extension(cert, EXT.extKeyUsage);
  try {
    return v ? seq(parse(v), 'ExtKeyUsage').map((t) => oid(t)) : [];
  } catch {
    return [];
  }
}

/**
 * subjectKeyIdentifier / authorityKeyIdentifier keyIdentifier, only to pick among issuers of one
 * name (the signature decides): a damaged extension is treated as absent.
 */
export function subjectKeyId(cert: CertificateParts): Buffer | null {
  const v = extension(cert, OID.subjectKeyIdentifier);
  try {
    const t = v ? parse(v) : null;
    return t && t.tag === Tag.OCTET_STRING ? t.buf.subarray(t.contentStart, t.contentEnd) : null;
  } catch {
    return null;
  }
}

export function authorityKeyId(cert: CertificateParts): Buffer | null {
  const v = extension(cert, EXT.authorityKeyIdentifier);
  try {
    const first = v ? children(parse(v))[0] : undefined;
    return first && first.tag === 0x80 ? first.buf.subarray(first.contentStart, first.contentEnd) : null;
  } catch {
    return null;
  }
}

/** The subjectPublicKey BIT STRING's bytes (what OCSP's issuerKeyHash and KeyHash hash). */
export function publicKeyBits(spki: Buffer): Buffer {
  const [, keyT] = children(parse(spki));
  return bitString(keyT, 'subjectPublicKey').data;
}

export function fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** AA:BB:… (upper case), the form certificate viewers show. */
export function colonFingerprint(hex: string): string {
  return hex.toUpperCase().match(/../g)!.join(':');
}

export interface Cert {
  der: Buffer;
  parts: CertificateParts;
  info: CertificateInfo;
  fingerprint: string;
}

/** Reads a certificate once for every check. Throws DojangError FILE_DAMAGED. */
export function loadCert(input: Buffer | string): Cert {
  // A bulk verification reads the same trust anchors, CA certificates and often the same signer for
  // every file: a read certificate is kept (a Cert is never changed after it is made), found by its
  // last 32 bytes (its signature) and compared whole.
  const id = Buffer.isBuffer(input) && input.length > 64 ? input.toString('latin1', input.length - 32) : null;
  const known = id === null ? undefined : loadedCerts.get(id);
  if (known?.der.equals(input as Buffer)) return known;
  const own = id !== null ? Buffer.from(input as Buffer) : input; // a kept Cert holds no caller's buffer
  const parts = readCertificate(own);
  const cert = { der: parts.der, parts, info: parseCertificate(parts.der), fingerprint: fingerprint(parts.der) };
  if (id !== null && parts.der === own) {
    if (loadedCerts.size >= MEMO_SIZE) loadedCerts.delete(loadedCerts.keys().next().value!);
    loadedCerts.set(id, cert);
  }
  return cert;
}
const loadedCerts = new Map<string, Cert>();

export function isSelfIssued(c: Cert): boolean {
  return sameName(c.parts.subject.der, c.parts.issuer.der);
}
