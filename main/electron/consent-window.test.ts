/**
 * Electron's consent window over a stand-in for BrowserWindow (the binary cannot run here): the
 * main window's hardening, on top and focused, the consent route, one window for every request,
 * and a close by the user (its ×) told apart from a close by main (the request ended).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { consentWindow, CONSENT_URL, type ConsentBrowserWindow } from './consent-window.js';
import { webPreferencesFor } from './window-options.js';

class FakeWindow extends EventEmitter {
  calls: string[] = [];
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  isMinimized = () => false;
  restore = () => void this.calls.push('restore');
  show = () => void this.calls.push('show');
  moveTop = () => void this.calls.push('moveTop');
  focus = () => void this.calls.push('focus');
  setAlwaysOnTop = (on: boolean, level?: string) => void this.calls.push(`onTop:${on}:${level}`);
  loadURL = async (url: string) => void this.calls.push(`load:${url}`);
  close = () => void this.emit('closed');
  webContents = {};
}

function setup() {
  const made: FakeWindow[] = [];
  let userClosed = 0;
  let focused = 0;
  const consent = consentWindow(
    (options) => {
      const w = new FakeWindow(options);
      made.push(w);
      return w as unknown as ConsentBrowserWindow;
    },
    { preloadPath: '/app/dist/preload/electron.cjs', onUserClosed: () => userClosed++, focusApp: () => focused++ },
  );
  return { consent, made, userClosed: () => userClosed, focused: () => focused };
}

describe('consent window', () => {
  it('opens one hardened, always-on-top window on the consent route, shown and focused when ready', () => {
    const { consent, made, focused } = setup();
    consent.show();
    expect(made).toHaveLength(1);
    const w = made[0]!;
    expect(w.options).toMatchObject({ alwaysOnTop: true, show: false, webPreferences: webPreferencesFor('/app/dist/preload/electron.cjs') });
    expect(w.calls).toEqual(['onTop:true:floating', `load:${CONSENT_URL}`]);
    expect(CONSENT_URL).toBe('app://dojang/index.html#agent');
    w.emit('ready-to-show');
    expect(w.calls.slice(2)).toEqual(['show', 'moveTop', 'focus']);
    expect(focused()).toBe(1);
    consent.show();
    expect(made).toHaveLength(1);
    expect(w.calls.slice(5)).toEqual(['show', 'moveTop', 'focus']);
  });

  it('a close by main (the request ended) is not a cancel; the user’s × is', () => {
    const { consent, made, userClosed } = setup();
    consent.show();
    consent.close();
    expect(userClosed()).toBe(0);
    expect(consent.current()).toBeNull();
    consent.show();
    expect(made).toHaveLength(2);
    made[1]!.emit('closed');
    expect(userClosed()).toBe(1);
    expect(consent.current()).toBeNull();
  });
});
