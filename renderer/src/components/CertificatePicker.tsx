import { useId, useMemo, useState } from 'react';
import type { CertificateRow } from '../../../preload/types';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { DEFAULT_QUERY, filterRows, indexRows } from '../model/filter';
import { caName, locationLabel } from '../model/labels';
import { StateBadge } from './StateBadge';

/** At most this many checkboxes at once; the search narrows the rest. */
const SHOWN = 200;

/** Choose certificates (checkboxes) among `rows`, with a search box for long lists. */
export function CertificatePicker({ rows, value, onChange, legend }: { rows: CertificateRow[]; value: ReadonlySet<string>; onChange(ids: Set<string>): void; legend: string }) {
  const { t, language } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const index = useMemo(() => indexRows(rows), [rows]);
  const shown = useMemo(() => filterRows(index, { ...DEFAULT_QUERY, text }).map((i) => i.row), [index, text]);
  const toggle = (rowId: string) => {
    const next = new Set(value);
    if (next.has(rowId)) next.delete(rowId);
    else next.add(rowId);
    onChange(next);
  };
  return (
    <fieldset className="picker">
      <legend>{legend}</legend>
      {rows.length === 0 ? (
        <p className="muted">{t('picker.none')}</p>
      ) : (
        <>
          <div className="picker-tools">
            {rows.length > 8 && (
              <>
                <label htmlFor={id} className="visually-hidden">
                  {t('filter.search')}
                </label>
                <input id={id} type="search" placeholder={t('filter.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
              </>
            )}
            <button type="button" className="link-button" onClick={() => onChange(new Set([...value, ...shown.slice(0, SHOWN).map((r) => r.id)]))}>
              {t('picker.all')}
            </button>
            <button type="button" className="link-button" onClick={() => onChange(new Set())}>
              {t('picker.none.button')}
            </button>
            <span className="small muted">{t('certs.selected', { count: value.size })}</span>
          </div>
          <ul className="picker-list">
            {shown.slice(0, SHOWN).map((row) => (
              <li key={row.id}>
                <label className="checkbox">
                  <input type="checkbox" checked={value.has(row.id)} onChange={() => toggle(row.id)} />
                  <span>
                    <strong>{row.holder ?? t('certs.damaged')}</strong> · {caName(row, language)} · {formatDate(row.notAfter)} <StateBadge row={row} />
                    <span className="small muted block">{locationLabel(row, t)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {shown.length > SHOWN && <p className="small muted">{t('picker.more', { count: shown.length - SHOWN })}</p>}
        </>
      )}
    </fieldset>
  );
}
