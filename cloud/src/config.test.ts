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

  it('reads the HSM settings (PIN from a file) and the proxy list; refuses the old on/off proxy switch', () => {
    const pinFile = path.join(tmp.dir, 'pin');
    writeFileSync(pinFile, '1234\n', { mode: 0o600 });
    writeFileSync(
      path.join(tmp.dir, 'config.json'),
      JSON.stringify({ pkcs11: { module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'file-token', pinFile }, trustProxy: ['10.0.0.1'] }),
    );
    const c = loadConfig({ DOJANG_CLOUD_DATA_DIR: tmp.dir, DOJANG_CLOUD_PKCS11_TOKEN: 'env-token' });
    expect(c.pkcs11).toEqual({ module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'env-token', pin: '1234' });
    expect(c.trustProxy).toEqual(['10.0.0.1']);
    expect(loadConfig({ DOJANG_CLOUD_DATA_DIR: tmp.dir, DOJANG_CLOUD_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig({ DOJANG_CLOUD_DATA_DIR: tmp.dir, DOJANG_CLOUD_TRUST_PROXY: '1' })).toThrow(/would trust anyone/);
    expect(() => loadConfig({ DOJANG_CLOUD_CONFIG: undefined, HOME: os.homedir(), DOJANG_CLOUD_PKCS11_MODULE: '/x.so' })).toThrow(/token label/);
  });

  it('refuses the development SMS outbox in production', async () => {
    await expect(startCloud({ dataDir: tmp.dir, production: true, port: 0 })).rejects.toThrow(/SMS gateway/);
  });
});
