import { useState, type FormEvent } from 'react';
import type { CertificateResults } from '../../../preload/areas/certificates';
import { ErrorNotice } from '../components/ErrorNotice';
import { PasswordInput } from '../components/PasswordInput';
import { useI18n } from '../i18n';
import { differingCopyLines, mediumText, type CopyTrial, type CopyView } from '../model/copies';
import { useAction } from '../use-call';

const OUTCOME_MARK: Record<CopyTrial['outcome'], string> = { opens: '✓', wrongPassword: '✕', damaged: '!', unreadable: '✕' };

/**
 * Copies of one certificate: only what differs between them (key file, where it lives), then,
 * after the password is given once, which copies open. main tries each copy; only the outcomes
 * come back, and the password leaves this form's state as soon as it is sent.
 */
export function CompareCopies({ copies }: { copies: CopyView[] }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const action = useAction<CertificateResults['tryCopies']>();
  const trials = action.state.status === 'ok' ? action.state.value.results : [];
  const lines = differingCopyLines(copies, trials, t);
  const outcomeOf = (id: string) => trials.find((trial) => trial.id === id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const sent = password;
    setPassword('');
    await action.run(window.dojang.tryCopies({ ids: copies.map((c) => c.id), password: sent }));
  }

  return (
    <section className="panel" aria-labelledby="copies-compare-title">
      <h2 id="copies-compare-title">{t('compareCopies.heading')}</h2>
      {lines.length === 0 ? <p className="muted">{t('compareCopies.noDifference')}</p> : <p className="muted">{t('compareCopies.intro')}</p>}
      <div className="table-wrap">
        <table className="compare-table copies-compare">
          <caption className="visually-hidden">{t('compareCopies.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('compare.property')}</th>
              {copies.map((copy) => (
                <th key={copy.id} scope="col">
                  {mediumText(copy, t)}
                  <div className="small muted">{copy.location.label}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.field} className="differs">
                <th scope="row">
                  {t(`compareCopies.field.${line.field}`)}
                  <span className="diff-mark">{t('compare.differs')}</span>
                </th>
                {line.values.map((value, i) => (
                  <td key={copies[i]!.id}>{line.field === 'keyFingerprint' || line.field === 'folder' ? <code>{value}</code> : value}</td>
                ))}
              </tr>
            ))}
            {trials.length > 0 && (
              <tr className="copy-outcomes">
                <th scope="row">{t('compareCopies.field.opens')}</th>
                {copies.map((copy) => {
                  const trial = outcomeOf(copy.id);
                  return (
                    <td key={copy.id} className={trial ? `outcome-${trial.outcome}` : undefined}>
                      {trial ? (
                        <>
                          <span aria-hidden="true">{OUTCOME_MARK[trial.outcome]} </span>
                          {t(`compareCopies.outcome.${trial.outcome}`)}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <form className="inline-form copies-try" onSubmit={(e) => void submit(e)}>
        <PasswordInput label={t('compareCopies.password')} value={password} onChange={setPassword} />
        <button type="submit" disabled={!password || action.busy} aria-describedby={password ? undefined : 'copies-try-why'}>
          {t(action.busy ? 'compareCopies.trying' : 'compareCopies.try')}
        </button>
        {!password && (
          <span id="copies-try-why" className="small muted">
            {t('compareCopies.needPassword')}
          </span>
        )}
      </form>
      <p className="small muted">{t('compareCopies.tryHelp')}</p>
      {action.state.status === 'error' && <ErrorNotice error={action.state.error} compact />}
      {trials.length > 0 && (
        <p role="status" className="small">
          {t('compareCopies.summary', { opens: trials.filter((x) => x.outcome === 'opens').length, total: trials.length })}
        </p>
      )}
    </section>
  );
}
