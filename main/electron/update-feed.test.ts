/**
 * The update decision against a local feed server (real HTTP on loopback) serving a good release,
 * garbage, an older version, the same version, and a file whose bytes do not match the feed's hash.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDownloaded, decideUpdate } from './update-feed.js';
import { backgroundUpdates, type AutoUpdater } from './updater.js';

const installer = Buffer.from('MZ… pretend installer bytes '.repeat(100));
const sha512 = createHash('sha512').update(installer).digest('base64');
const yml = (version: string, hash = sha512) =>
  `version: ${version}\nfiles:\n  - url: Dojang-Setup-${version}.exe\n    sha512: ${hash}\n    size: ${installer.length}\npath: Dojang-Setup-${version}.exe\nsha512: ${hash}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`;

const feeds: Record<string, string | Buffer> = {
  '/good/latest.yml': yml('0.2.0'),
  '/good/Dojang-Setup-0.2.0.exe': installer,
  '/garbage/latest.yml': '<html>not a feed</html>\n: : :',
  '/older/latest.yml': yml('0.0.9'),
  '/same/latest.yml': yml('0.1.0'),
  '/tampered/latest.yml': yml('0.2.0'),
  '/tampered/Dojang-Setup-0.2.0.exe': Buffer.concat([installer, Buffer.from('evil')]),
};
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = feeds[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

/** Downloads as the updater would (to a file), for checkDownloaded. */
async function download(href: string): Promise<string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dojang-update-')), path.basename(new URL(href).pathname));
  writeFileSync(file, Buffer.from(await (await fetch(href)).arrayBuffer()));
  return file;
}

const decide = (feed: string, current = '0.1.0') => decideUpdate({ feedUrl: `${base}/${feed}/`, channelFile: 'latest.yml', current, fetch });

describe('the update decision', () => {
  it('a newer release: update, and its file downloads with a matching hash', async () => {
    const d = await decide('good');
    expect(d).toMatchObject({ kind: 'update', version: '0.2.0', file: { href: `${base}/good/Dojang-Setup-0.2.0.exe`, sha512 } });
    if (d.kind !== 'update') throw new Error('expected an update');
    expect(await checkDownloaded(await download(d.file.href), d.file)).toEqual({ ok: true });
  });

  it('garbage instead of a feed: refused as a bad feed', async () => {
    expect(await decide('garbage')).toMatchObject({ kind: 'refused', reason: 'bad-feed' });
  });

  it('an older release: refused, never a downgrade', async () => {
    expect(await decide('older')).toEqual({ kind: 'refused', reason: 'older', detail: '0.0.9 < 0.1.0' });
  });

  it('the installed version: nothing to do', async () => {
    expect(await decide('same')).toEqual({ kind: 'none', version: '0.1.0' });
  });

  it('a file whose bytes do not match the feed’s SHA-512: refused', async () => {
    const d = await decide('tampered');
    if (d.kind !== 'update') throw new Error('expected an update offer');
    expect(await checkDownloaded(await download(d.file.href), d.file)).toEqual({ ok: false, detail: 'sha512 mismatch for Dojang-Setup-0.2.0.exe' });
  });

  it('no feed there: unreachable, with the reason', async () => {
    expect(await decide('missing')).toMatchObject({ kind: 'refused', reason: 'unreachable', detail: expect.stringContaining('HTTP 404') });
  });
});

describe('background updates (electron-updater behind a seam)', () => {
  class FakeUpdater extends EventEmitter {
    allowDowngrade = true;
    autoDownload = false;
    autoInstallOnAppQuit = true;
    feed: unknown = null;
    checks = 0;
    setFeedURL(o: unknown) {
      this.feed = o;
    }
    async checkForUpdates() {
      this.checks++;
    }
  }
  const log = { info() {}, warn() {}, error() {} };

  it('never a downgrade; a newer release is fetched and installs on quit only after its hash checks out', async () => {
    const updater = new FakeUpdater();
    const ready: string[] = [];
    const check = backgroundUpdates(updater as unknown as AutoUpdater, {
      feedUrl: `${base}/good/`,
      channelFile: 'latest.yml',
      current: '0.1.0',
      fetch,
      log,
      ready: (v) => ready.push(v),
    });
    expect(updater).toMatchObject({ allowDowngrade: false, autoDownload: true, autoInstallOnAppQuit: false, feed: { provider: 'generic', url: `${base}/good/` } });
    await check();
    expect(updater.checks).toBe(1);
    updater.emit('update-downloaded', { version: '0.2.0', downloadedFile: await download(`${base}/tampered/Dojang-Setup-0.2.0.exe`) });
    updater.emit('update-downloaded', { version: '0.2.0', downloadedFile: await download(`${base}/good/Dojang-Setup-0.2.0.exe`) });
    await vi.waitFor(() => expect(ready).toEqual(['0.2.0']), { timeout: 20_000 });
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('an older or garbage feed never reaches the updater', async () => {
    for (const feed of ['older', 'garbage']) {
      const updater = new FakeUpdater();
      await backgroundUpdates(updater as unknown as AutoUpdater, { feedUrl: `${base}/${feed}/`, channelFile: 'latest.yml', current: '0.1.0', fetch, log, ready: () => {} })();
      expect(updater.checks).toBe(0);
    }
  });
});
