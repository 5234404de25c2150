/** The 금융인증서 dialogs that need the PIN or an SMS code: renew, unlock, issue. */
import { useRef, useState, type FormEvent, type Ref } from 'react';
import type { CertificateRow } from '../../../../preload/types';
import { Dialog, DialogActions } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PinPad } from '../../components/PinPad';
import { PIN_LENGTH } from '../../data/rules';
import { formatDate, formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useCertificates } from '../../state/certificates';
import { useToasts } from '../../state/toasts';
import { useAction } from '../../use-call';

/**
 * The SMS step of connecting or unlocking: when the code was sent, where the local development cloud
 * writes its "SMS" (only when the service says so), and the 6-digit code field.
 */
export function SmsCodeStep({
  id,
  sent,
  code,
  onChange,
  ref,
}: {
  id: string;
  sent: { expiresAt: string; devOutbox: string | null };
  code: string;
  onChange(code: string): void;
  ref?: Ref<HTMLInputElement>;
}) {
  const { t } = useI18n();
  return (
    <>
      <p>{t('cloud.codeSent', { time: formatDateTime(sent.expiresAt) })}</p>
      {sent.devOutbox && (
        <p className="notice notice-info small">
          {t('cloud.devOutbox')} <code>{sent.devOutbox}</code>
        </p>
      )}
      <div className="field">
        <label htmlFor={id}>{t('cloud.code')}</label>
        <input
          ref={ref}
          id={id}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
          autoFocus
        />
      </div>
    </>
  );
}

/** onDone (else onClose) gets the renewed certificate: the row the dialog was opened from is gone. */
export function CloudRenewDialog({ row, onClose, onDone = onClose }: { row: CertificateRow; onClose(): void; onDone?(row: CertificateRow): void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const { reload } = useCertificates();
  const [pin, setPin] = useState('');
  const action = useAction<CertificateRow>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const outcome = await action.run(window.dojang.cloudRenew({ credentialId: row.cloud!.credentialId, pin }));
    setPin('');
    if (outcome.ok) {
      reload();
      toasts.show({ tone: 'ok', text: t('cloud.renewed', { date: formatDate(outcome.value.notAfter) }) });
      onDone(outcome.value);
    }
  }
  return (
    <Dialog title={t('action.renewCloud')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p>{t('cloud.renewIntro')}</p>
        <PinPad label={t('pin.label')} value={pin} onChange={setPin} triesLeft={row.cloud?.triesLeft ?? null} autoFocus />
        {action.state.status === 'error' && <ErrorNotice error={action.state.error} compact />}
        <DialogActions submit="cloud.renewSubmit" close="common.cancel" busy={action.busy} disabled={pin.length !== PIN_LENGTH || action.busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}

/** A locked PIN: verify identity again by SMS, then choose a new PIN (the old one is gone). */
export function CloudUnlockDialog({ row, onClose, onDone }: { row: CertificateRow; onClose(): void; onDone(row: CertificateRow): void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const { reload } = useCertificates();
  const start = useAction<{ requestId: string; expiresAt: string; devOutbox: string | null }>();
  const finish = useAction<CertificateRow>();
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const codeField = useRef<HTMLInputElement>(null);
  const credentialId = row.cloud!.credentialId;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (start.state.status !== 'ok') return;
    const outcome = await finish.run(window.dojang.cloudUnlockFinish({ credentialId, requestId: start.state.value.requestId, code, newPin: pin }));
    if (outcome.ok) {
      reload();
      toasts.show({ tone: 'ok', text: t('cloud.unlocked') });
      onDone(outcome.value);
    } else if (outcome.error.key.startsWith('cloud.code')) {
      // A wrong code: back to the code, selected, so typing the right one replaces it (the PINs stay).
      codeField.current?.focus();
      codeField.current?.select();
    }
  }
  return (
    <Dialog title={t('action.unlock')} onClose={onClose}>
      {start.state.status !== 'ok' ? (
        <>
          <p>{t('cloud.unlockIntro')}</p>
          {start.state.status === 'error' && <ErrorNotice error={start.state.error} compact />}
          <div className="button-row">
            <button type="button" className="primary" disabled={start.busy} onClick={() => void start.run(window.dojang.cloudUnlockStart({ credentialId }))}>
              {t(start.busy ? 'common.working' : 'cloud.sendCode')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <SmsCodeStep ref={codeField} id="unlock-code" sent={start.state.value} code={code} onChange={setCode} />
          <PinPad label={t('pin.new')} value={pin} onChange={setPin} />
          <PinPad label={t('pin.confirm')} value={confirm} onChange={setConfirm} />
          {confirm.length === PIN_LENGTH && confirm !== pin && <p className="field-error small">{t('pin.mismatch')}</p>}
          <p className="muted small">{t('pin.rules')}</p>
          {finish.state.status === 'error' && <ErrorNotice error={finish.state.error} compact />}
          <DialogActions
            submit="cloud.unlockSubmit"
            close="common.cancel"
            busy={finish.busy}
            disabled={code.length !== 6 || pin.length !== PIN_LENGTH || pin !== confirm || finish.busy}
            onClose={onClose}
          />
        </form>
      )}
    </Dialog>
  );
}

/** Issue (or reissue) with the reference number and authorization code the bank gave. */
export function CloudIssueDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const { reload } = useCertificates();
  const [refNum, setRefNum] = useState('');
  const [authCode, setAuthCode] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const action = useAction<CertificateRow>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const outcome = await action.run(window.dojang.cloudIssue({ refNum: refNum.trim(), authCode: authCode.trim(), pin }));
    if (outcome.ok) {
      reload();
      toasts.show({ tone: 'ok', text: t('cloud.issued', { date: formatDate(outcome.value.notAfter) }) });
      onClose();
    }
  }
  return (
    <Dialog title={t('cloud.issue')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p>{t('cloud.issueIntro')}</p>
        <div className="field">
          <label htmlFor="issue-ref">{t('cloud.refNum')}</label>
          <input id="issue-ref" autoComplete="off" value={refNum} onChange={(e) => setRefNum(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="issue-auth">{t('cloud.authCode')}</label>
          <input id="issue-auth" autoComplete="off" value={authCode} onChange={(e) => setAuthCode(e.target.value)} />
        </div>
        <PinPad label={t('pin.new')} value={pin} onChange={setPin} />
        <PinPad label={t('pin.confirm')} value={confirm} onChange={setConfirm} />
        {confirm.length === PIN_LENGTH && confirm !== pin && <p className="field-error small">{t('pin.mismatch')}</p>}
        <p className="muted small">{t('pin.rules')}</p>
        {action.state.status === 'error' && <ErrorNotice error={action.state.error} compact />}
        <DialogActions
          submit="cloud.issueSubmit"
          close="common.cancel"
          busy={action.busy}
          disabled={!refNum.trim() || !authCode.trim() || pin.length !== PIN_LENGTH || pin !== confirm || action.busy}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
