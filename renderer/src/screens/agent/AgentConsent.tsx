import { lazy, Suspense, useEffect, useState } from 'react';
import type { AgentConsentView } from '../../../../preload/areas/agent';
import type { BridgeError } from '../../../../preload/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { useToasts } from '../../state/toasts';

// Loaded when a request is pending: the list's first chunk does without it.
const ConsentDialog = lazy(() => import('./ConsentDialog').then((m) => ({ default: m.ConsentDialog })));

/** The route of Electron's consent window (main/electron/consent-window.ts loads the app with it). */
export const CONSENT_ROUTE = '#agent';
export const isConsentWindow = () => window.location.hash === CONSENT_ROUTE;

/**
 * Shows the pending web signing request, if any: on start (the consent window opens after the
 * request), on each agentRequest event, and closes it on agentClosed (the page closed, the time ran
 * out). On Electron only the dedicated consent window shows it; on the browser host the app's page does.
 */
export function AgentConsent() {
  const { t } = useI18n();
  const toasts = useToasts();
  const [view, setView] = useState<AgentConsentView | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () =>
      void window.dojang.agentPending({}).then((outcome) => {
        if (!live) return;
        if (outcome.ok) {
          setError(null);
          setView(outcome.value.request);
          // Bring the window forward where the browser allows it (Electron's consent window is raised by main).
          if (outcome.value.request) window.focus();
        } else setError(outcome.error);
      });
    load();
    const offRequest = window.dojang.on('agentRequest', load);
    const offClosed = window.dojang.on('agentClosed', ({ requestId }) => setView((v) => (v?.requestId === requestId ? null : v)));
    return () => {
      live = false;
      offRequest();
      offClosed();
    };
  }, [generation]);
  // The tab or window title says a site is waiting (the browser host's page may be behind other windows).
  useEffect(() => {
    if (!view) return;
    const before = document.title;
    document.title = t('agent.windowTitle');
    return () => {
      document.title = before;
    };
  }, [view, t]);
  if (error) return <ErrorNotice error={error} onRetry={() => setGeneration((g) => g + 1)} />;
  if (!view) return isConsentWindow() ? <p className="muted">{t('agent.nothingPending')}</p> : null;
  return (
    <Suspense fallback={null}>
      <ConsentDialog
        key={view.requestId}
        view={view}
        onDone={(signed) => {
          setView(null);
          if (signed) toasts.show({ tone: 'ok', text: t('agent.sent') });
        }}
      />
    </Suspense>
  );
}
