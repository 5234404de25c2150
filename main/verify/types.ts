/** The relying party's report shapes (docs/verify.md). Plain JSON: they cross the bridge as they are. */
import type { ChainLink } from '../../preload/types.js';

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
  /** Only in checkChallenge's report: nonce, signed text, freshness, replay. */
  | 'challenge';

export interface VerifyCheck {
  name: CheckName;
  /** null: unknown or not checked (the detail says which and why). */
  ok: boolean | null;
  /** Plain Korean, then English in parentheses. */
  detail: string;
}

export interface SignerView {
  holder: string;
  subject: string;
  issuer: string;
  serialHex: string;
  notAfter: string;
}

export interface VerifyReport {
  verdict: 'valid' | 'invalid' | 'indeterminate';
  signer: SignerView | null;
  /** From the signed attributes (ISO 8601), when the signature carries one. */
  signingTime: string | null;
  checks: VerifyCheck[];
  /** The signer's chain as far as it could be built, leaf first (the same links buildChain gives). */
  chain: ChainLink[];
  /** The policy's 용도 when known ("개인 은행·보험용"), else null. */
  usage: string | null;
}

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl' | null;
  /** Plain Korean, then English; for 'unknown' it says every reason. */
  detail: string;
  revokedAt: string | null;
  reason: string | null;
  /** Until when this answer may be reused (an OCSP or CRL nextUpdate); null: do not reuse. */
  validUntil: Date | null;
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
