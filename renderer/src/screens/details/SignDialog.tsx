import { useState, type FormEvent } from 'react';
import type { ChosenPath } from '../../../../preload/areas/files';
import type { CertificateRow } from '../../../../preload/types';
import { formatMessage, type Message } from '../../../../preload/messages/format';
import { Dialog, DialogActions } from '../../components/Dialog';
import { KeyErrorNotice } from '../../components/KeyErrorNotice';
import { PasswordInput } from '../../components/PasswordInput';
import { FileField } from '../../components/FileField';
import { PinPad } from '../../components/PinPad';
import { PIN_LENGTH } from '../../data/rules';
import { useI18n } from '../../i18n';
import { useRow } from '../../state/certificates';
import { useAction, useCall } from '../../use-call';
import { formatDate } from '../../format';

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
  const { t, language } = useI18n();
  // The row as last loaded: after each 금융인증서 attempt the tries left (and a lock) come from the cloud's answer.
  const row = useRow(opened.id) ?? opened;
  const cloud = row.kind === 'cloud';
  const locked = cloud && row.cloud?.pinLocked === true;
  const [source, setSource] = useState<'text' | 'file'>('text');
  const [text, setText] = useState('');
  const [file, setFile] = useState<ChosenPath | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'euc-kr'>('utf-8');
  const [detached, setDetached] = useState(false);
  const [outFile, setOutFile] = useState<ChosenPath | null>(null);
  const [secret, setSecret] = useState('');
  const [includeChain, setIncludeChain] = useState(true);
  const action = useAction<SignResult>();
  const [copied, setCopied] = useState(false);
  // Asked before the password: an expired, not-yet-valid or revoked certificate must not sign.
  const [signer] = useCall<{ state: 'ok' | 'expired' | 'notYetValid' | 'revoked'; reason?: Message | null }>(() =>
    cloud
      ? Promise.resolve({ ok: true, value: { state: row.expiry === 'expired' || row.expiry === 'notYetValid' ? row.expiry : 'ok' } })
      : window.dojang.checkSigner({ id: row.id }),
  );
  const refused = signer.status === 'ok' && signer.value.state !== 'ok' ? signer.value.state : null;
  // A revoked certificate: the revocation answer on this computer (which list, when, why) is the headline.
  const revokedBecause = refused === 'revoked' && signer.status === 'ok' ? (signer.value.reason ?? null) : null;

  const contentOk = source === 'text' ? text.length > 0 : file !== null;
  const secretOk = cloud ? secret.length === PIN_LENGTH : secret.length > 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const content = source === 'text' || !file ? { text } : { file: file.handle };
    const common = { content, encoding, detached, ...(outFile ? { outFile: outFile.handle } : {}) };
    const outcome = cloud
      ? await action.run(window.dojang.cloudSign({ credentialId: row.cloud!.credentialId, pin: secret, ...common }))
      : await action.run(window.dojang.signWithCertificate({ id: row.id, password: secret, includeChain, ...common }));
    setSecret('');
    // The save handle is spent by the write: the next signature chooses where again.
    if (outcome.ok && outFile) setOutFile(null);
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
          <FileField label={t('sign.fileLabel')} purpose="sign-input" value={file} onChange={setFile} />
        )}
        <label className="checkbox">
          <input type="checkbox" checked={detached} onChange={(e) => setDetached(e.target.checked)} />
          {t('sign.detached')}
        </label>
        {!cloud && (
          <label className="checkbox">
            <input type="checkbox" checked={includeChain} onChange={(e) => setIncludeChain(e.target.checked)} />
            {t('sign.includeChain')}
          </label>
        )}
        <FileField
          label={t('sign.outPath')}
          purpose="sign-output"
          defaultName={source === 'file' && file ? `${file.name}.p7s` : 'signature.p7s'}
          value={outFile}
          onChange={setOutFile}
          help={t('sign.outPathHelp')}
          optional
        />
        {refused ? (
          <div className="notice notice-error" role="alert">
            <strong>
              {revokedBecause
                ? formatMessage(language, revokedBecause.key, revokedBecause.params)
                : t(`sign.refused.${refused}`, { date: formatDate(refused === 'notYetValid' ? row.notBefore : row.notAfter) })}
            </strong>
            <p>{t('sign.refused.why')}</p>
          </div>
        ) : cloud ? (
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
        <DialogActions
          submit="sign.submit"
          close="common.close"
          busy={action.busy}
          disabled={locked || refused !== null || !contentOk || !secretOk || action.busy}
          reason={locked ? t('pin.lockedReason') : null}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
