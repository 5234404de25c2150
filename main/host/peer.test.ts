import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { procEndpoints, samePeerUser, socketOwnerIn } from './peer.js';
import { startBrowserHost, type BrowserHost } from './server.js';
import { createDispatcher, type Handlers } from '../ipc/dispatch.js';
import { silentLogger } from '../core/log.js';

// Two rows as Linux prints them: 127.0.0.1:41000 → 127.0.0.1:8080 owned by uid 1000; the server's end (uid 0).
const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:A028 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 20 4 30 10 -1
   1: 0100007F:1F90 0100007F:A028 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
   2: 0100007F:A029 0100007F:1F90 06 00000000:00000000 03:00000000 00000000     0        0 0 3 0`;

describe('socket owner from /proc/net/tcp', () => {
  const client = { address: '127.0.0.1', port: 41000 };
  const server = { address: '127.0.0.1', port: 8080 };

  it('finds the client end’s owner, not the server end’s', () => {
    expect(socketOwnerIn(TABLE, client, server, true)).toBe(1000);
  });

  it('finds nothing for TIME_WAIT rows (they have no owner) or unknown ports', () => {
    expect(socketOwnerIn(TABLE, { ...client, port: 41001 }, server, true)).toBeNull();
    expect(socketOwnerIn(TABLE, { ...client, port: 1 }, server, true)).toBeNull();
  });

  it('writes addresses as the kernel does, v4-mapped included', () => {
    expect(procEndpoints(server, true)).toEqual(['0100007F:1F90', '0000000000000000FFFF00000100007F:1F90']);
    expect(procEndpoints(server, false)).toEqual(['7F000001:1F90', '00000000000000000000FFFF7F000001:1F90']);
  });

  it('lets a connection on only for the same uid, or where the OS cannot tell', () => {
    expect(samePeerUser({ uid: 1000 }, 1000)).toBe(true);
    expect(samePeerUser({ uid: 1001 }, 1000)).toBe(false);
    expect(samePeerUser('not-found', 1000)).toBe(false);
    expect(samePeerUser('unknown', 1000)).toBe(true);
  });
});

/** A request made by a process of `user` (runuser), with a valid session cookie: its HTTP status or the socket error. */
function requestAs(user: string | null, origin: string, cookie: string): Promise<string> {
  const script = `require('http').get(process.argv[1], { headers: { cookie: process.argv[2] } }, (r) => { console.log(r.statusCode); r.resume(); }).on('error', (e) => console.log(e.code))`;
  const [cmd, args] = user ? ['runuser', ['-u', user, '--', process.execPath, '-e', script]] : [process.execPath, ['-e', script]];
  return new Promise((resolve, reject) => execFile(cmd, [...args, `${origin}/`, cookie], { cwd: '/' }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))));
}

describe('the browser host and other local users (Linux, real processes)', () => {
  let dir: string;
  let host: BrowserHost;
  let cookie: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-peer-'));
    mkdirSync(path.join(dir, 'renderer'));
    writeFileSync(path.join(dir, 'renderer', 'index.html'), '<html><head></head><body>app</body></html>');
    writeFileSync(path.join(dir, 'client.js'), '');
    host = await startBrowserHost({
      rendererDir: path.join(dir, 'renderer'),
      hostClientFile: path.join(dir, 'client.js'),
      dispatch: createDispatcher({} as Handlers, silentLogger),
      log: silentLogger,
      launchDir: path.join(dir, 'launch'),
    });
    const code = /name="code" value="([^"]+)"/.exec(readFileSync(fileURLToPath(host.launchPageUrl), 'utf8'))![1]!;
    const launch = await fetch(`${host.origin}/launch`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
    cookie = String(launch.headers.get('set-cookie')).split(';')[0]!;
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a connection from another user even with the session cookie; the same user gets in', async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('peer credentials are read on Linux only (docs/security.md)');
    if (process.getuid?.() !== 0 && !process.env.CI) return ctx.skip('needs root to run a process as another user (runuser)');
    expect(await requestAs(null, host.origin, cookie)).toBe('200');
    expect(await requestAs('nobody', host.origin, cookie)).toBe('ECONNRESET');
  });
});
