/** The relying party's report shapes (docs/verify.md). Plain JSON: they cross the bridge as they are. */
export type { CheckName, CloudRootOffer, SignerView, VerifyCheck, VerifyReport } from '../../preload/areas/verify.js';

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl' | null;
  /** Plain Korean, then English; for 'unknown' it says every reason. */
  detail: string;
  revokedAt: string | null;
  reason: string | null;
  /** Until when this answer may be reused (an OCSP or CRL nextUpdate); null: do not reuse. */
  validUntil: Date | null;
  /** Where the answer came from: the OCSP or CRL/ARL URL asked (http: or ldap:); absent for local CRL files. */
  url?: string | null;
  /** Answered from memory (an earlier OCSP answer or download still fresh) or a CRL file kept locally. */
  cached?: boolean;
}

/** CRLReason (RFC 5280 §5.3.1) names. */
export const CRL_REASONS: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

export function unknownRevocation(detail: string): RevocationResult {
  return { status: 'unknown', source: null, detail, revokedAt: null, reason: null, validUntil: null };
}
