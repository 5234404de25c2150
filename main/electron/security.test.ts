import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { webPreferencesFor, APP_ENTRY_URL } from './window-options.js';
import { isTrustedSender } from './sender.js';
import { resolveAppFile } from './protocol-files.js';

describe('the app window', () => {
  it('has exactly the hardened webPreferences', () => {
    expect(webPreferencesFor('/app/dist/preload/electron.cjs')).toEqual({
      preload: '/app/dist/preload/electron.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
  });
  it('loads the app from its own scheme, never a dev server', () => {
    expect(APP_ENTRY_URL).toBe('app://dojang/index.html');
  });
});

describe('bridge sender check', () => {
  it('accepts the app page in the top frame', () => {
    expect(isTrustedSender({ url: 'app://dojang/index.html', parent: null })).toBe(true);
  });
  it.each([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a file URL', { url: 'file:///tmp/index.html', parent: null }],
    ['a look-alike host', { url: 'app://dojang.evil/index.html', parent: null }],
    ['a sub-frame of the app', { url: 'app://dojang/index.html', parent: {} }],
    ['a dev server', { url: 'http://localhost:5173/', parent: null }],
    ['garbage', { url: 'not a url', parent: null }],
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });
  it('refuses a missing frame (destroyed)', () => {
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('app:// file mapping', () => {
  const dir = path.resolve('/opt/dojang/renderer');
  it('maps paths inside the renderer folder', () => {
    expect(resolveAppFile(dir, 'app://dojang/assets/index.js')).toBe(path.join(dir, 'assets/index.js'));
    expect(resolveAppFile(dir, 'app://dojang/')).toBe(path.join(dir, 'index.html'));
  });
  it.each(['app://dojang/../../etc/passwd', 'app://dojang/%2e%2e/%2e%2e/etc/passwd', 'app://other/index.html', 'app://dojang/..%2f..%2fetc/passwd'])(
    'never leaves it: %s',
    (url) => {
      const file = resolveAppFile(dir, url);
      if (file !== null) expect(file.startsWith(dir + path.sep)).toBe(true);
    },
  );
  it('refuses another host', () => {
    expect(resolveAppFile(dir, 'app://other/index.html')).toBeNull();
  });
});
