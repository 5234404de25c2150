/** What the list, timeline and compare screens derive from a certificate row. */
import type { CertificateRow, LocationKind } from '../../../preload/types';

/** The state a user acts on: the expiry state, or why the certificate cannot be used at all. */
export type RowState = 'valid' | 'renewal' | 'expired' | 'notYetValid' | 'locked' | 'damaged';
export const ROW_STATES: readonly RowState[] = ['expired', 'renewal', 'locked', 'damaged', 'notYetValid', 'valid'];

export function rowState(row: CertificateRow): RowState {
  if (row.damaged || row.expiry === null) return 'damaged';
  if (row.cloud?.pinLocked) return 'locked';
  return row.expiry;
}

/** One key per place a certificate lives: this PC's root, each drive, each added folder, the cloud. */
export function locationKey(row: Pick<CertificateRow, 'location'>): string {
  return row.location.kind === 'cloud' ? 'cloud' : `${row.location.kind}:${row.location.root}`;
}

export const LOCATION_ORDER: readonly LocationKind[] = ['default', 'drive', 'folder', 'cloud'];

/** The CA a row belongs to for filtering: the recognised CA's id, else the issuer DN. */
export function caKey(row: CertificateRow): string {
  return row.ca ? `${row.ca.id}${row.ca.test ? ':test' : ''}` : (row.issuer ?? '');
}

/** 용도 for filtering: the same usage at two CAs (개인 범용 at yessign and at KICA) is one choice. */
export function usageKey(row: CertificateRow): string {
  if (row.policy) return row.policy.usageEn;
  if (row.policyOid) return `oid:${row.policyOid}`;
  return '';
}

/** Serial numbers are typed with or without colons, in either case, with or without leading zeros. */
export function normalizeSerial(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s:]/g, '')
    .replace(/^0+(?=.)/, '');
}
