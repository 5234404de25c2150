/**
 * The app's log files: JSON lines in <data folder>/logs, rotated by size, with secrets censored
 * wherever they sit; a folder that cannot be written turns the files off without stopping anything.
 * The journey test runs real handlers with secrets through the dispatcher and greps every file.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { testContext } from '../app/context.test-util.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { createHandlers } from '../ipc/handlers/index.js';
import { MemoryKeyStore } from '../fincert/memory-keystore.test-util.js';
import { LOG_FILE, openAppLog } from './log-files.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'dojang-log-'));
const allText = (folder: string) =>
  readdirSync(folder)
    .map((f) => readFileSync(path.join(folder, f), 'utf8'))
    .join('');

describe('the app log', () => {
  it('writes JSON lines with the scope, censoring secrets at any depth', async () => {
    const dataDir = tempDir();
    const app = openAppLog(dataDir, 'test');
    app.log.info('signing', { credentialId: 'c1', pin: '802413', request: { password: 'Pa$$w0rd!x', nested: { idn: '9001011234567' } } });
    app.log.warn('token refresh', { token: 'tok_SECRET_1', authorization: 'Bearer abc.def' });
    await app.close();
    const text = readFileSync(path.join(dataDir, 'logs', LOG_FILE), 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 30, scope: 'test', msg: 'signing', credentialId: 'c1', pin: '[redacted]' });
    for (const secret of ['802413', 'Pa$$w0rd!x', '9001011234567', 'tok_SECRET_1', 'abc.def']) expect(text).not.toContain(secret);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dataDir = tempDir();
    const app = openAppLog(dataDir, 'test', { size: '1K', maxFiles: 2 });
    for (let i = 0; i < 200; i++) app.log.info('line', { i, filler: 'x'.repeat(40) });
    await vi.waitFor(() => expect(readdirSync(path.join(dataDir, 'logs')).length).toBeGreaterThan(1), { timeout: 20_000 });
    await app.close();
    const files = readdirSync(path.join(dataDir, 'logs')).filter((f) => f.endsWith(LOG_FILE));
    expect(files).toContain(LOG_FILE);
    expect(files.length).toBeLessThanOrEqual(3); // the current file + at most maxFiles rotated ones
  });

  it('a log folder that cannot be made: the app still logs (stderr) and says the files are off', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'logs'), 'not a folder');
    const app = openAppLog(dataDir, 'test');
    expect(app.folder).toBeNull();
    expect(app.problem).toMatch(/^(EEXIST|ENOTDIR): /);
    expect(() => app.log.error('still fine')).not.toThrow();
  });

  it('a read-only data folder: the files are off, with the reason', (ctx) => {
    if (process.getuid?.() === 0) return ctx.skip('root writes into a read-only folder');
    const readOnly = tempDir();
    chmodSync(readOnly, 0o500);
    const ro = openAppLog(readOnly, 'test');
    expect(ro.problem).toMatch(/^EACCES: /);
  });

  it('a journey through the handlers with a password, a PIN and an ID number leaves none of them in the files', async () => {
    const dataDir = tempDir();
    const app = openAppLog(dataDir, 'journey');
    const ctx = testContext({
      home: tempDir(),
      dataDir,
      log: app.log,
      keyStore: new MemoryKeyStore(),
      devCloud: { url: 'http://127.0.0.1:9', identity: 'local:/nowhere', devOutbox: null },
    });
    const dispatch = createDispatcher(createHandlers(ctx), app.log);
    const secrets = { password: 'Zq#8vLm!2pRt', pin: '730519', idn: '8801011234567' };
    await dispatch('cloudConnectStart', { name: '홍길동', mobile: '010-1234-5678', birthDate: '19880101', idn: secrets.idn });
    await dispatch('cloudSign', { credentialId: 'x', pin: secrets.pin, content: { text: 'hello' } });
    await dispatch('changePassword', { id: 'nope', oldPassword: secrets.password, newPassword: secrets.password + 'A' });
    app.log.error('handler failed', { method: 'cloudSign', request: { pin: secrets.pin, idn: secrets.idn, password: secrets.password } });
    await app.close();
    const text = allText(path.join(dataDir, 'logs'));
    expect(text).toContain('handler failed');
    for (const s of Object.values(secrets)) expect(text).not.toContain(s);
  });
});
