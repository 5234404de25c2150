import { useState, type FormEvent } from 'react';
import type { BridgeError, Outcome } from '../../../preload/errors';
import { THEMES, type Language, type Settings, type Theme } from '../../../preload/types';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ChosenPath } from '../../../preload/areas/files';
import { FileField } from '../components/FileField';
import { ScreenHeading } from '../components/ScreenHeading';
import { formatDateTime } from '../format';
import { localizedDetail, useI18n } from '../i18n';
import { useAppInfo } from '../state/app-info';
import { useCertificates } from '../state/certificates';
import { useSettings } from '../state/settings';
import { recoveryAbout, useToasts } from '../state/toasts';
import { useCall } from '../use-call';
import { AgentSettings } from './agent/AgentSettings';

const LANGUAGES: readonly Language[] = ['ko', 'en'];

function RecentlyDeleted() {
  const { t } = useI18n();
  const toasts = useToasts();
  const { reload: reloadList } = useCertificates();
  const [state, reload] = useCall(() => window.dojang.listRecovery({}));
  const [error, setError] = useState<BridgeError | null>(null);
  async function restore(recoveryId: string) {
    const outcome = await window.dojang.restoreCertificate({ recoveryId });
    if (outcome.ok) {
      setError(null);
      // The delete message's undo no longer applies: this message replaces it.
      toasts.show({ tone: 'ok', text: t('delete.restored'), about: recoveryAbout(recoveryId) });
      reload();
      reloadList();
    } else setError(outcome.error);
  }
  return (
    <fieldset>
      <legend>{t('settings.deleted')}</legend>
      <p className="muted small">{t('settings.deletedHelp')}</p>
      {error && <ErrorNotice error={error} compact />}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} compact />}
      {state.status === 'ok' && state.value.length === 0 && <p className="muted">{t('settings.deletedNone')}</p>}
      {state.status === 'ok' && state.value.length > 0 && (
        <ul className="recovery-list">
          {state.value.map((item) => (
            <li key={item.id}>
              <span>
                <strong>{item.name}</strong> <span className="small muted">{formatDateTime(item.deletedAt)}</span>
                <code className="block small">{item.originalPath}</code>
              </span>
              <button type="button" onClick={() => void restore(item.id)}>
                {t('settings.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Where the log files are: the desktop app opens the folder; the browser host shows its path. */
function LogFolder() {
  const { t } = useI18n();
  const [shown, setShown] = useState<{ path: string | null; opened: boolean; problem: string | null } | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  async function open() {
    const outcome = await window.dojang.openLogFolder({});
    if (outcome.ok) {
      setError(null);
      setShown(outcome.value);
    } else setError(outcome.error);
  }
  return (
    <fieldset>
      <legend>{t('settings.logs')}</legend>
      <p className="muted small">{t('settings.logsHelp')}</p>
      {error && <ErrorNotice error={error} compact />}
      <button type="button" onClick={() => void open()}>
        {t('settings.logsOpen')}
      </button>
      {shown?.path && !shown.opened && <code className="block small">{shown.path}</code>}
      {shown && !shown.path && <p role="status">{t('settings.logsOff', { problem: shown.problem ?? '' })}</p>}
    </fieldset>
  );
}

export function SettingsScreen() {
  const { t, language } = useI18n();
  const { settings, setSettings } = useSettings();
  const info = useAppInfo();
  const toasts = useToasts();
  const [folder, setFolder] = useState<ChosenPath | null>(null);
  const [cloudUrl, setCloudUrl] = useState(settings.cloudUrl ?? '');
  const [error, setError] = useState<BridgeError | null>(null);
  const [cloudError, setCloudError] = useState<BridgeError | null>(null);

  async function apply(call: Promise<Outcome<Settings>>): Promise<boolean> {
    const outcome = await call;
    if (outcome.ok) {
      setError(null);
      setSettings(outcome.value);
      return true;
    }
    setError(outcome.error);
    return false;
  }

  /** Switches show their new state at once; a refused change puts the old one back. */
  function applyNow(change: { language?: Language; notifications?: boolean; openAtLogin?: boolean; theme?: Theme }) {
    const before = settings;
    setSettings({ ...settings, ...change });
    void apply(window.dojang.updateSettings(change)).then((ok) => ok || setSettings(before));
  }

  function addFolder(event: FormEvent) {
    event.preventDefault();
    if (!folder) return;
    void apply(window.dojang.addFolder({ folder: folder.handle }).then((o) => (o.ok ? { ok: true as const, value: o.value.settings } : o))).then((ok) => ok && setFolder(null));
  }

  /** A refused address is said at its field (with main's reason), never as "saved". */
  async function saveCloudUrl(event: FormEvent) {
    event.preventDefault();
    const outcome = await window.dojang.updateSettings({ cloudUrl: cloudUrl.trim() || null });
    if (!outcome.ok) {
      setCloudError(outcome.error);
      return;
    }
    setCloudError(null);
    setSettings(outcome.value);
    setCloudUrl(outcome.value.cloudUrl ?? '');
    toasts.show({ tone: 'ok', text: t('settings.saved') });
  }

  return (
    <section aria-labelledby="screen-title" className="screen settings">
      <ScreenHeading>{t('settings.heading')}</ScreenHeading>
      {error && <ErrorNotice error={error} />}
      <fieldset>
        <legend>{t('settings.language')}</legend>
        {LANGUAGES.map((language) => (
          <label key={language} className="radio">
            <input type="radio" name="language" value={language} checked={settings.language === language} onChange={() => applyNow({ language })} />
            <span lang={language}>{t(`language.${language}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.theme')}</legend>
        {THEMES.map((theme) => (
          <label key={theme} className="radio">
            <input type="radio" name="theme" value={theme} checked={(settings.theme ?? 'system') === theme} onChange={() => applyNow({ theme })} />
            {t(`theme.${theme}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.folders')}</legend>
        {settings.folders.length === 0 ? (
          <p className="muted">{t('settings.folders.none')}</p>
        ) : (
          <ul className="folders">
            {settings.folders.map((f) => (
              <li key={f}>
                <code>{f}</code>
                <button type="button" onClick={() => void apply(window.dojang.removeFolder({ path: f }))} aria-label={t('settings.folders.removeNamed', { path: f })}>
                  {t('settings.folders.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={addFolder} className="stack-form">
          <FileField label={t('settings.folders.input')} purpose="add-folder" value={folder} onChange={setFolder} help={t('settings.folders.help')} />
          <button type="submit" disabled={!folder}>
            {t('settings.folders.add')}
          </button>
        </form>
      </fieldset>
      <fieldset>
        <legend>{t('settings.cloud')}</legend>
        <form onSubmit={(e) => void saveCloudUrl(e)} className="stack-form">
          <div className="field">
            <label htmlFor="cloud-url">{t('settings.cloudUrl')}</label>
            <input
              id="cloud-url"
              type="url"
              value={cloudUrl}
              placeholder="https://"
              onChange={(e) => setCloudUrl(e.target.value)}
              aria-invalid={cloudError ? true : undefined}
              aria-describedby={cloudError ? 'cloud-url-error cloud-url-help' : 'cloud-url-help'}
            />
            {cloudError && (
              <p id="cloud-url-error" className="field-error small" role="alert">
                {t('settings.cloudUrlRefused')} {localizedDetail(cloudError.message, language)}
              </p>
            )}
            <p id="cloud-url-help" className="muted small">
              {t('settings.cloudUrlHelp')}
            </p>
          </div>
          <button type="submit">{t('settings.save')}</button>
        </form>
      </fieldset>
      <fieldset>
        <legend>{t('settings.notifications')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={settings.notifications} onChange={(e) => applyNow({ notifications: e.target.checked })} />
          {t('settings.notificationsLabel')}
        </label>
        {info.host === 'electron' && (info.platform === 'win32' || info.platform === 'darwin') && (
          <label className="checkbox">
            <input type="checkbox" checked={settings.openAtLogin === true} onChange={(e) => applyNow({ openAtLogin: e.target.checked })} />
            {t('settings.openAtLogin')}
          </label>
        )}
      </fieldset>
      <AgentSettings settings={settings} onSettings={setSettings} />
      <RecentlyDeleted />
      <LogFolder />
      <p className="muted small">{t('settings.about', { version: info.version, host: t(info.host === 'electron' ? 'host.electron' : 'host.browser'), platform: info.platform })}</p>
    </section>
  );
}
