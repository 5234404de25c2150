/**
 * The Electron host. Only this folder imports `electron`. It makes a hardened window, serves the
 * renderer from app:// (packaged files, never a dev server), connects the bridge to the same
 * dispatcher the browser host uses, and adds what a desktop app owes its users: one instance, files
 * opened from the file manager, native menus, log files, crash recovery, a startup-failure dialog,
 * Chromium's network stack, background updates and an opt-in login item. Started by main.ts (the
 * product) or test-main.ts (the e2e journeys' test services).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, Notification, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { METHODS, channelFor, EVENT_CHANNEL } from '../../preload/contract.js';
import { bridgeError } from '../../preload/errors.js';
import type { Settings } from '../../preload/types.js';
import { openAppLog } from '../core/log-files.js';
import { createContext, startBackground, type AppContext, type HostServices } from '../app/context.js';
import { isAllowedExternalUrl } from '../app/external-links.js';
import { defaultDataDir } from '../app/paths.js';
import { remindOfExpiry } from '../app/expiry-notice.js';
import { createHandlers } from '../ipc/handlers/index.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { devCloudFromEnv } from '../fincert/index.js';
import { CONTENT_SECURITY_POLICY } from '../host/security.js';
import { consentWindow } from './consent-window.js';
import { APP_ENTRY_URL, APP_SCHEME, webPreferencesFor } from './window-options.js';
import { isTrustedSender } from './sender.js';
import { resolveAppFile } from './protocol-files.js';
import { claimSingleInstance } from './single-instance.js';
import { OPEN_KINDS } from '../app/opened-files.js';
import { menuTemplate } from './menu.js';
import { applyLoginItem, isBackgroundStart } from './login-item.js';
import { logChildGone, rendererRecovery, watchProcessErrors } from './crash-recovery.js';
import { describeStartupFailure } from './startup-failure.js';
import { backgroundUpdates } from './updater.js';
import { nativeDialog } from './dialog.js';
import { serveAgentChannel } from '../agent/channel.js';
import { registerAgentOnStart } from './agent-entry.js';

export const APP_ID = 'kr.dojang.app';
/** The generic HTTPS feed the release workflow publishes to (electron-builder.yml publish.url). */
const UPDATE_FEED = 'https://updates.dojang.kr/desktop/';

function updateChannelFile(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'darwin') return 'latest-mac.yml';
  if (platform === 'linux') return arch === 'arm64' ? 'latest-linux-arm64.yml' : 'latest-linux.yml';
  return 'latest.yml';
}

export function runElectronApp(extra: Partial<HostServices> = {}): void {
  // One data folder for the app, the browser host and the CLI (Electron's default would be named after the package).
  const dataDir = defaultDataDir(process.platform, os.homedir(), process.env);
  app.setPath('userData', dataDir);
  const appLog = openAppLog(dataDir, 'electron', { stderr: !app.isPackaged });
  const log = appLog.log;
  log.info('Dojang started', { host: 'electron', version: app.getVersion(), platform: process.platform, arch: process.arch, dataDir });

  const fail = (error: unknown) => {
    log.error('Dojang could not go on', { error: error instanceof Error ? error.stack : String(error) });
    const { title, content } = describeStartupFailure(error, dataDir);
    dialog.showErrorBox(title, content);
    app.exit(1);
  };
  watchProcessErrors(process, log, fail);

  let mainWindow: BrowserWindow | null = null;
  let ctx: AppContext | null = null;
  // Files the OS opens before the app context exists wait here; then ctx.openedFiles queues them for the window.
  const pendingFiles: string[] = [];
  const openFile = (file: string) => {
    if (ctx) void ctx.openedFiles.open(file);
    else pendingFiles.push(file);
  };
  const focus = () => {
    if (!mainWindow) return void (app.isReady() && createWindow());
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };
  if (!claimSingleInstance(app, { focus, open: openFile }, process.argv, process.cwd())) return;
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID); // notifications name Dojang, not electron.exe

  // codeCache: V8 keeps the renderer's compiled code between launches (only http(s) get it by default).
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  app.enableSandbox();

  const distDir = path.resolve(import.meta.dirname, '..');
  const rendererDir = path.join(distDir, 'renderer');

  // Paths reach main only through the user's choice in the system dialog (main/app/files).
  const dialogs = nativeDialog(dialog, () => mainWindow);

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

  const openLogFolder = async () => {
    if (appLog.folder) await shell.openPath(appLog.folder);
  };

  /** What of the settings the shell shows: the menu's language, and the theme of native menus and dialogs. */
  function applyShellSettings(settings: Settings): void {
    nativeTheme.themeSource = settings.theme ?? 'system';
    const template = menuTemplate(settings.language, process.platform, {
      openFile: () => void dialogs.choose({ mode: 'open', extensions: Object.keys(OPEN_KINDS).map((e) => e.slice(1)) }).then((file) => file && openFile(file)),
      settings: () => focus(),
      openLogs: () => void openLogFolder(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template as Electron.MenuItemConstructorOptions[]));
  }

  function createWindow(): BrowserWindow {
    // webPreferencesFor() sets contextIsolation, sandbox and disableBlinkFeatures; security.test.ts pins the exact object.
    // Electronegativity reads its eng-disable note on the line of the finding: Prettier must not move it.
    // prettier-ignore
    const win = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
      width: 1200,
      height: 800,
      minWidth: 800,
      minHeight: 560,
      title: 'Dojang 도장',
      show: false,
      webPreferences: webPreferencesFor(path.join(distDir, 'preload', 'electron.cjs')),
    });
    mainWindow = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    const recovery = rendererRecovery({
      log,
      reload: () => win.reload(),
      tell: (reason) =>
        void dialog.showMessageBox(win, {
          type: 'error',
          message: '도장 화면이 두 번 멈췄습니다. 보기 → 새로 고침으로 다시 여세요.\nDojang’s window stopped twice. Use View → Reload to open it again.',
          detail: reason,
        }),
    });
    win.webContents.on('render-process-gone', (_event, details) => recovery.rendererGone(details));
    void win.loadURL(APP_ENTRY_URL);
    return win;
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

    // webPreferencesFor() inside consentWindow: the same hardening as the main window (security.test.ts pins it).
    // prettier-ignore
    const consent = consentWindow((options) => new BrowserWindow(options), { // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
      preloadPath: path.join(distDir, 'preload', 'electron.cjs'),
      // The user closed the window with its ×: a cancel, as the dialog's own Cancel button is.
      onUserClosed: () => void ctx?.agent.cancelPending(),
      focusApp: () => app.focus({ steal: true }),
    });
    const context = createContext({
      host: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      home: os.homedir(),
      env: process.env,
      dataDir,
      log,
      // Called only by the openExternal handler, after isAllowedExternalUrl (main/ipc/handlers.ts).
      openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
      emit: (event, payload) => {
        for (const win of [mainWindow, consent.current()]) win?.webContents.send(EVENT_CHANNEL, { event, payload });
      },
      consentWindow: consent,
      nativeDialog: dialogs,
      logs: appLog,
      openFolder: async (folder) => (await shell.openPath(folder)) === '',
      // Chromium's stack: the system proxy, PAC and the OS trust store (main/app/network.ts).
      fetch: (input, init) => net.fetch(input as string, init),
      settingsChanged: (settings) => {
        applyLoginItem(app, process.platform, settings.openAtLogin === true);
        applyShellSettings(settings);
      },
      // The development cloud of `npm start` (scripts/start.mjs); a packaged app has none.
      devCloud: app.isPackaged ? null : devCloudFromEnv(process.env),
      ...extra,
    });
    ctx = context;
    for (const file of pendingFiles.splice(0)) openFile(file);
    // The drive listing (PowerShell on Windows) and the first scan run while the window opens.
    const background = startBackground(context);
    const dispatch = createDispatcher(createHandlers(context), log);
    for (const method of METHODS) {
      ipcMain.handle(channelFor(method), (event, request: unknown) => {
        if (!isTrustedSender(event.senderFrame)) {
          log.warn('refused a bridge call from an untrusted frame', { method });
          return { ok: false, error: bridgeError('FORBIDDEN', 'bridge.notAuthorised') };
        }
        return dispatch(method, request);
      });
    }
    app.on('child-process-gone', (_event, details) => logChildGone(log, details));
    hardenContents();
    const settings = await context.settings.get();
    applyShellSettings(settings);

    // The renewal reminder: at start, then hourly; remindOfExpiry itself keeps it to once a day.
    const remind = () =>
      remindOfExpiry(context, (notice) => {
        if (!Notification.isSupported()) return;
        const n = new Notification(notice);
        n.on('click', focus);
        n.show();
      }).catch((error: unknown) => log.warn('expiry reminder failed', { error: String(error) }));

    if (isBackgroundStart(process.argv)) {
      // Started by the login item: remind, then go unless the person opens the window from the reminder.
      await remind();
      setTimeout(() => {
        if (!mainWindow) app.quit();
      }, 60_000);
    } else {
      createWindow();
      void remind();
    }
    setInterval(() => void remind(), 60 * 60 * 1000).unref();

    // Requests from web pages, through the browser extension and its native host (main/agent): opened
    // after the window, which does not need it.
    const agentChannel = await serveAgentChannel(dataDir, context.agent.handle, log);
    app.on('will-quit', () => void agentChannel?.close());
    if (app.isPackaged) void registerAgentOnStart(process.execPath, log);
    await background;

    if (app.isPackaged) {
      const check = backgroundUpdates(electronUpdater.autoUpdater, {
        feedUrl: UPDATE_FEED,
        channelFile: updateChannelFile(process.platform, process.arch),
        current: app.getVersion(),
        fetch: context.fetch,
        log,
        ready: (version) => log.info('update ready; installs when Dojang quits', { version }),
      });
      const run = () => void check().catch((error: unknown) => log.warn('update check failed', { error: String(error) }));
      setTimeout(run, 30_000).unref();
      setInterval(run, 6 * 60 * 60 * 1000).unref();
    }
  }

  // macOS keeps the app running with no window; the Dock icon brings one back.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && ctx) createWindow();
  });
  start().catch(fail);
}
