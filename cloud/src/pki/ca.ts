/**
 * The service's two-level CA: a root (published at GET /v1/ca) and an issuing CA that signs
 * user certificates, CRLs and OCSP responses. Both keys are RSA-2048 and live in the key
 * service (an HSM; in development sealed in the database, ca-store.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { children, parse, raw } from '../../../common/pki/asn1.js';
import { addYears } from '../clock.js';
import type { CaKey } from '../keys/key-service.js';
import { buildCaCertificate, encodeName, generateRsaKeyPair, publicKeyBits, randomSerial, type CaSigningKey } from './certificates.js';

export interface CaMaterial {
  rootDer: Buffer;
  issuingDer: Buffer;
  issuingKey: CaSigningKey;
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

/** The two CA certificates over the given keys (default: fresh in-memory keys). */
export async function createCa(now: Date, keys?: { root: CaKey; issuing: CaKey }): Promise<CaMaterial> {
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const pair = async (): Promise<{ spki: Buffer; privateKey: CaSigningKey }> => {
    const p = await generateRsaKeyPair();
    return { spki: p.spki, privateKey: p.privateKey };
  };
  const [root, issuing] = keys
    ? [
        { spki: keys.root.spki, privateKey: keys.root.sign },
        { spki: keys.issuing.spki, privateKey: keys.issuing.sign },
      ]
    : await Promise.all([pair(), pair()]);
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
  return { rootDer, issuingDer, issuingKey: issuing.privateKey, issuingSubject: ISSUING_NAME, issuingSpki: issuing.spki };
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
