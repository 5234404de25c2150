import { useState, type FormEvent } from 'react';
import type { CertificateRow } from '../../../../preload/types';
import { Dialog, DialogActions } from '../../components/Dialog';
import { KeyErrorNotice } from '../../components/KeyErrorNotice';
import { PasswordInput } from '../../components/PasswordInput';
import { PathField } from '../../components/PathField';
import { PinPad } from '../../components/PinPad';
import { PIN_LENGTH } from '../../data/rules';
import { useI18n } from '../../i18n';
import { isAbsolutePath } from '../../model/paths';
import { useRow } from '../../state/certificates';
import { useAction } from '../../use-call';

interface SignResult {
  cmsBase64: string;
  outPath: string | null;
  renewalOffered?: boolean;
  rValueBase64?: string | null;
}

/**
 * Sign a text or a file (CMS SignedData) with a 공동인증서 (password) or a 금융인증서 (PIN, in the cloud).
 * Text is UTF-8 unless the relying party asks for EUC-KR.
 */
export function SignDialog({ row: opened, onClose, onAttempt }: { row: CertificateRow; onClose(): void; onAttempt?(): void }) {
  const { t } = useI18n();
  // The row as last loaded: after each 금융인증서 attempt the tries left (and a lock) come from the cloud's answer.
  const row = useRow(opened.id) ?? opened;
  const cloud = row.kind === 'cloud';
  const locked = cloud && row.cloud?.pinLocked === true;
  const [source, setSource] = useState<'text' | 'file'>('text');
  const [text, setText] = useState('');
  const [file, setFile] = useState('');
  const [encoding, setEncoding] = useState<'utf-8' | 'euc-kr'>('utf-8');
  const [detached, setDetached] = useState(false);
  const [outPath, setOutPath] = useState('');
  const [secret, setSecret] = useState('');
  const action = useAction<SignResult>();
  const [copied, setCopied] = useState(false);

  const contentOk = source === 'text' ? text.length > 0 : isAbsolutePath(file.trim());
  const outOk = outPath.trim() === '' || isAbsolutePath(outPath.trim());
  const secretOk = cloud ? secret.length === PIN_LENGTH : secret.length > 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const content = source === 'text' ? { text } : { path: file.trim() };
    const common = { content, encoding, detached, ...(outPath.trim() ? { outPath: outPath.trim() } : {}) };
    const outcome = cloud
      ? await action.run(window.dojang.cloudSign({ credentialId: row.cloud!.credentialId, pin: secret, ...common }))
      : await action.run(window.dojang.signWithCertificate({ id: row.id, password: secret, ...common }));
    setSecret('');
    // A 금융인증서 attempt changes the tries left (or renews): the caller refreshes what it shows.
    if (cloud || outcome.ok) onAttempt?.();

  }

  async function copy(value: string) {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <Dialog title={t('action.sign')} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="inline-choices">
          <legend>{t('sign.what')}</legend>
          <label className="radio">
            <input type="radio" name="sign-source" checked={source === 'text'} onChange={() => setSource('text')} />
            {t('sign.text')}
          </label>
          <label className="radio">
            <input type="radio" name="sign-source" checked={source === 'file'} onChange={() => setSource('file')} />
            {t('sign.file')}
          </label>
        </fieldset>
        {source === 'text' ? (
          <div className="field">
            <label htmlFor="sign-text">{t('sign.textLabel')}</label>
            <textarea id="sign-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
            <label className="inline-label">
              {t('sign.encoding')}{' '}
              <select value={encoding} onChange={(e) => setEncoding(e.target.value as 'utf-8' | 'euc-kr')}>
                <option value="utf-8">{t('sign.utf8')}</option>
                <option value="euc-kr">{t('sign.euckr')}</option>
              </select>
            </label>
          </div>
        ) : (
          <PathField label={t('sign.fileLabel')} mode="openFile" value={file} onChange={setFile} />
        )}
        <label className="checkbox">
          <input type="checkbox" checked={detached} onChange={(e) => setDetached(e.target.checked)} />
          {t('sign.detached')}
        </label>
        <PathField label={t('sign.outPath')} mode="saveFile" extensions={['p7s']} value={outPath} onChange={setOutPath} help={t('sign.outPathHelp')} />
        {cloud ? (
          <PinPad label={t('pin.label')} value={secret} onChange={setSecret} triesLeft={row.cloud?.triesLeft ?? null} disabled={locked} disabledReason={t('pin.lockedReason')} />
        ) : (
          <PasswordInput label={t('password.current')} value={secret} onChange={setSecret} />
        )}
        {action.state.status === 'error' && <KeyErrorNotice row={row} error={action.state.error} />}
        {action.state.status === 'ok' && (
          <div className="notice notice-ok" role="status">
            <strong>{t('sign.done')}</strong>
            {action.state.value.outPath && (
              <p>
                {t('sign.savedTo')} <code>{action.state.value.outPath}</code>
              </p>
            )}
            {action.state.value.renewalOffered && <p>{t('cloud.renewalOffered')}</p>}
            <label className="field">
              {t('sign.result')}
              <textarea readOnly rows={4} value={action.state.value.cmsBase64} className="mono" />
            </label>
            <button type="button" onClick={() => void copy((action.state as { value: SignResult }).value.cmsBase64)}>
              {t(copied ? 'common.copied' : 'common.copy')}
            </button>
          </div>
        )}
        <DialogActions submit="sign.submit" close="common.close" busy={action.busy} disabled={locked || !contentOk || !outOk || !secretOk || action.busy} reason={locked ? t('pin.lockedReason') : null} onClose={onClose} />
      </form>
    </Dialog>
  );
}
