/**
 * When a certificate cannot be used as it is — expired, in its renewal window, PIN-locked, damaged,
 * without its private key — what the user can do about it, and which CA page helps.
 */
import type { CertificateRow } from '../../../preload/types';
import { caLink, type CaAction } from '../data/ca-links';
import { rowState } from './rows';

export type ProblemKind = 'expired' | 'renewal' | 'locked' | 'damaged' | 'noKey' | 'notYetValid';

export interface Remedy {
  /** A CA web page (openExternal), or an action inside Dojang. */
  kind: 'link' | 'unlock' | 'renewCloud' | 'reissueCloud' | 'findCopy';
  action?: CaAction;
  url?: string;
}

export interface Problem {
  kind: ProblemKind;
  remedies: Remedy[];
}

const link = (row: CertificateRow, action: CaAction): Remedy[] => {
  const url = caLink(row.kind === 'cloud' ? 'yessign' : row.ca?.id, action);
  return url ? [{ kind: 'link', action, url }] : [];
};

export function problemOf(row: CertificateRow): Problem | null {
  const state = rowState(row);
  const cloud = row.kind === 'cloud';
  switch (state) {
    case 'damaged':
      return { kind: 'damaged', remedies: [{ kind: 'findCopy' }, ...link(row, 'reissue')] };
    case 'expired':
      // After expiry there is no renewal: only a new issue (SPEC §1.6).
      return { kind: 'expired', remedies: cloud ? [{ kind: 'reissueCloud' }] : link(row, 'issue') };
    case 'locked':
      return { kind: 'locked', remedies: [{ kind: 'unlock' }, { kind: 'reissueCloud' }] };
    case 'renewal':
      return { kind: 'renewal', remedies: cloud ? [{ kind: 'renewCloud' }] : link(row, 'renew') };
    case 'notYetValid':
      return { kind: 'notYetValid', remedies: [] };
    default:
      if (!cloud && !row.hasKey) return { kind: 'noKey', remedies: [{ kind: 'findCopy' }, ...link(row, 'reissue')] };
      return null;
  }
}

/** Lost or stolen: always offered on a local certificate's details. */
export function revokeLink(row: CertificateRow): string | null {
  return caLink(row.kind === 'cloud' ? 'yessign' : row.ca?.id, 'revoke');
}

export function reissueLink(row: CertificateRow): string | null {
  return caLink(row.kind === 'cloud' ? 'yessign' : row.ca?.id, 'reissue');
}
