/**
 * Which cloud the app talks to: settings.cloudUrl when set, else the local cloud service the app
 * runs itself (`npm start`: PGlite under the app's data folder), else none.
 */
import path from 'node:path';
import type { Logger } from '../core/log.js';
import type { SettingsStore } from '../app/settings.js';
import { normalizeCloudUrl } from './transport.js';
import type { CloudEndpoint } from './service.js';

/** Set by scripts/start.mjs: the app then runs the local cloud service when no cloudUrl is set. */
export const EMBEDDED_CLOUD_ENV = 'DOJANG_EMBEDDED_CLOUD';

interface RunningCloud {
  url: string;
  smsOutbox: string;
  close(): Promise<void>;
}

/** The local cloud service, started on first use (a cold start makes its CA and database: seconds). */
export class EmbeddedCloud {
  readonly dataDir: string;
  private running: Promise<RunningCloud> | null = null;

  constructor(
    appDataDir: string,
    private readonly log: Logger,
  ) {
    this.dataDir = path.join(appDataDir, 'cloud');
  }

  private start(): Promise<RunningCloud> {
    this.running ??= (async () => {
      // Loaded only when used: the service brings Fastify and PGlite along.
      const { startCloud } = await import('../../cloud/src/index.js');
      const cloud = await startCloud({ dataDir: this.dataDir, host: '127.0.0.1', port: 0, logger: false, production: false });
      this.log.info('local cloud service started', { url: cloud.url, dataDir: this.dataDir, smsOutbox: cloud.smsOutbox });
      return cloud;
    })().catch((e: unknown) => {
      this.running = null; // the next call tries again
      throw e;
    });
    return this.running;
  }

  async endpoint(): Promise<CloudEndpoint> {
    const cloud = await this.start();
    // The port changes at every start: the keychain knows this cloud by its folder.
    return { url: cloud.url, identity: `local:${this.dataDir}`, devOutbox: cloud.smsOutbox };
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await (await running.catch(() => null))?.close();
  }
}

export function cloudEndpoint(settings: SettingsStore, embedded: EmbeddedCloud | null): () => Promise<CloudEndpoint | null> {
  return async () => {
    const { cloudUrl } = await settings.get();
    if (cloudUrl) {
      const url = normalizeCloudUrl(cloudUrl);
      return { url, identity: url, devOutbox: null };
    }
    return embedded ? embedded.endpoint() : null;
  };
}
