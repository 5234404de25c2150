import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startBrowserHost, type BrowserHost } from './server.js';
import { createDispatcher, type Handlers } from '../ipc/dispatch.js';
import { silentLogger } from '../core/log.js';
import { tempDir, YESSIGN_DIR } from '../stores/cert-factory.test-util.js';
import { folderStore } from '../stores/roots.js';
import { scanStores } from '../stores/scan.js';
import type { CertificateEntry } from '../stores/types.js';

// The launch scan runs on the host's thread: the page's first request must not wait for the scan's end.
const FOLDERS = 4000;
let dir: string;
let root: string;
let host: BrowserHost;

beforeAll(async () => {
  dir = await tempDir('dojang-host-scan-');
  mkdirSync(path.join(dir, 'renderer'));
  writeFileSync(path.join(dir, 'renderer', 'index.html'), '<html><head></head><body>app</body></html>');
  writeFileSync(path.join(dir, 'client.js'), 'window.dojang = {}');
  root = path.join(dir, 'NPKI');
  const cert = readFileSync(path.join(YESSIGN_DIR, 'signCert.der'));
  for (let i = 0; i < FOLDERS; i++) {
    const folder = path.join(root, 'yessign', 'USER', `cn=user${i},ou=test,o=yessign,c=kr`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'signCert.der'), cert);
  }
  host = await startBrowserHost({
    rendererDir: path.join(dir, 'renderer'),
    hostClientFile: path.join(dir, 'client.js'),
    dispatch: createDispatcher({} as Handlers, silentLogger),
    log: silentLogger,
    launchDir: path.join(dir, 'data', 'launch'),
  });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The launch page's POST /launch, as the app window sends it. */
function postLaunch(): Promise<number> {
  const code = /name="code" value="([^"]+)"/.exec(readFileSync(fileURLToPath(host.launchPageUrl), 'utf8'))![1]!;
  return new Promise((resolve, reject) => {
    const req = http.request(`${host.origin}/launch`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(`code=${encodeURIComponent(code)}`);
  });
}

it('answers POST /launch while a long scan of this computer’s folders runs, and the scan still reads every folder', async () => {
  const seen: CertificateEntry[] = [];
  let answered: Promise<{ status: number; rowsThen: number; scanDoneThen: boolean }> | undefined;
  let scanDone = false;
  const scan = scanStores([folderStore(root)], {
    onEntry: (e) => {
      seen.push(e);
      // The first row: the scan is under way; the request goes out now.
      answered ??= postLaunch().then((status) => ({ status, rowsThen: seen.length, scanDoneThen: scanDone }));
    },
  }).then((report) => {
    scanDone = true;
    return report;
  });
  await vi.waitFor(() => expect(answered).toBeDefined());
  const reply = await answered!;
  expect(reply.status).toBe(200);
  expect(reply.scanDoneThen).toBe(false);
  expect(reply.rowsThen).toBeLessThan(FOLDERS);

  const report = await scan;
  expect(report.entries).toHaveLength(FOLDERS);
  expect(report.entries.every((e) => e.state === 'ok')).toBe(true);
  expect(report.skipped).toEqual([]);
});
