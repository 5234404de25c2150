/**
 * Which cloud the app uses: settings.cloudUrl first, else the local service the app runs itself
 * (only when started with DOJANG_EMBEDDED_CLOUD=1, as `npm start` does), else none.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../app/settings.js';
import { silentLogger } from '../core/log.js';
import { createCloud } from './index.js';
import { MemoryKeyStore } from './memory-keystore.test-util.js';

function setup(env: NodeJS.ProcessEnv, dataDir = mkdtempSync(path.join(os.tmpdir(), 'dojang-endpoint-'))) {
  const settings = new SettingsStore(dataDir);
  const made = createCloud({ dataDir, env, platform: 'linux', settings, log: silentLogger, now: () => new Date(), keyStore: new MemoryKeyStore() });
  return { dataDir, settings, ...made };
}

describe('the cloud endpoint', () => {
  it('no setting and no embedded service: none (the status says so)', async () => {
    const { cloud, embeddedCloud } = setup({});
    expect(embeddedCloud).toBeNull();
    expect(await cloud.status()).toMatchObject({ url: '', reachable: false, connected: false });
  });

  it('settings.cloudUrl wins, normalized', async () => {
    const { cloud, settings, embeddedCloud } = setup({ DOJANG_EMBEDDED_CLOUD: '1' });
    await settings.update({ cloudUrl: 'HTTP://127.0.0.1:9/' });
    expect(await cloud.status()).toMatchObject({ url: 'http://127.0.0.1:9', reachable: false });
    await embeddedCloud!.close(); // never started
  });

  it('under npm start: the local service in <data folder>/cloud, started on demand, known to the keychain by its folder', async () => {
    const { cloud, embeddedCloud, dataDir } = setup({ DOJANG_EMBEDDED_CLOUD: '1' });
    try {
      const status = await cloud.status();
      expect(status).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), reachable: true, connected: false });
      const endpoint = await embeddedCloud!.endpoint();
      expect(endpoint).toEqual({ url: status.url, identity: `local:${path.join(dataDir, 'cloud')}`, devOutbox: path.join(dataDir, 'cloud', 'sms-outbox.log') });
      // The cloud does not tell whether details have an account (issue 12): a challenge either way, no SMS for nobody.
      const started = await cloud.connectStart({ name: '없는사람', mobile: '010-0000-0000', birthDate: '19900101' });
      expect(started.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await embeddedCloud!.close();
    }
    // Closed cleanly: the folder can be opened again (its lock was released), under the same identity.
    const again = setup({ DOJANG_EMBEDDED_CLOUD: '1' }, dataDir);
    const reopened = await again.embeddedCloud!.endpoint();
    expect(reopened.identity).toBe(`local:${path.join(dataDir, 'cloud')}`);
    await again.embeddedCloud!.close();
  }, 120_000);
});
