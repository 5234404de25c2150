import { useEffect, useState } from 'react';
import type { Settings } from '../../preload/types';
import { I18nProvider, translator } from './i18n';
import { CertificatesScreen } from './screens/CertificatesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { ErrorNotice } from './components/ErrorNotice';
import { useCall } from './use-call';

type Screen = 'certificates' | 'settings';

export function App() {
  const [settingsState, reloadSettings] = useCall(() => window.dojang.getSettings({}));
  const [changed, setSettings] = useState<Settings | null>(null);
  const [screen, setScreen] = useState<Screen>('certificates');
  const settings = changed ?? (settingsState.status === 'ok' ? settingsState.value : null);

  useEffect(() => {
    document.documentElement.lang = settings?.language ?? 'ko';
  }, [settings?.language]);

  if (settingsState.status === 'error') {
    return (
      <I18nProvider language="ko">
        <main className="app-main">
          <ErrorNotice error={settingsState.error} onRetry={reloadSettings} />
        </main>
      </I18nProvider>
    );
  }
  if (!settings) return null;
  const t = translator(settings.language);

  return (
    <I18nProvider language={settings.language}>
      <div className="app">
        <nav className="sidebar" aria-label={t('app.title')}>
          <div className="brand">
            <span className="seal" aria-hidden="true">
              印
            </span>
            <div>
              <div className="brand-name">{t('app.title')}</div>
              <div className="muted small">{t('app.subtitle')}</div>
            </div>
          </div>
          <ul>
            {(['certificates', 'settings'] as Screen[]).map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className={screen === name ? 'nav-item active' : 'nav-item'}
                  aria-current={screen === name ? 'page' : undefined}
                  onClick={() => setScreen(name)}
                >
                  {t(`nav.${name}`)}
                </button>
              </li>
            ))}
          </ul>
          <div className="host-tag muted small">{t(window.dojang.host === 'electron' ? 'host.electron' : 'host.browser')}</div>
        </nav>
        <main className="app-main">
          {screen === 'certificates' && <CertificatesScreen key={settings.folders.join('|')} />}
          {screen === 'settings' && <SettingsScreen settings={settings} onChange={setSettings} />}
        </main>
      </div>
    </I18nProvider>
  );
}
