import type { CertificateRow } from '../../../preload/types';
import { useI18n } from '../i18n';

/** Days left in words and colour (never colour alone). */
export function ExpiryBadge({ row }: { row: CertificateRow }) {
  const { t } = useI18n();
  if (row.expiry === null || row.daysLeft === null) return <span className="badge">—</span>;
  const days = Math.abs(row.daysLeft);
  const text =
    row.expiry === 'expired'
      ? t('expiry.expired', { days })
      : row.expiry === 'renewal'
        ? t('expiry.renewal', { days })
        : row.expiry === 'notYetValid'
          ? t('expiry.notYetValid')
          : t('expiry.valid', { days });
  return <span className={`badge badge-${row.expiry}`}>{text}</span>;
}
