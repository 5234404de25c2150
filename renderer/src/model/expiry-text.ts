/** Days left in words: the badge text, the timeline's labels and the comparison all say it the same way. */
import type { CertificateRow } from '../../../preload/types';
import type { Translate } from '../i18n/translate';
import { rowState } from './rows';

export function daysLeftText(row: CertificateRow, t: Translate): string {
  const state = rowState(row);
  if (state === 'damaged') return t('state.damaged');
  const days = Math.abs(row.daysLeft ?? 0);
  if (state === 'locked') return t('expiry.locked');
  if (state === 'expired') return t('expiry.expired', { days });
  if (state === 'renewal') return days === 0 ? t('expiry.lastDay') : t('expiry.renewal', { days });
  if (state === 'notYetValid') return t('expiry.notYetValid');
  return t('expiry.valid', { days });
}
