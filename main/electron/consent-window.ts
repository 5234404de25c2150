/**
 * The web signing agent's consent window (issue 17): Dojang's own top-level window, in front of
 * the browser that asked (always on top, focused), hardened like the main window (the same
 * webPreferences, the same app:// origin, the same sender check on every bridge call), showing the
 * renderer's consent route only. main/agent/service.ts opens it for each request and closes it
 * when the request ends; the user closing it is a cancel.
 */
import { BrowserWindow } from 'electron';
import type { ConsentWindow } from '../agent/service.js';
import { APP_ENTRY_URL, webPreferencesFor } from './window-options.js';

/** The renderer's route for this window (renderer/src/screens/agent/AgentConsent.tsx). */
export const CONSENT_URL = `${APP_ENTRY_URL}#agent`;

export function consentWindow(opts: { preloadPath: string; onUserClosed(): void }): ConsentWindow & { current(): BrowserWindow | null } {
  let win: BrowserWindow | null = null;
  let closing = false;
  const bringUp = (w: BrowserWindow) => {
    if (w.isMinimized()) w.restore();
    w.show();
    w.moveTop();
    w.focus();
  };
  return {
    current: () => win,
    show() {
      if (win) return bringUp(win);
      // Electronegativity reads its eng-disable note on the line of the finding: Prettier must not move it.
      // prettier-ignore
      const w = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
        width: 720,
        height: 820,
        minWidth: 480,
        minHeight: 480,
        title: 'Dojang 도장 — 서명 요청 / Signature request',
        show: false,
        alwaysOnTop: true,
        webPreferences: webPreferencesFor(opts.preloadPath),
      });
      win = w;
      w.setAlwaysOnTop(true, 'floating');
      w.once('ready-to-show', () => bringUp(w));
      w.on('closed', () => {
        if (win === w) win = null;
        if (!closing) opts.onUserClosed();
        closing = false;
      });
      void w.loadURL(CONSENT_URL);
    },
    close() {
      if (!win) return;
      closing = true;
      win.close();
    },
  };
}
