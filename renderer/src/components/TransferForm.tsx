import { useCallback, useState, type FormEvent } from 'react';
import type { CertificateRow } from '../../../preload/types';
import { useI18n } from '../i18n';
import { targetOf, type TargetChoice } from '../model/targets';
import { useCertificates } from '../state/certificates';
import { useTransfer, type TransferKind } from '../state/use-transfer';
import { PasswordInput } from './PasswordInput';
import { RuleChecklist } from './RuleChecklist';
import { TargetPicker } from './TargetPicker';
import { TransferStatus } from './TransferStatus';

/**
 * Copy or move certificates to this PC, a USB drive or a folder, optionally with a new password on
 * the copies. Used by the details screen (one certificate) and the import/export screen (many).
 */
export function TransferForm({ ids, initialTarget, allowMove = true }: { ids: string[]; initialTarget?: TargetChoice; allowMove?: boolean }) {
  const { t } = useI18n();
  const { list, drives, rows, reload } = useCertificates();
  const [kind, setKind] = useState<TransferKind>('copy');
  const [target, setTarget] = useState<TargetChoice>(() => initialTarget ?? (drives[0] ? { kind: 'drive', id: drives[0].id } : { kind: 'default' }));
  const [reencrypt, setReencrypt] = useState(false);
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [rulesOk, setRulesOk] = useState(false);
  const onValidity = useCallback((ok: boolean) => setRulesOk(ok), []);
  const transfer = useTransfer(reload);
  const destination = targetOf(target, list, drives);
  const sources = ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is CertificateRow => !!r && r.kind === 'npki');
  const running = transfer.state.phase === 'running';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!destination) return;
    transfer.run({ kind, ids: sources.map((r) => r.id), target: destination, ...(reencrypt ? { reencrypt: { oldPassword, newPassword } } : {}) });
  }

  return (
    <form onSubmit={submit} className="transfer-form">
      {allowMove && (
        <fieldset className="inline-choices">
          <legend>{t('transfer.how')}</legend>
          <label className="radio">
            <input type="radio" name="transfer-kind" checked={kind === 'copy'} onChange={() => setKind('copy')} />
            {t('transfer.copy')}
          </label>
          <label className="radio">
            <input type="radio" name="transfer-kind" checked={kind === 'move'} onChange={() => setKind('move')} />
            {t('transfer.move')}
          </label>
        </fieldset>
      )}
      <TargetPicker legend={t('transfer.where')} value={target} onChange={setTarget} />
      <label className="checkbox">
        <input type="checkbox" checked={reencrypt} onChange={(e) => setReencrypt(e.target.checked)} />
        {t('transfer.reencrypt')}
      </label>
      {reencrypt && (
        <div className="indent">
          <p className="muted small">{t('transfer.reencryptHelp')}</p>
          <PasswordInput label={t('password.current')} value={oldPassword} onChange={setOld} />
          <PasswordInput label={t('password.newForCopy')} value={newPassword} onChange={setNew} isNew describedBy="transfer-rules" />
          <RuleChecklist password={newPassword} onValidity={onValidity} id="transfer-rules" />
        </div>
      )}
      <TransferStatus kind={kind} state={transfer.state} rows={rows} onResolve={transfer.resolveConflict} onCancel={transfer.cancel} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={!destination || sources.length === 0 || running || (reencrypt && (!oldPassword || !rulesOk))}>
          {t(kind === 'copy' ? 'transfer.copyN' : 'transfer.moveN', { count: sources.length })}
        </button>
      </div>
    </form>
  );
}
