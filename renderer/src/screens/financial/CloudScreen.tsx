import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { CloudConnectResult, CloudDevice, CloudStatus } from '../../../../preload/areas/cloud';
import type { CertificateRow } from '../../../../preload/types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScreenHeading } from '../../components/ScreenHeading';
import { StateBadge } from '../../components/StateBadge';
import { MAX_CLOUD_DEVICES, PIN_MAX_TRIES } from '../../data/rules';
import { formatDate, formatDateTime } from '../../format';
import { formatMessage } from '../../../../preload/messages/format';
import { useI18n } from '../../i18n';
import { rowState } from '../../model/rows';
import { useCertificates } from '../../state/certificates';
import { useNavigation } from '../../state/navigation';
import { useToasts } from '../../state/toasts';
import { useAction, useCall } from '../../use-call';
import { SignDialog } from '../details/SignDialog';
import { CloudIssueDialog, CloudRenewDialog, CloudUnlockDialog, needsNewCode, SmsCodeStep, useSmsCode } from './CloudDialogs';

const MOBILE = /^01[016789]-?\d{3,4}-?\d{4}$/;
const BIRTH = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** At the limit of remembered devices: pick one to replace (same SMS code), or connect this time only. */
function ReplaceDeviceDialog({
  devices,
  busy,
  onReplace,
  onOnce,
  onClose,
}: {
  devices: CloudDevice[];
  busy: boolean;
  onReplace(id: string): void;
  onOnce(): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState('');
  return (
    <Dialog title={t('cloud.replace.title', { max: MAX_CLOUD_DEVICES })} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (choice) onReplace(choice);
        }}
      >
        <p>{t('cloud.replace.intro')}</p>
        <fieldset className="field">
          <legend>{t('cloud.replace.legend')}</legend>
          {devices.map((d) => (
            <label key={d.id} className="checkbox">
              <input type="radio" name="replace-device" value={d.id} checked={choice === d.id} onChange={() => setChoice(d.id)} />
              {d.name} <span className="small muted">{d.lastUsedAt && t('cloud.replace.lastUsed', { last: formatDateTime(d.lastUsedAt) })}</span>
            </label>
          ))}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="primary" disabled={!choice || busy}>
            {t(busy ? 'common.working' : 'cloud.replace.submit')}
          </button>
          <button type="button" disabled={busy} onClick={onOnce}>
            {t('cloud.replace.once')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Connect this device: name, mobile number, birth date → SMS code → connected (remembered only when asked: 자동연결). */
function ConnectForm({ status, onConnected }: { status: CloudStatus; onConnected(status: CloudStatus): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [mobile, setMobile] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [code, setCode] = useState('');
  // Off by default: a one-time connection registers no device (as the real service does).
  const [remember, setRemember] = useState(false);
  const sms = useSmsCode(useCallback(() => window.dojang.cloudConnectStart({ name: name.trim(), mobile, birthDate }), [name, mobile, birthDate]));
  const verify = useAction<CloudConnectResult>();
  const [limit, setLimit] = useState<CloudDevice[] | null>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const formOk = name.trim().length > 0 && MOBILE.test(mobile) && BIRTH.test(birthDate);
  const failure = verify.state.status === 'error' ? verify.state.error : null;

  /** A new code in place of one that can no longer work (same details): the field emptied and focused for it. */
  async function newCode() {
    if (!(await sms.send()).ok) return;
    setCode('');
    verify.reset();
    codeField.current?.focus();
  }

  function send(event: FormEvent) {
    event.preventDefault();
    void sms.send();
  }
  async function connectWith(rememberThis: boolean, replaceDeviceId?: string) {
    if (!sms.sent) return;
    const outcome = await verify.run(
      window.dojang.cloudConnectVerify({ requestId: sms.sent.requestId, code, remember: rememberThis, ...(replaceDeviceId ? { replaceDeviceId } : {}) }),
    );
    if (!outcome.ok) {
      setLimit(null);
      return;
    }
    if (outcome.value.connected) {
      setLimit(null);
      onConnected(outcome.value.status);
    } else setLimit(outcome.value.deviceLimit);
  }
  async function confirm(event: FormEvent) {
    event.preventDefault();
    await connectWith(remember);
  }

  if (sms.sent)
    return (
      <>
        <form onSubmit={(e) => void confirm(e)} className="panel" aria-labelledby="connect-title">
          <h2 id="connect-title">{t('cloud.connect.step2')}</h2>
          <SmsCodeStep
            ref={codeField}
            id="connect-code"
            sent={sms.sent}
            code={code}
            onChange={setCode}
            resend={needsNewCode(failure) ? { busy: sms.busy, error: sms.error, onClick: () => void newCode() } : null}
          />
          <label className="checkbox">
            <input type="checkbox" checked={remember} disabled={status.keychain !== 'available'} onChange={(e) => setRemember(e.target.checked)} aria-describedby="remember-help" />
            {t('cloud.remember')}
          </label>
          <p id="remember-help" className="muted small">
            {status.keychain === 'available' ? t(remember ? 'cloud.rememberHelp' : 'cloud.rememberOff', { max: MAX_CLOUD_DEVICES }) : t('cloud.noKeychain')}
          </p>
          {failure && <ErrorNotice error={failure} compact />}

          <div className="button-row">
            <button type="submit" className="primary" disabled={code.length !== 6 || verify.busy}>
              {t(verify.busy ? 'common.working' : 'cloud.connect.verify')}
            </button>
            <button type="button" onClick={sms.reset}>
              {t('common.back')}
            </button>
          </div>
        </form>
        {limit && (
          // Outside the form above: a form inside a form would submit both.
          <ReplaceDeviceDialog
            devices={limit}
            busy={verify.busy}
            onReplace={(id) => void connectWith(true, id)}
            onOnce={() => void connectWith(false)}
            onClose={() => setLimit(null)}
          />
        )}
      </>
    );

  return (
    <form onSubmit={send} className="panel" aria-labelledby="connect-title">
      <h2 id="connect-title">{t('cloud.connect.title')}</h2>
      <p className="muted">{t('cloud.connect.intro')}</p>
      <div className="field">
        <label htmlFor="connect-name">{t('cloud.name')}</label>
        <input id="connect-name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="connect-mobile">{t('cloud.mobile')}</label>
        <input id="connect-mobile" type="tel" autoComplete="tel" value={mobile} onChange={(e) => setMobile(e.target.value.trim())} aria-describedby="connect-mobile-help" />
        <p id="connect-mobile-help" className="muted small">
          {t('cloud.mobileHelp')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="connect-birth">{t('cloud.birthDate')}</label>
        <input
          id="connect-birth"
          inputMode="numeric"
          autoComplete="bday"
          maxLength={8}
          value={birthDate}
          onChange={(e) => setBirthDate(e.target.value.replace(/\D/g, ''))}
          aria-describedby="connect-birth-help"
        />
        <p id="connect-birth-help" className="muted small">
          {t('cloud.birthHelp')}
        </p>
      </div>
      {sms.error && <ErrorNotice error={sms.error} compact />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={!formOk || sms.busy}>
          {t(sms.busy ? 'common.working' : 'cloud.sendCode')}
        </button>
      </div>
    </form>
  );
}

type CloudDialog = { name: 'sign' | 'renew' | 'unlock'; row: CertificateRow } | { name: 'issue' } | { name: 'revoke'; device: CloudDevice };

function CloudCertificates({
  rows,
  open,
  focusRow,
  onFocused,
}: {
  rows: CertificateRow[];
  open(d: CloudDialog): void;
  /** A certificate to put focus on (its first action) once the list shows it as given. */
  focusRow: CertificateRow | null;
  onFocused(): void;
}) {
  const { t } = useI18n();
  const { navigate } = useNavigation();
  const list = useRef<HTMLUListElement>(null);
  // After a renewal or an unlock the button that opened the dialog is gone: without this, focus
  // would fall to the page's start once the list reloads.
  useEffect(() => {
    if (!focusRow || !rows.some((r) => r.id === focusRow.id && rowState(r) === rowState(focusRow))) return;
    list.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(focusRow.id)}"] .button-row button:not([disabled])`)?.focus();
    onFocused();
  }, [focusRow, rows, onFocused]);
  return (
    <section className="panel" aria-labelledby="cloud-certs-title">
      <div className="panel-header">
        <h2 id="cloud-certs-title">{t('cloud.certificates')}</h2>
        <button type="button" onClick={() => open({ name: 'issue' })}>
          {t('cloud.issue')}
        </button>
      </div>
      {rows.length === 0 && <p className="muted">{t('cloud.noCertificates')}</p>}
      <ul className="cloud-certs" ref={list}>
        {rows.map((row) => {
          const state = rowState(row);
          return (
            <li key={row.id} className="cloud-cert" data-id={row.id}>
              <div>
                <div className="holder">{row.holder}</div>
                <div className="small muted">
                  {formatDate(row.notBefore)} – {formatDate(row.notAfter)}
                </div>
                <StateBadge row={row} />{' '}
                <span className="small">{row.cloud?.pinLocked ? t('cloud.pinLockedShort') : t('pin.triesLeft', { tries: row.cloud?.triesLeft ?? PIN_MAX_TRIES })}</span>
              </div>
              <div className="button-row">
                {state === 'locked' ? (
                  <button type="button" className="primary" onClick={() => open({ name: 'unlock', row })}>
                    {t('action.unlock')}
                  </button>
                ) : (
                  <button type="button" disabled={state === 'expired'} onClick={() => open({ name: 'sign', row })}>
                    {t('action.sign')}
                  </button>
                )}
                {(state === 'renewal' || row.cloud?.renewalOffered) && (
                  <button type="button" className="primary" onClick={() => open({ name: 'renew', row })}>
                    {t('action.renewCloud')}
                  </button>
                )}
                <button type="button" onClick={() => navigate({ name: 'details', id: row.id })}>
                  {t('action.details')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Devices({ open }: { open(d: CloudDialog): void }) {
  const { t } = useI18n();
  const [state, reload] = useCall(() => window.dojang.cloudDevices({}));
  return (
    <section className="panel" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('cloud.devices')}</h2>
      <p className="muted small">{t('cloud.devicesHelp', { max: MAX_CLOUD_DEVICES })}</p>
      {state.status === 'loading' && <p role="status">{t('common.loading')}</p>}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} compact />}
      {state.status === 'ok' && (
        <ul className="devices">
          {state.value.devices.map((device) => (
            <li key={device.id}>
              <div>
                <strong>{device.name}</strong> {device.current && <span className="tag">{t('cloud.thisDevice')}</span>}
                <div className="small muted">{t('cloud.deviceSince', { date: formatDate(device.createdAt), last: formatDateTime(device.lastUsedAt) })}</div>
              </div>
              <button type="button" onClick={() => open({ name: 'revoke', device })}>
                {t('cloud.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RevokeDialog({ device, onClose, onDone }: { device: CloudDevice; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const action = useAction<{ devices: CloudDevice[] }>();
  async function revoke() {
    const outcome = await action.run(window.dojang.cloudRevokeDevice({ deviceId: device.id }));
    if (outcome.ok) onDone();
  }
  return (
    <Dialog title={t('cloud.revoke')} onClose={onClose}>
      <p>{t(device.current ? 'cloud.revokeThis' : 'cloud.revokeOther', { name: device.name })}</p>
      {action.state.status === 'error' && <ErrorNotice error={action.state.error} compact />}
      <div className="button-row">
        <button type="button" className="danger" disabled={action.busy} onClick={() => void revoke()}>
          {t(action.busy ? 'common.working' : 'cloud.revoke')}
        </button>
        <button type="button" onClick={onClose} data-initial-focus>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The 금융인증서: connect this device to the cloud, see the certificates kept there (their PIN
 * state, renewal), sign, unlock, issue, and manage the devices that may use them.
 */
export function CloudScreen() {
  const { t, language } = useI18n();
  const toasts = useToasts();
  const certs = useCertificates();
  const [state, reload] = useCall(() => window.dojang.cloudStatus({}));
  const [status, setStatus] = useState<CloudStatus | null>(null);
  const [dialog, setDialog] = useState<CloudDialog | null>(null);
  const [devicesVersion, setDevicesVersion] = useState(0);
  const [focusRow, setFocusRow] = useState<CertificateRow | null>(null);
  const current = status ?? (state.status === 'ok' ? state.value : null);
  const rows = certs.rows.filter((r) => r.kind === 'cloud');
  const attention = rows.filter((r) => rowState(r) === 'renewal' || r.cloud?.renewalOffered);

  const disconnect = useAction<CloudStatus>();
  async function onDisconnect() {
    const outcome = await disconnect.run(window.dojang.cloudDisconnect({}));
    if (outcome.ok) {
      setStatus(outcome.value);
      certs.reload();
    }
  }
  function connected(next: CloudStatus) {
    setStatus(next);
    certs.reload();
    toasts.show({ tone: 'ok', text: t('cloud.connected', { name: next.person?.name ?? '' }) });
  }
  const close = () => setDialog(null);
  const done = (row: CertificateRow) => {
    setFocusRow(row);
    close();
  };

  return (
    <section aria-labelledby="screen-title" className="screen">
      <header className="screen-header">
        <ScreenHeading>{t('cloud.heading')}</ScreenHeading>
      </header>
      <p className="muted">{t('cloud.intro')}</p>
      {state.status === 'loading' && !current && <p role="status">{t('common.loading')}</p>}
      {state.status === 'error' && !current && <ErrorNotice error={state.error} onRetry={reload} />}
      {current && (
        <>
          <div className="panel cloud-status">
            <p>
              <strong>{t(current.connected ? 'cloud.status.connected' : 'cloud.status.disconnected')}</strong>
              {current.person && ` · ${current.person.name}`}
              {current.connected && ` · ${t(current.remembered ? 'cloud.status.remembered' : 'cloud.status.once')}`}
            </p>
            <p className="small muted">
              {t('cloud.service')} <code>{current.url}</code> · {t(current.reachable ? 'cloud.reachable' : 'cloud.unreachable')}
            </p>
            {current.keychain === 'unavailable' && (
              <p className="small">{current.keychainMessage ? formatMessage(language, current.keychainMessage.key, current.keychainMessage.params) : t('cloud.noKeychain')}</p>
            )}
            {current.connected && (
              <button type="button" disabled={disconnect.busy} onClick={() => void onDisconnect()}>
                {t('cloud.disconnect')}
              </button>
            )}
            {disconnect.state.status === 'error' && <ErrorNotice error={disconnect.state.error} compact />}
          </div>
          {current.connected && attention.length > 0 && (
            <div className="banner banner-renewal" role="status">
              <strong>{t('cloud.renewalBanner', { count: attention.length })}</strong>
              <p>{t('cloud.renewalBody')}</p>
            </div>
          )}
          {current.connected && certs.cloudError && <ErrorNotice error={certs.cloudError} onRetry={certs.reload} />}
          {!current.connected && <ConnectForm status={current} onConnected={connected} />}
          {current.connected && <CloudCertificates rows={rows} open={setDialog} focusRow={focusRow} onFocused={() => setFocusRow(null)} />}
          {current.connected && <Devices key={devicesVersion} open={setDialog} />}
        </>
      )}
      {dialog?.name === 'sign' && <SignDialog row={dialog.row} onClose={close} onAttempt={certs.reload} />}
      {dialog?.name === 'renew' && <CloudRenewDialog row={dialog.row} onClose={close} onDone={done} />}
      {dialog?.name === 'unlock' && <CloudUnlockDialog row={dialog.row} onClose={close} onDone={done} />}
      {dialog?.name === 'issue' && <CloudIssueDialog onClose={close} />}
      {dialog?.name === 'revoke' && (
        <RevokeDialog
          device={dialog.device}
          onClose={close}
          onDone={() => {
            close();
            setDevicesVersion((v) => v + 1);
            if (dialog.device.current) {
              setStatus(null);
              reload();
              certs.reload();
            }
          }}
        />
      )}
    </section>
  );
}
