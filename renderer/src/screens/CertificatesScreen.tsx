import type { CertificateList, CertificateRow } from '../../../preload/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExpiryBadge } from '../components/ExpiryBadge';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { useCall } from '../use-call';

function UsageCell({ row }: { row: CertificateRow }) {
  const { t, language } = useI18n();
  if (row.policy) return <>{language === 'ko' ? row.policy.usageKo : row.policy.usageEn}</>;
  if (row.policyOid) return <>{t('usage.unknown', { oid: row.policyOid })}</>;
  return <>{t('usage.none')}</>;
}

function CertificateTable({ rows }: { rows: CertificateRow[] }) {
  const { t, language } = useI18n();
  return (
    <table className="cert-table" aria-label={t('certs.heading')}>
      <thead>
        <tr>
          <th scope="col">{t('certs.col.holder')}</th>
          <th scope="col">{t('certs.col.ca')}</th>
          <th scope="col">{t('certs.col.usage')}</th>
          <th scope="col">{t('certs.col.validity')}</th>
          <th scope="col">{t('certs.col.daysLeft')}</th>
          <th scope="col">{t('certs.col.location')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) =>
          row.damaged ? (
            <tr key={row.id} className="row-damaged" data-testid="cert-row">
              <td colSpan={5}>
                <strong>{t('certs.damaged')}</strong> <span className="muted">{row.path}</span>
              </td>
              <td>{row.location.label}</td>
            </tr>
          ) : (
            <tr key={row.id} data-testid="cert-row">
              <td>
                <div className="holder">{row.holder}</div>
                <div className="muted small">{t(row.kind === 'cloud' ? 'kind.cloud' : 'kind.npki')}</div>
              </td>
              <td>{row.ca ? (language === 'ko' ? row.ca.nameKo : row.ca.nameEn) : row.issuer}</td>
              <td>
                <UsageCell row={row} />
              </td>
              <td className="nowrap">
                {formatDate(row.notBefore)} – {formatDate(row.notAfter)}
              </td>
              <td>
                <ExpiryBadge row={row} />
              </td>
              <td>
                <div>{t(`location.${row.location.kind}`)}</div>
                <div className="muted small">{row.location.label}</div>
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function EmptyState({ list }: { list: CertificateList }) {
  const { t } = useI18n();
  return (
    <section className="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('certs.empty.title')}</h2>
      <p>{t('certs.empty.body')}</p>
      <ul className="looked">
        {list.looked.map((place) => (
          <li key={place.root}>
            <code>{place.root}</code> — {place.present ? t('certs.looked.present') : t('certs.looked.absent')}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CertificatesScreen() {
  const { t } = useI18n();
  const [state, reload] = useCall(() => window.dojang.listCertificates({}));
  return (
    <section aria-labelledby="certs-title">
      <header className="screen-header">
        <h1 id="certs-title">
          {t('certs.heading')}
          {state.status === 'ok' && <span className="count">{t('certs.count', { count: state.value.certificates.length })}</span>}
        </h1>
        <button type="button" onClick={reload}>
          {t('certs.refresh')}
        </button>
      </header>
      {state.status === 'loading' && <p role="status">{t('certs.loading')}</p>}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} />}
      {state.status === 'ok' &&
        (state.value.certificates.length === 0 ? <EmptyState list={state.value} /> : <CertificateTable rows={state.value.certificates} />)}
      {state.status === 'ok' && state.value.skipped.length > 0 && (
        <details className="skipped">
          <summary>{t('certs.skipped')}</summary>
          <ul>
            {state.value.skipped.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code> — {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
