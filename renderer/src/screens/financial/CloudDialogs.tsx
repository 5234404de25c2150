/** The 금융인증서 dialogs that need the PIN or an SMS code: renew, unlock, issue. */
import { useCallback, useRef, useState, type FormEvent, type Ref } from 'react';
import type { BridgeError, Outcome } from '../../../../preload/errors';
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

export interface SmsSent {
  requestId: string;
  expiresAt: string;
  devOutbox: string | null;
}

/** Answers after which the code sent can never work (no tries left, expired, ended): only a new code helps. */
const NEW_CODE_NEEDED = new Set(['cloud.codeWrongLast', 'cloud.codeExpired', 'cloud.verificationUnknown']);
export const needsNewCode = (error: BridgeError | null): boolean => !!error && NEW_CODE_NEEDED.has(error.key);

/**
 * An SMS code request that can be sent again in place: `sent` keeps the last code's request while
 * a new one is on its way (the step stays on screen), and is null before the first one.
 */
export function useSmsCode(request: () => Promise<Outcome<SmsSent>>) {
  const action = useAction<SmsSent>();
  const [sent, setSent] = useState<SmsSent | null>(null);
  const { run, reset: resetAction } = action;
  const send = useCallback(async () => {
    const outcome = await run(request());
    if (outcome.ok) setSent(outcome.value);
    return outcome;
  }, [run, request]);
  const reset = useCallback(() => {
    resetAction();
    setSent(null);
  }, [resetAction]);
  return { sent, send, reset, busy: action.busy, error: action.state.status === 'error' ? action.state.error : null };
}

/**
 * The SMS step of connecting or unlocking: when the code was sent, where the local development cloud
 * writes its "SMS" (only when the service says so), and the 6-digit code field. `resend` offers a
 * new code under the field (after an answer that `needsNewCode`).
 */
export function SmsCodeStep({
  id,
  sent,
  code,
  onChange,
  resend,
  ref,
}: {
  id: string;
  sent: { expiresAt: string; devOutbox: string | null };
  code: string;
  onChange(code: string): void;
  resend?: { onClick(): void; busy: boolean; error: BridgeError | null } | null;
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
        {resend && (
          <div className="button-row">
            {/* Focused as it appears: after a code that can never work, a new one is the next step. */}
            <button type="button" disabled={resend.busy} onClick={resend.onClick} autoFocus>
              {t(resend.busy ? 'common.working' : 'cloud.sendNewCode')}
            </button>
          </div>
        )}
        {resend?.error && <ErrorNotice error={resend.error} compact />}
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
  const credentialId = row.cloud!.credentialId;
  const sms = useSmsCode(useCallback(() => window.dojang.cloudUnlockStart({ credentialId }), [credentialId]));
  const finish = useAction<CertificateRow>();
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const codeField = useRef<HTMLInputElement>(null);
  const failure = finish.state.status === 'error' ? finish.state.error : null;

  /** A new code in place of one that can no longer work: the field emptied and focused for it; the PINs stay. */
  async function newCode() {
    if (!(await sms.send()).ok) return;
    setCode('');
    finish.reset();
    codeField.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!sms.sent) return;
    const outcome = await finish.run(window.dojang.cloudUnlockFinish({ credentialId, requestId: sms.sent.requestId, code, newPin: pin }));
    if (outcome.ok) {
      reload();
      toasts.show({ tone: 'ok', text: t('cloud.unlocked') });
      onDone(outcome.value);
    } else if (outcome.error.key.startsWith('cloud.code') && !needsNewCode(outcome.error)) {
      // A wrong code: back to the code, selected, so typing the right one replaces it (the PINs stay).
      codeField.current?.focus();
      codeField.current?.select();
    }
  }
  return (
    <Dialog title={t('action.unlock')} onClose={onClose}>
      {!sms.sent ? (
        <>
          <p>{t('cloud.unlockIntro')}</p>
          {sms.error && <ErrorNotice error={sms.error} compact />}
          <div className="button-row">
            <button type="button" className="primary" disabled={sms.busy} onClick={() => void sms.send()}>
              {t(sms.busy ? 'common.working' : 'cloud.sendCode')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <SmsCodeStep
            ref={codeField}
            id="unlock-code"
            sent={sms.sent}
            code={code}
            onChange={setCode}
            resend={needsNewCode(failure) ? { busy: sms.busy, error: sms.error, onClick: () => void newCode() } : null}
          />
          <PinPad label={t('pin.new')} value={pin} onChange={setPin} />
          <PinPad label={t('pin.confirm')} value={confirm} onChange={setConfirm} />
          {confirm.length === PIN_LENGTH && confirm !== pin && <p className="field-error small">{t('pin.mismatch')}</p>}
          <p className="muted small">{t('pin.rules')}</p>
          {failure && <ErrorNotice error={failure} compact />}
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
