/**
 * VID (본인확인, SPEC §1.3): VID = H(H(DER(SEQ{ idn PrintableString, randomNum BIT STRING }))).
 * The IDN is a secret: it is never logged and never placed in an error.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DojangError } from '../errors.js';
import { der } from './asn1.js';
import { readCertificate, readIdentifyData } from './certificate.js';

export type VidHash = 'sha1' | 'sha256';

/** Normalises a 주민등록번호 / 사업자등록번호: hyphens and spaces go; 10 or 13 digits must stay. */
export function normalizeIdn(idn: string): string {
  const s = idn.replace(/[\s-]/g, '');
  if (!/^(\d{10}|\d{13})$/.test(s)) {
    throw new DojangError('INVALID_REQUEST', 'vid.idnFormat');
  }
  return s;
}

function supportedHash(alg: string): VidHash {
  if (alg === 'sha1' || alg === 'sha256') return alg;
  throw new DojangError('UNSUPPORTED_ALGORITHM', 'vid.unsupportedHash', { algorithm: alg });
}

export function computeVid(idn: string, randomNum: Buffer, hashAlg: VidHash | string): Buffer {
  const h = supportedHash(hashAlg);
  const hashContent = der.seq(der.printable(normalizeIdn(idn)), der.bitString(randomNum));
  const once = createHash(h).update(hashContent).digest();
  return createHash(h).update(once).digest();
}

export interface CertificateVid {
  realName: string;
  hashAlg: string;
  vid: Buffer;
}

/** The identifyData VID of a certificate, or null when it carries none. Throws FILE_DAMAGED. */
export function readVid(certDer: Buffer): CertificateVid | null {
  const id = readIdentifyData(readCertificate(certDer));
  const v = id?.vids[0];
  if (!id || !v) return null;
  return { realName: id.realName, hashAlg: v.hashAlg, vid: v.virtualId };
}

/** Does this certificate belong to `idn`? randomNum is the key file's R value. */
export function checkVid(certDer: Buffer, randomNum: Buffer, idn: string): { match: boolean; hashAlg: string } {
  const v = readVid(certDer);
  if (!v) {
    throw new DojangError('NOT_FOUND', 'vid.noVid');
  }
  const mine = computeVid(idn, randomNum, v.hashAlg);
  const match = mine.length === v.vid.length && timingSafeEqual(mine, v.vid);
  return { match, hashAlg: v.hashAlg };
}
