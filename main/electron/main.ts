/**
 * The Electron host. Only this folder imports `electron`. It makes a hardened window, serves the
 * renderer from app:// (packaged files, never a dev server), and connects the bridge to the same
 * dispatcher the browser host uses.
 */
import { app, BrowserWindow, dialog, ipcMain, net, Notification, protocol, session, shell } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { METHODS, channelFor, EVENT_CHANNEL } from '../../preload/contract.js';
import { createLogger } from '../core/log.js';
import { createContext, startBackground, type PathRequest } from '../app/context.js';
import { isAllowedExternalUrl } from '../app/external-links.js';
import { defaultDataDir } from '../app/paths.js';
import { remindOfExpiry } from '../app/expiry-notice.js';
import { createHandlers } from '../ipc/handlers/index.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { devCloudFromEnv } from '../fincert/index.js';
import { CONTENT_SECURITY_POLICY } from '../host/security.js';
import { APP_ENTRY_URL, APP_SCHEME, webPreferencesFor } from './window-options.js';
import { isTrustedSender } from './sender.js';
import { resolveAppFile } from './protocol-files.js';

const log = createLogger('electron');
const distDir = path.resolve(import.meta.dirname, '..');
const rendererDir = path.join(distDir, 'renderer');

// One data folder for the app, the browser host and the CLI (Electron's default would be named after the package).
const dataDir = defaultDataDir(process.platform, os.homedir(), process.env);
app.setPath('userData', dataDir);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

async function pickPath(request: PathRequest): Promise<string | null> {
  if (!mainWindow) return null;
  const filters = request.extensions ? [{ name: request.extensions.join(', '), extensions: request.extensions }] : [];
  if (request.mode === 'saveFile') {
    const result = await dialog.showSaveDialog(mainWindow, { defaultPath: request.defaultName, filters });
    return result.canceled ? null : (result.filePath ?? null);
  }
  const result = await dialog.showOpenDialog(mainWindow, { properties: [request.mode === 'folder' ? 'openDirectory' : 'openFile'], filters });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== APP_ENTRY_URL) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Only the CA pages of the allow-list reach the system browser.
      if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { action: 'deny' };
    });
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  appSession.setPermissionCheckHandler(() => false);

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  const ctx = createContext({
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    home: os.homedir(),
    env: process.env,
    dataDir,
    log,
    // Called only by the openExternal handler, after isAllowedExternalUrl (main/ipc/handlers.ts).
    openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
    emit: (event, payload) => mainWindow?.webContents.send(EVENT_CHANNEL, { event, payload }),
    pickPath,
    // Deleted certificates go to the OS trash, where the user restores them as any other file.
    trash: { trash: async (target) => (await shell.trashItem(target), { restorable: true }) },
    // The development cloud of `npm start` (scripts/start.mjs); a packaged app has none.
    devCloud: app.isPackaged ? null : devCloudFromEnv(process.env),
  });
  await startBackground(ctx);
  const dispatch = createDispatcher(createHandlers(ctx), log);
  for (const method of METHODS) {
    ipcMain.handle(channelFor(method), (event, request: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        log.warn('refused a bridge call from an untrusted frame', { method });
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call Dojang.' } };
      }
      return dispatch(method, request);
    });
  }

  hardenContents();
  // webPreferencesFor() sets contextIsolation, sandbox and disableBlinkFeatures; security.test.ts pins the exact object.
  mainWindow = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Dojang 도장',
    show: false,
    webPreferences: webPreferencesFor(path.join(distDir, 'preload', 'electron.cjs')),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(APP_ENTRY_URL);

  // The renewal reminder: at start, then hourly; remindOfExpiry itself keeps it to once a day.
  const remind = () =>
    remindOfExpiry(ctx, (notice) => {
      if (Notification.isSupported()) new Notification(notice).show();
    }).catch((error: unknown) => log.warn('expiry reminder failed', { error: String(error) }));
  void remind();
  setInterval(() => void remind(), 60 * 60 * 1000).unref();
}

app.on('window-all-closed', () => app.quit());
start().catch((error: unknown) => {
  log.error('Dojang could not start', { error: error instanceof Error ? error.stack : String(error) });
  app.exit(1);
});
