/**
 * Entry of the browser host (`npm start` where Electron cannot run, and the e2e tests here).
 * Prints one JSON line `{"ready": true, "url": …}` on stdout for programs, and a sentence for people.
 * `--open` opens the page in a Chromium app window.
 */
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createLogger } from '../core/log.js';
import { createContext, startBackground } from '../app/context.js';
import { DriveWatcher } from '../stores/drives/index.js';
import { linuxLister } from '../stores/drives/linux.js';
import { defaultDataDir } from '../app/paths.js';
import { createHandlers } from '../ipc/handlers/index.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { devCloudFromEnv } from '../fincert/index.js';
import { startBrowserHost, type BrowserHost } from './server.js';
import { appModeArgs, findChromium, openAppWindow, openInDefaultBrowser } from './system-browser.js';

const log = createLogger('browser-host');
const distDir = path.resolve(import.meta.dirname, '..');
const version = (JSON.parse(readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The e2e journeys plug "USB drives" in by editing a mount table of their own (tmpfs mounts are not
 * possible everywhere): DOJANG_TEST_MOUNT_TABLE points the Linux drive lister at it.
 */
function testDriveWatcher(): { drives?: DriveWatcher } {
  const mountTable = process.env.DOJANG_TEST_MOUNT_TABLE;
  if (!mountTable) return {};
  const prefixes = (process.env.DOJANG_TEST_MOUNT_PREFIXES ?? '').split(path.delimiter).filter(Boolean);
  return { drives: new DriveWatcher({ list: linuxLister({ mountTable, prefixes, requireBlockDevice: false }) }) };
}

async function main(): Promise<void> {
  const dataDir = defaultDataDir(process.platform, os.homedir(), process.env);
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
    ...testDriveWatcher(),
    // The development cloud of `npm start` (scripts/start.mjs), when it runs one.
    devCloud: devCloudFromEnv(process.env),
  });
  await startBackground(ctx);
  host = await startBrowserHost({
    rendererDir: path.join(distDir, 'renderer'),
    hostClientFile: path.join(distDir, 'preload', 'browser.js'),
    dispatch: createDispatcher(createHandlers(ctx), log),
    log,
    launchDir: path.join(dataDir, 'launch'),
    port: Number(process.env.DOJANG_PORT ?? 0),
  });
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
  const stop = () => void Promise.allSettled([host?.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  log.error('the browser host could not start', { error: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
