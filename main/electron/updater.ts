/**
 * Background updates: every few hours decideUpdate() reads the feed; only a newer, well-formed
 * release goes to electron-updater, which downloads it (its own SHA-512 check; on Windows the
 * installer's Authenticode publisher must match the installed app's, electron-builder.yml
 * win.signtoolOptions.publisherName; on macOS Squirrel checks the code signature). The download is
 * checked again (checkDownloaded) and installs when the app quits, never as a downgrade.
 */
import type { Logger } from '../core/log.js';
import { checkDownloaded, decideUpdate, type FeedFile } from './update-feed.js';

/** The part of electron-updater's autoUpdater this module uses (the seam its unit test fills). */
export interface AutoUpdater {
  allowDowngrade: boolean;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string; downloadedFile: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateOptions {
  feedUrl: string;
  channelFile: string;
  current: string;
  fetch: typeof fetch;
  log: Logger;
  /** The new version is ready and installs when the app quits. */
  ready(version: string): void;
  everyMs?: number;
}

/** Configures the updater and runs one check; returns the check so main.ts can repeat it on a timer. */
export function backgroundUpdates(updater: AutoUpdater, o: UpdateOptions): () => Promise<void> {
  updater.allowDowngrade = false;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false; // set once our own check of the download passed
  updater.setFeedURL({ provider: 'generic', url: o.feedUrl });
  let offered: FeedFile | null = null;
  updater.on('error', (error) => o.log.warn('update failed', { error: error.message }));
  updater.on('update-downloaded', (info) => {
    const expected = offered;
    if (!expected) return;
    void checkDownloaded(info.downloadedFile, expected).then((r) => {
      if (!r.ok) {
        o.log.error('update refused', { version: info.version, detail: r.detail });
        return;
      }
      updater.autoInstallOnAppQuit = true;
      o.ready(info.version);
    });
  });
  return async () => {
    const decision = await decideUpdate(o);
    if (decision.kind === 'refused') {
      o.log.warn('update refused', { reason: decision.reason, detail: decision.detail });
      return;
    }
    if (decision.kind === 'none') return;
    offered = decision.file;
    o.log.info('update available', { version: decision.version });
    await updater.checkForUpdates();
  };
}
