/**
 * The web signing agent's consent window (issue 17): Dojang's own top-level window, in front of
 * the browser that asked (always on top, focused), hardened like the main window (the same
 * webPreferences, the same app:// origin, the same sender check on every bridge call), showing the
 * renderer's consent route only. main/agent/service.ts opens it for each request and closes it
 * when the request ends; the user closing it is a cancel.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { ConsentWindow } from '../agent/service.js';
import { APP_ENTRY_URL, webPreferencesFor } from './window-options.js';

/** What this module uses of a BrowserWindow (a seam for the unit test: the binary cannot run everywhere the tests do). */
export type ConsentBrowserWindow = Pick<
  BrowserWindow,
  'isMinimized' | 'restore' | 'show' | 'moveTop' | 'focus' | 'setAlwaysOnTop' | 'once' | 'on' | 'loadURL' | 'close' | 'webContents'
>;

/** The renderer's route for this window (renderer/src/screens/agent/AgentConsent.tsx). */
export const CONSENT_URL = `${APP_ENTRY_URL}#agent`;

export function consentWindow(
  create: (options: BrowserWindowConstructorOptions) => ConsentBrowserWindow,
  opts: {
    preloadPath: string;
    onUserClosed(): void;
    /** Takes focus from the browser that asked (macOS gives a background app's window no focus otherwise). */
    focusApp?(): void;
  },
): ConsentWindow & { current(): ConsentBrowserWindow | null } {
  let win: ConsentBrowserWindow | null = null;
  let closing = false;
  const bringUp = (w: ConsentBrowserWindow) => {
    if (w.isMinimized()) w.restore();
    opts.focusApp?.();
    w.show();
    w.moveTop();
    w.focus();
  };
  return {
    current: () => win,
    show() {
      if (win) return bringUp(win);
      const w = create({
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
