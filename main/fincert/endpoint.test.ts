/**
 * Which cloud the app uses: settings.cloudUrl first, else the development cloud the launcher
 * (scripts/start.mjs) names in DOJANG_DEV_CLOUD, else none. The app never starts a cloud itself.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../app/settings.js';
import { silentLogger } from '../core/log.js';
import { createCloud, devCloudFromEnv, DEV_CLOUD_ENV, type CloudEndpoint } from './index.js';
import { MemoryKeyStore } from './memory-keystore.test-util.js';
import { TestCloud } from './cloud.test-util.js';

function setup(devCloud: CloudEndpoint | null) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dojang-endpoint-'));
  const settings = new SettingsStore(dataDir);
  const made = createCloud({ platform: 'linux', settings, log: silentLogger, now: () => new Date(), keyStore: new MemoryKeyStore(), devCloud });
  return { dataDir, settings, ...made };
}

describe('the cloud endpoint', () => {
  it('no setting and no development cloud: none (the status says so)', async () => {
    const { cloud } = setup(null);
    expect(await cloud.status()).toMatchObject({ url: '', reachable: false, connected: false });
  });

  it('settings.cloudUrl wins over the development cloud, normalized', async () => {
    const { cloud, settings } = setup({ url: 'http://127.0.0.1:1', identity: 'local:/x', devOutbox: null });
    await settings.update({ cloudUrl: 'HTTP://127.0.0.1:9/' });
    expect(await cloud.status()).toMatchObject({ url: 'http://127.0.0.1:9', reachable: false });
  });

  it('under npm start: the cloud the launcher runs, known to the keychain by the identity it names', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'dojang-devcloud-'));
    const running = new TestCloud(folder);
    await running.start();
    try {
      const named = { url: running.url, identity: `local:${folder}`, devOutbox: path.join(folder, 'sms-outbox.log') };
      const devCloud = devCloudFromEnv({ [DEV_CLOUD_ENV]: JSON.stringify(named) });
      expect(devCloud).toEqual(named);
      const { cloud } = setup(devCloud);
      expect(await cloud.status()).toMatchObject({ url: running.url, reachable: true, connected: false });
      const e = await cloud.connectStart({ name: '없는사람', mobile: '010-0000-0000', birthDate: '19900101' }).catch((err: unknown) => err);
      expect(e).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await running.stop();
    }
  }, 120_000);

  it('ignores a variable that is not the launcher’s JSON', () => {
    expect(devCloudFromEnv({})).toBeNull();
    expect(devCloudFromEnv({ [DEV_CLOUD_ENV]: '1' })).toBeNull();
    expect(devCloudFromEnv({ [DEV_CLOUD_ENV]: JSON.stringify({ url: 'not a url', identity: 'x', devOutbox: null }) })).toBeNull();
  });
});
