/** The dialogs that use a 공동인증서's private key: each asks for the password and says plainly what happened. */
import { useCallback, useState, type FormEvent } from 'react';
import type { CertificateRow } from '../../../../preload/types';
import { Dialog, DialogActions } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { KeyErrorNotice } from '../../components/KeyErrorNotice';
import { PasswordInput } from '../../components/PasswordInput';
import type { ChosenPath } from '../../../../preload/areas/files';
import { FileField } from '../../components/FileField';
import { RuleChecklist } from '../../components/RuleChecklist';
import { localizedDetail, useI18n } from '../../i18n';
import { safeFileName } from '../../model/paths';
import { useAction } from '../../use-call';
import { useCertificates } from '../../state/certificates';
import { recoveryAbout, useToasts } from '../../state/toasts';

export function TestPasswordDialog({ row, onClose }: { row: CertificateRow; onClose(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const action = useAction<{ keyScheme: string; iterations: number; hasRandomNum: boolean }>();
  function submit(event: FormEvent) {
    event.preventDefault();
    void action.run(window.dojang.testPassword({ id: row.id, password }));
  }
  return (
    <Dialog title={t('action.testPassword')} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t('testPassword.intro')}</p>
        <PasswordInput label={t('password.current')} value={password} onChange={setPassword} autoFocus />
        {action.state.status === 'error' && <KeyErrorNotice row={row} error={action.state.error} />}
        {action.state.status === 'ok' && (
          <div className="notice notice-ok" role="status">
            <strong>{t('testPassword.ok')}</strong>
            <p>{t('testPassword.scheme', { scheme: action.state.value.keyScheme, iterations: action.state.value.iterations })}</p>
            <p>{t(action.state.value.hasRandomNum ? 'testPassword.randomNum' : 'testPassword.noRandomNum')}</p>
          </div>
        )}
        <DialogActions submit="testPassword.submit" close="common.close" busy={action.busy} disabled={!password || action.busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function ChangePasswordDialog({ row, onClose }: { row: CertificateRow; onClose(): void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [rulesOk, setRulesOk] = useState(false);
  const onValidity = useCallback((ok: boolean) => setRulesOk(ok), []);
  const action = useAction<{ keyScheme: string }>();
  const mismatch = confirm.length > 0 && confirm !== newPassword;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const outcome = await action.run(window.dojang.changePassword({ id: row.id, oldPassword, newPassword }));
    if (outcome.ok) {
      toasts.show({ tone: 'ok', text: t('changePassword.done') });
      onClose();
    }
  }
  return (
    <Dialog title={t('action.changePassword')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('changePassword.intro')}</p>
        <PasswordInput label={t('password.current')} value={oldPassword} onChange={setOld} autoFocus />
        <PasswordInput label={t('password.new')} value={newPassword} onChange={setNew} isNew describedBy="new-password-rules" />
        <RuleChecklist password={newPassword} onValidity={onValidity} id="new-password-rules" />
        <PasswordInput label={t('password.confirm')} value={confirm} onChange={setConfirm} isNew />
        {mismatch && <p className="field-error small">{t('password.mismatch')}</p>}
        {action.state.status === 'error' && <KeyErrorNotice row={row} error={action.state.error} />}
        <DialogActions
          submit="changePassword.submit"
          close="common.cancel"
          busy={action.busy}
          disabled={!oldPassword || !rulesOk || confirm !== newPassword || action.busy}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}

export function ExportPfxDialog({ row, onClose }: { row: CertificateRow; onClose(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [pfxPassword, setPfxPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const suggested = `${safeFileName(row.holder ?? 'certificate')}.pfx`;
  const [outFile, setOutFile] = useState<ChosenPath | null>(null);
  const [format, setFormat] = useState<'modern' | 'legacy'>('modern');
  const [includeChain, setIncludeChain] = useState(false);
  const action = useAction<{ path: string; hasRandomNum: boolean }>();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!outFile) return;
    // A save handle is spent by the write: a second export chooses again.
    void action.run(window.dojang.exportPfx({ id: row.id, password, pfxPassword, outFile: outFile.handle, format, includeChain })).then((o) => o.ok && setOutFile(null));
  }
  return (
    <Dialog title={t('action.exportPfx')} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t('exportPfx.intro')}</p>
        <PasswordInput label={t('password.current')} value={password} onChange={setPassword} autoFocus />
        <PasswordInput label={t('exportPfx.pfxPassword')} value={pfxPassword} onChange={setPfxPassword} isNew />
        <PasswordInput label={t('password.confirm')} value={confirm} onChange={setConfirm} isNew />
        {confirm.length > 0 && confirm !== pfxPassword && <p className="field-error small">{t('password.mismatch')}</p>}
        <fieldset>
          <legend>{t('exportPfx.format')}</legend>
          {(['modern', 'legacy'] as const).map((f) => (
            <label key={f} className="radio">
              <input type="radio" name="pfx-format" checked={format === f} onChange={() => setFormat(f)} />
              <span>
                {t(`exportPfx.format.${f}`)}
                <span className="small muted"> — {t(`exportPfx.format.${f}.when`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={includeChain} onChange={(e) => setIncludeChain(e.target.checked)} />
          {t('exportPfx.includeChain')}
        </label>
        <FileField label={t('exportPfx.outPath')} purpose="export-pfx" defaultName={suggested} value={outFile} onChange={setOutFile} />
        {action.state.status === 'error' && <KeyErrorNotice row={row} error={action.state.error} />}
        {action.state.status === 'ok' && (
          <div className="notice notice-ok" role="status">
            <strong>{t('exportPfx.done')}</strong> <code>{action.state.value.path}</code>
            {!action.state.value.hasRandomNum && <p>{t('exportPfx.noRandomNum')}</p>}
          </div>
        )}
        <DialogActions
          submit="exportPfx.submit"
          close="common.close"
          busy={action.busy}
          disabled={!password || !pfxPassword || confirm !== pfxPassword || !outFile || action.busy}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}

export function VidDialog({ row, onClose }: { row: CertificateRow; onClose(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [idn, setIdn] = useState('');
  const action = useAction<{ match: boolean; hashAlg: string }>();
  const idnOk = /^\d{6}-?\d{7}$|^\d{3}-?\d{2}-?\d{5}$/.test(idn);
  function submit(event: FormEvent) {
    event.preventDefault();
    void action.run(window.dojang.checkVid({ id: row.id, password, idn }));
  }
  return (
    <Dialog title={t('action.vid')} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t('vid.intro')}</p>
        <PasswordInput label={t('password.current')} value={password} onChange={setPassword} autoFocus />
        <div className="field">
          <label htmlFor="vid-idn">{t('vid.idn')}</label>
          <input id="vid-idn" type="password" inputMode="numeric" autoComplete="off" value={idn} onChange={(e) => setIdn(e.target.value.trim())} aria-describedby="vid-idn-help" />
          <p id="vid-idn-help" className="muted small">
            {t('vid.idnHelp')}
          </p>
        </div>
        {action.state.status === 'error' && <KeyErrorNotice row={row} error={action.state.error} />}
        {action.state.status === 'ok' && (
          <div className={action.state.value.match ? 'notice notice-ok' : 'notice notice-warn'} role="status">
            <strong>{t(action.state.value.match ? 'vid.match' : 'vid.noMatch')}</strong>
            <p className="small">{t('vid.hashAlg', { alg: action.state.value.hashAlg })}</p>
          </div>
        )}
        <DialogActions submit="vid.submit" close="common.close" busy={action.busy} disabled={!password || !idnOk || action.busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function DeleteDialog({ row, onClose, onDeleted }: { row: CertificateRow; onClose(): void; onDeleted(): void }) {
  const { t, language } = useI18n();
  const toasts = useToasts();
  const { reload } = useCertificates();
  const action = useAction<{ restorable: boolean; recoveryId: string | null }>();
  async function remove() {
    const outcome = await action.run(window.dojang.deleteCertificate({ id: row.id }));
    if (!outcome.ok) return;
    const { recoveryId } = outcome.value;
    reload();
    toasts.show({
      tone: 'info',
      text: t(outcome.value.restorable ? 'delete.done' : 'delete.doneTrash', { holder: row.holder ?? '' }),
      ...(recoveryId ? { about: recoveryAbout(recoveryId) } : {}),
      ...(recoveryId
        ? {
            action: {
              label: t('delete.undo'),
              run: () =>
                void window.dojang.restoreCertificate({ recoveryId }).then((restored) => {
                  reload();
                  toasts.show({
                    about: recoveryAbout(recoveryId),
                    ...(restored.ok ? { tone: 'ok', text: t('delete.restored') } : { tone: 'error', text: localizedDetail(restored.error.message, language) }),
                  });
                }),
            },
          }
        : {}),
    });
    onDeleted();
  }
  return (
    <Dialog title={t('action.delete')} onClose={onClose}>
      <p>{t('delete.confirm', { holder: row.holder ?? '', place: row.location.label })}</p>
      <p className="muted small">{t('delete.recovery')}</p>
      {action.state.status === 'error' && <ErrorNotice error={action.state.error} compact />}
      <div className="button-row">
        <button type="button" className="danger" disabled={action.busy} onClick={() => void remove()}>
          {t(action.busy ? 'common.working' : 'delete.submit')}
        </button>
        <button type="button" onClick={onClose} data-initial-focus>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
