import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { AppInfo, Settings } from '../../preload/types';
import { ErrorNotice } from './components/ErrorNotice';
import { I18nProvider, translator, useI18n } from './i18n';
import { dropKind } from './model/files';
import { AppInfoContext } from './state/app-info';
import { CertificatesProvider, useCertificates } from './state/certificates';
import { NAV_SCREENS, NavigationContext, useNavigation, type Route, type ScreenName } from './state/navigation';
import { SettingsContext } from './state/settings';
import { appInfoCall, settingsCall } from './state/first-calls';
import { ToastProvider } from './state/toasts';
import { useCall } from './use-call';
import { CertificatesScreen } from './screens/CertificatesScreen';
import { AgentConsent, isConsentWindow } from './screens/agent/AgentConsent';

// The screens other than the list load when first shown: the chunk the window starts with stays
// small (src/main.tsx, docs/decisions.md "Performance: launch").
const CompareScreen = lazy(() => import('./screens/CompareScreen').then((m) => ({ default: m.CompareScreen })));
const CloudScreen = lazy(() => import('./screens/financial/CloudScreen').then((m) => ({ default: m.CloudScreen })));
const DetailsScreen = lazy(() => import('./screens/details/DetailsScreen').then((m) => ({ default: m.DetailsScreen })));
const SettingsScreen = lazy(() => import('./screens/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const TimelineScreen = lazy(() => import('./screens/TimelineScreen').then((m) => ({ default: m.TimelineScreen })));
const TransferScreen = lazy(() => import('./screens/transfer/TransferScreen').then((m) => ({ default: m.TransferScreen })));
const VerifyScreen = lazy(() => import('./screens/verify/VerifyScreen').then((m) => ({ default: m.VerifyScreen })));

const NAV_ICONS: Record<ScreenName, string> = {
  certificates: '▤',
  timeline: '▭',
  compare: '⇆',
  transfer: '⇅',
  cloud: '☁',
  verify: '✓',
  settings: '⚙',
  details: '',
};

/** How many certificates need the user (expired, in the renewal window, locked): shown beside "인증서". */
function AttentionCount() {
  const { t } = useI18n();
  const { index } = useCertificates();
  const count = index.filter((i) => i.state === 'expired' || i.state === 'renewal' || i.state === 'locked').length;
  if (count === 0) return null;
  return (
    <>
      <span className="nav-count" aria-hidden="true">
        {count}
      </span>
      <span className="visually-hidden">{t('nav.attention', { count })}</span>
    </>
  );
}

function Sidebar() {
  const { t } = useI18n();
  const { route, navigate } = useNavigation();
  const current = route.name === 'details' ? 'certificates' : route.name;
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
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
        {NAV_SCREENS.map((name) => (
          <li key={name}>
            <button
              type="button"
              className={current === name ? 'nav-item active' : 'nav-item'}
              aria-current={current === name ? 'page' : undefined}
              onClick={() => navigate({ name } as Route)}
            >
              <span className="nav-icon" aria-hidden="true">
                {NAV_ICONS[name]}
              </span>
              <span>{t(`nav.${name}`)}</span>
              {name === 'certificates' && <AttentionCount />}
            </button>
          </li>
        ))}
      </ul>
      <div className="host-tag muted small">{t(window.dojang.host === 'electron' ? 'host.electron' : 'host.browser')}</div>
    </nav>
  );
}

function Screen() {
  const { route } = useNavigation();
  switch (route.name) {
    case 'certificates':
      return <CertificatesScreen />;
    case 'timeline':
      return <TimelineScreen />;
    case 'details':
      return <DetailsScreen key={route.id} id={route.id} {...(route.row ? { arriving: route.row } : {})} />;
    case 'compare':
      return <CompareScreen />;
    case 'transfer':
      return (
        <TransferScreen
          key={`${route.tab ?? ''}:${route.dropped ?? ''}:${route.ids?.join(',') ?? ''}`}
          {...(route.tab ? { tab: route.tab } : {})}
          {...(route.ids ? { ids: route.ids } : {})}
          {...(route.dropped ? { dropped: route.dropped } : {})}
        />
      );
    case 'cloud':
      return <CloudScreen />;
    case 'verify':
      return (
        <VerifyScreen
          key={`${route.tab ?? ''}:${route.file ? `${route.file.name}:${route.file.lastModified}` : ''}:${route.opened?.handle ?? ''}`}
          {...(route.tab ? { tab: route.tab } : {})}
          {...(route.file ? { file: route.file } : {})}
          {...(route.opened ? { opened: route.opened } : {})}
        />
      );
    case 'settings':
      return <SettingsScreen />;
  }
}

/**
 * Files dropped on the window. Neither host gives the page a dropped file's path (the sandboxed
 * preload exposes nothing more), so: a signature or certificate file is read here and verified;
 * a .pfx or an NPKI folder opens import with a note and the typed-path field.
 */
/**
 * Files the OS opened with Dojang (file manager, a second launch, the command line): a PFX opens
 * import, a signature Verify with the file already chosen. Taken from main when the window starts
 * (files opened before it loaded) and after each openFile event; the last one is shown.
 */
function useOpenFileEvents(navigate: (route: Route) => void) {
  useEffect(() => {
    const take = () =>
      void window.dojang.takeOpenedFiles({}).then((outcome) => {
        const last = outcome.ok ? outcome.value.files.at(-1) : undefined;
        if (!last) return;
        if (last.kind === 'import') navigate({ name: 'transfer', tab: 'importPfx', dropped: last.path });
        else navigate({ name: 'verify', tab: 'signature', ...(last.chosen ? { opened: last.chosen } : {}) });
      });
    take();
    return window.dojang.on('openFile', take);
  }, [navigate]);
}

function useDrop(navigate: (route: Route) => void) {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      const entry = e.dataTransfer?.items[0]?.webkitGetAsEntry?.();
      if (!file) return;
      const kind = dropKind(file.name, entry?.isDirectory ?? false);
      if (kind === 'pfx') navigate({ name: 'transfer', tab: 'importPfx', dropped: file.name });
      else if (kind === 'folder') navigate({ name: 'transfer', tab: 'importFolder', dropped: file.name });
      else navigate({ name: 'verify', tab: kind === 'certificate' ? 'certificate' : 'signature', file });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [navigate]);
  return dragging;
}

function Shell() {
  const { t } = useI18n();
  const [history, setHistory] = useState<Route[]>([{ name: 'certificates' }]);
  const route = history.at(-1)!;
  const navigate = useCallback((next: Route) => setHistory((h) => (next.name === 'details' || next.name === 'compare' ? [...h, next].slice(-20) : [next])), []);
  const replace = useCallback((next: Route) => setHistory((h) => [...h.slice(0, -1), next]), []);
  const back = useCallback(() => setHistory((h) => (h.length > 1 ? h.slice(0, -1) : [{ name: 'certificates' }])), []);
  const navigation = useMemo(() => ({ route, navigate, replace, back }), [route, navigate, replace, back]);
  const dragging = useDrop(navigate);
  useOpenFileEvents(navigate);
  return (
    <NavigationContext.Provider value={navigation}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <div className="app">
        <Sidebar />
        <main className="app-main" id="main">
          <Suspense fallback={null}>
            <Screen />
          </Suspense>
        </main>
      </div>
      {/* Electron shows web signing requests in their own window (main/electron/consent-window.ts); the browser host here. */}
      {window.dojang.host === 'browser' && <AgentConsent />}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('drop.here')}</p>
        </div>
      )}
    </NavigationContext.Provider>
  );
}

export function App() {
  const [settingsState, reloadSettings] = useCall(settingsCall);
  const [infoState] = useCall(appInfoCall);
  const [changed, setSettings] = useState<Settings | null>(null);
  const settings = changed ?? (settingsState.status === 'ok' ? settingsState.value : null);
  const info: AppInfo = infoState.status === 'ok' ? infoState.value : { host: window.dojang.host, version: '', platform: '' };
  const language = settings?.language ?? 'ko';
  const theme = settings?.theme ?? 'system';

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translator(language)('app.windowTitle');
  }, [language]);

  // styles.css: colours are light-dark() pairs; color-scheme on <html> picks one, or the OS does.
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  const settingsValue = useMemo(() => (settings ? { settings, setSettings } : null), [settings]);

  if (settingsState.status === 'error')
    return (
      <I18nProvider language="ko">
        <main className="app-main">
          <ErrorNotice error={settingsState.error} onRetry={reloadSettings} />
        </main>
      </I18nProvider>
    );
  if (!settings || !settingsValue) return null;

  return (
    <I18nProvider language={language}>
      <AppInfoContext.Provider value={info}>
        <SettingsContext.Provider value={settingsValue}>
          <ToastProvider>
            {isConsentWindow() ? (
              <main className="app-main consent-window">
                <AgentConsent />
              </main>
            ) : (
              <CertificatesProvider foldersKey={settings.folders.join('\n')}>
                <Shell />
              </CertificatesProvider>
            )}
          </ToastProvider>
        </SettingsContext.Provider>
      </AppInfoContext.Provider>
    </I18nProvider>
  );
}
