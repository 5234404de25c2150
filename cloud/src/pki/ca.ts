/**
 * The service's two-level CA: a root (published at GET /v1/ca) and an issuing CA that signs
 * user certificates, CRLs and OCSP responses. Both keys are RSA-2048 and live only sealed in
 * the database (ca-store.ts); this module holds the in-memory form.
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { children, parse, raw } from '../../../common/pki/asn1.js';
import { addYears } from '../clock.js';
import { buildCaCertificate, encodeName, generateRsaKeyPair, publicKeyBits, randomSerial } from './certificates.js';

export interface CaMaterial {
  rootDer: Buffer;
  issuingDer: Buffer;
  issuingKey: KeyObject;
  /** Issuing CA subject (DER Name) and SubjectPublicKeyInfo. */
  issuingSubject: Buffer;
  issuingSpki: Buffer;
}

export const ROOT_NAME = encodeName([
  ['C', 'KR'],
  ['O', 'Dojang'],
  ['OU', 'Dojang Cloud'],
  ['CN', 'Dojang Cloud Root CA'],
]);
export const ISSUING_NAME = encodeName([
  ['C', 'KR'],
  ['O', 'Dojang'],
  ['OU', 'Dojang Cloud'],
  ['CN', 'Dojang Cloud Issuing CA 1'],
]);

export const ROOT_YEARS = 20;
export const ISSUING_YEARS = 10;

export interface NewCa {
  material: CaMaterial;
  rootKey: KeyObject;
}

export async function createCa(now: Date): Promise<NewCa> {
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const [root, issuing] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
  const rootDer = await buildCaCertificate({
    key: root,
    subject: ROOT_NAME,
    serial: randomSerial(randomBytes(16)),
    notBefore,
    notAfter: addYears(notBefore, ROOT_YEARS),
  });
  const issuingDer = await buildCaCertificate({
    key: issuing,
    subject: ISSUING_NAME,
    issuer: { subject: ROOT_NAME, spki: root.spki, key: root.privateKey },
    serial: randomSerial(randomBytes(16)),
    notBefore,
    notAfter: addYears(notBefore, ISSUING_YEARS),
    pathLen: 0,
  });
  return {
    material: { rootDer, issuingDer, issuingKey: issuing.privateKey, issuingSubject: ISSUING_NAME, issuingSpki: issuing.spki },
    rootKey: root.privateKey,
  };
}

/** The subject Name and SubjectPublicKeyInfo of a certificate we issued. */
export function certSubjectAndSpki(certDer: Buffer): { subject: Buffer; spki: Buffer } {
  const [tbs] = children(parse(certDer));
  const f = children(tbs!);
  // version [0], serial, signature, issuer, validity, subject, spki
  return { subject: Buffer.from(raw(f[5]!)), spki: Buffer.from(raw(f[6]!)) };
}

/** OCSP CertID hashes of the issuing CA, per hash algorithm name. */
export function issuerHashes(ca: CaMaterial, alg: 'sha1' | 'sha256'): { nameHash: Buffer; keyHash: Buffer } {
  return {
    nameHash: createHash(alg).update(ca.issuingSubject).digest(),
    keyHash: createHash(alg).update(publicKeyBits(ca.issuingSpki)).digest(),
  };
}
