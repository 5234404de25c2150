export const VERIFY_METHODS = [
  'verifySignature',
  'verifyCertificate',
  'saveReport',
  'listTrustAnchors',
  'addTrustAnchor',
  'removeTrustAnchor',
  'importCrl',
  'newChallenge',
  'answerChallenge',
  'checkChallenge',
] as const;

export type CheckName =
  | 'signature'
  | 'contentDigest'
  | 'signedAttributes'
  | 'chain'
  | 'validityAtSigning'
  | 'validityNow'
  | 'keyUsage'
  | 'policy'
  | 'revocation'
  | 'vid'
  | 'challenge';

export interface VerifyReport {
  verdict: 'valid' | 'invalid' | 'indeterminate';
  signer: { holder: string; subject: string; issuer: string; serialHex: string; notAfter: string } | null;
  signingTime: string | null;
  /** ok null: could not be checked (say why in detail); never a silent pass. */
  checks: { name: CheckName; ok: boolean | null; detail: string }[];
}

export interface TrustAnchorView {
  fingerprintSha256: string;
  subject: string;
  notAfter: string;
  source: 'bundled' | 'cloud' | 'user';
}

export interface Challenge {
  nonce: string;
  text: string;
  issuedAt: string;
  expiresAt: string;
}

export interface VerifyResults {
  verifySignature: VerifyReport;
  verifyCertificate: VerifyReport;
  saveReport: { path: string };
  listTrustAnchors: TrustAnchorView[];
  addTrustAnchor: TrustAnchorView[];
  removeTrustAnchor: TrustAnchorView[];
  importCrl: { issuer: string; thisUpdate: string; nextUpdate: string | null; revokedCount: number };
  newChallenge: Challenge;
  answerChallenge: { cmsBase64: string };
  checkChallenge: VerifyReport;
}
