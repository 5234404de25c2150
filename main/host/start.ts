/**
 * The browser host (`npm start` where Electron cannot run, and the e2e tests here), started by
 * main.ts (the product) or test-main.ts (the e2e journeys, with test services). Prints one JSON line `{"ready": true, "url": …}` on stdout for programs, and a sentence for people.
 * `--open` opens the page in a Chromium app window.
 */
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createLogger } from '../core/log.js';
import { openAppLog } from '../core/log-files.js';
import { createContext, startBackground, type HostServices } from '../app/context.js';
import { defaultDataDir } from '../app/paths.js';
import { createHandlers } from '../ipc/handlers/index.js';
import { filesInArgv } from '../app/opened-files.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { devCloudFromEnv } from '../fincert/index.js';
import { startBrowserHost, type BrowserHost } from './server.js';
import { serveAgentChannel } from '../agent/channel.js';
import { appModeArgs, findChromium, openAppWindow, openInDefaultBrowser } from './system-browser.js';

/** Until the data folder's log is open (and for a start that fails before it): stderr. */
const startLog = createLogger('browser-host');
const distDir = path.resolve(import.meta.dirname, '..');
const version = (JSON.parse(readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** `extra`: services the caller adds (the test entry's drive watcher and test hooks). */
export async function runBrowserHost(extra: Partial<HostServices> = {}): Promise<void> {
  const dataDir = defaultDataDir(process.platform, os.homedir(), process.env);
  // Log files in <data folder>/logs, and stderr too: this host runs from a terminal.
  const appLog = openAppLog(dataDir, 'browser-host', { stderr: true });
  const log = appLog.log;
  log.info('Dojang started', { host: 'browser', version, platform: process.platform, dataDir });
  let host: BrowserHost | null = null;
  const ctx = createContext({
    host: 'browser',
    version,
    platform: process.platform,
    home: os.homedir(),
    env: process.env,
    dataDir,
    log,
    openExternal: (url) => openInDefaultBrowser(url, process.platform),
    emit: (event, payload) => host?.broadcast({ event, payload }),
    logs: appLog,
    ...extra,
    // The development cloud of `npm start` (scripts/start.mjs), when it runs one.
    devCloud: devCloudFromEnv(process.env),
  });
  // The drive listing and the first scan need no server: they run while it starts listening. The
  // window does not wait for the drives (PowerShell on Windows): drives listed after the first list
  // come as a drivesChanged event (DriveWatcher.forScan).
  void startBackground(ctx).catch((error: unknown) => log.error('starting the background parts failed', { error: String(error) }));
  // Files named on the command line (a file manager's "open with", like the desktop app's argv).
  for (const file of filesInArgv(process.argv.slice(1), process.cwd())) await ctx.openedFiles.open(file);
  host = await startBrowserHost({
    rendererDir: path.join(distDir, 'renderer'),
    hostClientFile: path.join(distDir, 'preload', 'browser.js'),
    dispatch: createDispatcher(createHandlers(ctx), log),
    log,
    launchDir: path.join(dataDir, 'launch'),
    port: Number(process.env.DOJANG_PORT ?? 0),
  });
  // Requests from web pages, through the browser extension and its native host (main/agent).
  const agentChannel = await serveAgentChannel(dataDir, ctx.agent.handle, log);
  // `url` is the one-time launch page (a file only this user can read), never the secret itself.
  process.stdout.write(JSON.stringify({ ready: true, url: host.launchPageUrl, origin: host.origin, dataDir }) + '\n');

  if (process.argv.includes('--open')) {
    const chromium = findChromium(process.platform, process.env);
    if (chromium) {
      const window = await openAppWindow(chromium, appModeArgs(host.launchPageUrl, path.join(dataDir, 'browser-profile'), process.getuid?.() === 0));
      process.stdout.write(
        window.open
          ? `Dojang opened in ${chromium}. If no window appears, open ${host.launchPageUrl} in your browser. Ctrl+C here stops Dojang.\n`
          : `${chromium} closed at once (${window.why}; is there a display?). Open ${host.launchPageUrl} in your browser. Ctrl+C here stops Dojang.\n`,
      );
    } else {
      process.stdout.write(`No Chromium found: open ${host.launchPageUrl} in your browser (it works once).\n`);
    }
  }
  // The log files flush before the process ends.
  const stop = () =>
    void Promise.allSettled([host?.close(), agentChannel?.close()])
      .then(() => appLog.close())
      .then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Runs the host; a start that fails is logged and ends the process with status 1. */
export function runOrExit(extra: Partial<HostServices> = {}): void {
  runBrowserHost(extra).catch((error: unknown) => {
    // What failed, in a sentence, for the person at the terminal; the details for the log.
    startLog.error('the browser host could not start', { error: error instanceof Error ? error.stack : String(error) });
    process.stdout.write(JSON.stringify({ ready: false, error: error instanceof Error ? error.message : String(error) }) + '\n');
    process.stderr.write(`Dojang could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
