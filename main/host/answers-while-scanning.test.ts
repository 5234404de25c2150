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

// The launch scan runs on the host's thread: the page's first request must not wait for the scan's end.
const FOLDERS = 2000;
const VIEWS = 50;
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

it('answers POST /launch while a long scan of this computer’s folders runs', async () => {
  // The same folder as many stores: a scan far longer than any request (cancelled once answered).
  const stores = Array.from({ length: VIEWS }, (_, i) => ({ ...folderStore(root), id: `view${i}` }));
  const cancel = new AbortController();
  let rows = 0;
  let answered: Promise<number> | undefined;
  const scan = scanStores(stores, {
    signal: cancel.signal,
    onEntry: () => {
      rows += 1;
      answered ??= postLaunch(); // the first row: the scan is under way
    },
  });
  await vi.waitFor(() => expect(answered).toBeDefined());
  expect(await answered).toBe(200);
  const rowsAtAnswer = rows;
  cancel.abort();
  // Still running when the answer came: the cancel stops it.
  await expect(scan).rejects.toMatchObject({ code: 'CANCELLED' });
  expect(rowsAtAnswer).toBeLessThan(VIEWS * FOLDERS);
});

it('still reads every folder, a row each', async () => {
  const report = await scanStores([folderStore(root)]);
  expect(report.entries).toHaveLength(FOLDERS);
  expect(report.entries.every((e) => e.state === 'ok')).toBe(true);
  expect(report.skipped).toEqual([]);
});
