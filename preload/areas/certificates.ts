import type { Message, MessageKey } from '../messages/format.js';
import type { CertificateDetails, CertificateList, DriveView, TransferSummary } from '../types.js';

export const CERTIFICATE_METHODS = [
  'listCertificates',
  'getCertificateDetails',
  'listDrives',
  'testPassword',
  'tryCopies',
  'checkPasswordRules',
  'changePassword',
  'exportPfx',
  'importPfx',
  'copyCertificates',
  'moveCertificates',
  'cancelOperation',
  'deleteCertificate',
  'listRecovery',
  'restoreCertificate',
  'signWithCertificate',
  'checkSigner',
  'checkVid',
] as const;

export interface CertificateResults {
  listCertificates: CertificateList;
  getCertificateDetails: CertificateDetails;
  listDrives: DriveView[];
  testPassword: { keyScheme: string; iterations: number; hasRandomNum: boolean };
  /** Per copy, in the order asked: does the password open it (never the key or the password). */
  tryCopies: { results: { id: string; outcome: 'opens' | 'wrongPassword' | 'damaged' | 'unreadable'; hasRandomNum: boolean | null }[] };
  checkPasswordRules: { violations: { rule: string; key: MessageKey }[] };
  changePassword: { keyScheme: string };
  exportPfx: { path: string; hasRandomNum: boolean };
  importPfx: { path: string; hasRandomNum: boolean; warning: MessageKey | null };
  copyCertificates: TransferSummary;
  moveCertificates: TransferSummary;
  cancelOperation: { cancelled: boolean };
  deleteCertificate: { restorable: boolean; recoveryId: string | null };
  listRecovery: { id: string; originalPath: string; deletedAt: string; name: string }[];
  restoreCertificate: { path: string };
  signWithCertificate: { cmsBase64: string; outPath: string | null };
  /** Before the password: can this certificate sign (CERT_EXPIRED / CERT_NOT_YET_VALID / CERT_REVOKED otherwise)? */
  checkSigner: { state: 'ok' | 'expired' | 'notYetValid' | 'revoked'; reason: Message | null; notAfter: string };
  checkVid: { match: boolean; hashAlg: string };
}
