import type { CertificateRow } from '../../../preload/types';
import { useErrorText, useI18n } from '../i18n';
import type { TransferKind, TransferState } from '../state/use-transfer';
import { ErrorNotice } from './ErrorNotice';
import { ProgressView } from './Progress';

/** What a copy/move is doing, the conflict question, and the outcome in plain words. */
export function TransferStatus({
  kind,
  state,
  rows,
  onResolve,
  onCancel,
}: {
  kind: TransferKind;
  state: TransferState;
  rows: readonly CertificateRow[];
  onResolve(choice: 'keepBoth' | 'replace' | 'skip'): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const say = useErrorText();
  const name = (id: string) => rows.find((r) => r.id === id)?.holder ?? id;
  if (state.phase === 'idle') return null;
  if (state.phase === 'running') return <ProgressView events={state.events} onCancel={onCancel} />;
  if (state.phase === 'error') return <ErrorNotice error={state.error} />;
  if (state.phase === 'conflict')
    return (
      <div className="notice notice-warn" role="alert">
        <strong>{t('transfer.conflict.title', { count: state.conflicts.length })}</strong>
        <p>{t('transfer.conflict.body')}</p>
        <ul>
          {state.conflicts.map((id) => (
            <li key={id}>{name(id)}</li>
          ))}
        </ul>
        <div className="button-row">
          <button type="button" onClick={() => onResolve('keepBoth')}>
            {t('transfer.conflict.keepBoth')}
          </button>
          <button type="button" onClick={() => onResolve('replace')}>
            {t('transfer.conflict.replace')}
          </button>
          <button type="button" onClick={() => onResolve('skip')}>
            {t('transfer.conflict.skip')}
          </button>
        </div>
      </div>
    );
  const { summary } = state;
  return (
    <div className={summary.failed.length > 0 ? 'notice notice-warn' : 'notice notice-ok'} role="status">
      <strong>{t(kind === 'copy' ? 'transfer.result.copied' : 'transfer.result.moved', { count: summary.done.length })}</strong>
      {summary.cancelled && <p>{t('transfer.result.cancelled', { count: summary.untouched.length })}</p>}
      {summary.failed.length > 0 && (
        <ul>
          {summary.failed.map((f) => (
            <li key={f.id}>
              {name(f.id)}: {f.code === 'CONFLICT' ? t('transfer.result.skipped') : say(f)}
            </li>
          ))}
        </ul>
      )}
      {summary.done.length > 0 && (
        <ul className="small muted">
          {summary.done.map((d) => (
            <li key={d.id}>
              <code>{d.path}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
