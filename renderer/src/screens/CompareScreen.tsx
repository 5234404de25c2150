import { useEffect, useId, useMemo, useState } from 'react';
import type { CertificateDetails, CertificateRow } from '../../../preload/types';
import { ScreenHeading } from '../components/ScreenHeading';
import { CompareCopies } from './CompareCopies';
import { FACT_ROWS } from '../data/kind-facts';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { compareLines, sameCertificate, type CompareSubject } from '../model/compare';
import { sortCopies } from '../model/copies';
import { caName, locationLabel } from '../model/labels';
import { useCertificates } from '../state/certificates';
import { useNavigation } from '../state/navigation';

/** Details of the local certificates being compared (key and algorithms come from there). */
function useDetails(rows: CertificateRow[]): Map<string, CertificateDetails> {
  const [details, setDetails] = useState<Map<string, CertificateDetails>>(new Map());
  const ids = rows
    .filter((r) => r.kind === 'npki' && !r.damaged)
    .map((r) => r.id)
    .join('\n');
  useEffect(() => {
    let live = true;
    const wanted = ids ? ids.split('\n') : [];
    void Promise.all(wanted.map((id) => window.dojang.getCertificateDetails({ id }))).then((outcomes) => {
      if (!live) return;
      const map = new Map<string, CertificateDetails>();
      outcomes.forEach((o, i) => o.ok && map.set(wanted[i]!, o.value));
      setDetails(map);
    });
    return () => {
      live = false;
    };
  }, [ids]);
  return details;
}

function optionLabel(row: CertificateRow, t: ReturnType<typeof useI18n>['t'], language: 'ko' | 'en'): string {
  const place = locationLabel(row, t);
  return `${row.holder ?? t('certs.damaged')} · ${row.kind === 'cloud' ? t('kind.cloud') : caName(row, language)} · ${formatDate(row.notAfter)} · ${place}`;
}

/** Quick picks: a 금융인증서 beside a 공동인증서, or the copies of one certificate. */
function suggestions(rows: readonly CertificateRow[]): { mixed: string[] | null; copies: string[] | null } {
  const cloud = rows.find((r) => r.kind === 'cloud');
  const npki = rows.find((r) => r.kind === 'npki' && !r.damaged && r.expiry !== 'expired') ?? rows.find((r) => r.kind === 'npki' && !r.damaged);
  const byKey = new Map<string, string[]>();
  for (const r of rows) if (r.copyKey) byKey.set(r.copyKey, [...(byKey.get(r.copyKey) ?? []), r.id]);
  const copies = [...byKey.values()].find((ids) => ids.length > 1) ?? null;
  return { mixed: cloud && npki ? [cloud.id, npki.id] : null, copies };
}

export function CompareScreen() {
  const { t, language } = useI18n();
  const { rows, selected, setSelected, toggleSelected } = useCertificates();
  const { navigate } = useNavigation();
  const pickId = useId();
  const [pick, setPick] = useState('');
  // By folder, so columns keep their order between visits (a 금융인증서 has none and comes first).
  const chosen = useMemo(() => sortCopies(rows.filter((r) => selected.has(r.id))), [rows, selected]);
  const details = useDetails(chosen);
  const subjects: CompareSubject[] = chosen.map((row) => ({ row, details: details.get(row.id) ?? null }));
  const lines = compareLines(subjects, t, language);
  const same = sameCertificate(subjects);
  const copies = same ? sortCopies((details.get(chosen[0]!.id)?.copies ?? []).filter((c) => selected.has(c.id))) : [];
  const quick = useMemo(() => suggestions(rows), [rows]);
  const available = rows.filter((r) => !selected.has(r.id));

  return (
    <section aria-labelledby="screen-title" className="screen">
      <header className="screen-header">
        <ScreenHeading>{t('compare.heading')}</ScreenHeading>
      </header>
      <p className="muted">{t('compare.intro')}</p>
      <div className="panel compare-picker">
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (pick) toggleSelected(pick);
            setPick('');
          }}
        >
          <label htmlFor={pickId}>{t('compare.add')}</label>
          <select id={pickId} value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">{t('compare.choose')}</option>
            {available.map((r) => (
              <option key={r.id} value={r.id}>
                {optionLabel(r, t, language)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!pick}>
            {t('compare.addButton')}
          </button>
        </form>
        <div className="button-row">
          {quick.mixed && (
            <button type="button" onClick={() => setSelected(quick.mixed!)}>
              {t('compare.quickMixed')}
            </button>
          )}
          {quick.copies && (
            <button type="button" onClick={() => setSelected(quick.copies!)}>
              {t('compare.quickCopies')}
            </button>
          )}
          {chosen.length > 0 && (
            <button type="button" className="link-button" onClick={() => setSelected([])}>
              {t('compare.clear')}
            </button>
          )}
        </div>
      </div>

      {chosen.length < 2 && <p className="notice notice-info">{t('compare.needTwo')}</p>}
      {same && (
        <p className="notice notice-info" role="status">
          {t('compare.sameCertificate')}
        </p>
      )}
      {copies.length > 1 && <CompareCopies key={copies.map((c) => c.id).join(' ')} copies={copies} />}
      {chosen.length > 0 && (
        <div className="table-wrap">
          <table className="compare-table">
            <caption className="visually-hidden">{t('compare.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('compare.property')}</th>
                {chosen.map((row) => (
                  <th key={row.id} scope="col">
                    <button type="button" className="link-button" onClick={() => navigate({ name: 'details', id: row.id })}>
                      {row.holder ?? t('certs.damaged')}
                    </button>
                    <div className="small muted">{locationLabel(row, t)}</div>
                    <button type="button" className="link-button small" onClick={() => toggleSelected(row.id)} aria-label={t('compare.removeNamed', { holder: row.holder ?? '' })}>
                      {t('compare.remove')}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.field} className={line.differs ? 'differs' : undefined}>
                  <th scope="row">
                    {t(`compare.field.${line.field}`)}
                    {line.differs && chosen.length > 1 && <span className="diff-mark">{t('compare.differs')}</span>}
                  </th>
                  {line.values.map((value, i) => (
                    <td key={chosen[i]!.id}>{value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{t('facts.heading')}</h2>
        <div className="table-wrap">
          <table className="facts-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('compare.property')}</span>
                </th>
                <th scope="col">{t('kind.cloud')}</th>
                <th scope="col">{t('kind.npki')}</th>
              </tr>
            </thead>
            <tbody>
              {FACT_ROWS.map((fact) => (
                <tr key={fact}>
                  <th scope="row">{t(`facts.${fact}.label`)}</th>
                  <td>{t(`facts.${fact}.cloud`)}</td>
                  <td>{t(`facts.${fact}.npki`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="small muted">{t('facts.note')}</p>
      </section>
    </section>
  );
}
