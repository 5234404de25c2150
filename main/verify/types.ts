/** The relying party's report shapes (docs/verify.md). Plain JSON: they cross the bridge as they are. */
import { formatMessage, type Message } from '../../preload/messages/format.js';

export type { CheckName, CloudRootOffer, SignerView, VerifyCheck, VerifyReport } from '../../preload/areas/verify.js';

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl' | null;
  /** What the Verify screen and the CLI say, in their language; for 'unknown' it lists every reason (`revocation.unknown {reasons}`). */
  message: Message;
  /** The same as "한국어 (English)": the JSON's and the demo bank's text. */
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

/** A catalog message as "한국어 (English)": the `detail` text the demo bank's pages show. */
export const both = (m: Message): string => `${formatMessage('ko', m.key, m.params)} (${formatMessage('en', m.key, m.params)})`;

/** A result said by `message`, its `detail` built from it. */
export function revocationResult(r: Omit<RevocationResult, 'detail'>): RevocationResult {
  return { ...r, detail: both(r.message) };
}

export function unknownRevocation(message: Message): RevocationResult {
  return revocationResult({ status: 'unknown', source: null, message, revokedAt: null, reason: null, validUntil: null });
}

/** The CRLReason's RFC name (the report's `reason` field). */
export const reasonName = (code: number): string => CRL_REASONS[code] ?? `reason ${code}`;

/** The CRLReason of a revocation, said in words (`revocation.reason.*`). */
export function reasonMessage(code: number): Message {
  const name = CRL_REASONS[code];
  return name ? { key: `revocation.reason.${name}` as Message['key'] } : { key: 'revocation.reason.code', params: { code } };
}
