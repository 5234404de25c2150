import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startCloud } from './index.js';
import { tempDir } from './testing/harness.js';

describe('loadConfig', () => {
  const tmp = tempDir('config');
  afterAll(() => tmp.remove());

  it('defaults to 127.0.0.1:8787, ~/.dojang-cloud, embedded database, not production', () => {
    const c = loadConfig({ DOJANG_CLOUD_CONFIG: undefined, HOME: os.homedir() });
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8787, dataDir: path.join(os.homedir(), '.dojang-cloud'), production: false });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads <dataDir>/config.json, and the environment wins over it', () => {
    writeFileSync(path.join(tmp.dir, 'config.json'), JSON.stringify({ port: 9000, host: '0.0.0.0', databaseUrl: 'postgres://f/f', logLevel: 'warn' }));
    const c = loadConfig({ DOJANG_CLOUD_DATA_DIR: tmp.dir, DOJANG_CLOUD_PORT: '9100', DATABASE_URL: 'postgres://e/e', NODE_ENV: 'production' });
    expect(c).toMatchObject({ dataDir: tmp.dir, port: 9100, host: '0.0.0.0', databaseUrl: 'postgres://e/e', production: true, logger: { level: 'warn' } });
  });

  it('refuses unknown settings, bad ports and a missing config file with a clear message', () => {
    const f = path.join(tmp.dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ DOJANG_CLOUD_CONFIG: f })).toThrow(/Unrecognized key/);
    expect(() => loadConfig({ DOJANG_CLOUD_DATA_DIR: tmp.dir, DOJANG_CLOUD_PORT: 'http' })).toThrow(/port number/);
    expect(() => loadConfig({ DOJANG_CLOUD_CONFIG: path.join(tmp.dir, 'none.json') })).toThrow(/does not exist/);
  });

  it('refuses the development SMS outbox in production', async () => {
    await expect(startCloud({ dataDir: tmp.dir, production: true, port: 0 })).rejects.toThrow(/SMS gateway/);
  });
});
