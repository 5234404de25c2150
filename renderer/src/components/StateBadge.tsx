import type { CertificateRow } from '../../../preload/types';
import { useI18n } from '../i18n';
import { daysLeftText } from '../model/expiry-text';
import { rowState } from '../model/rows';

const ICONS = { valid: '●', renewal: '▲', expired: '✕', notYetValid: '◌', locked: '■', damaged: '!' } as const;

/** Days left in words and colour, with a shape as well: never colour alone. */
export function StateBadge({ row }: { row: CertificateRow }) {
  const { t } = useI18n();
  const state = rowState(row);
  return (
    <span className={`badge badge-${state}`}>
      <span aria-hidden="true" className="badge-icon">
        {ICONS[state]}
      </span>
      {daysLeftText(row, t)}
    </span>
  );
}

export function KindBadge({ kind }: { kind: CertificateRow['kind'] }) {
  const { t } = useI18n();
  return <span className={`kind kind-${kind}`}>{t(kind === 'cloud' ? 'kind.cloud' : 'kind.npki')}</span>;
}
