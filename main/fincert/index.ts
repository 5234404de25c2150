/**
 * The 금융인증서 client: the app's cloud session (service.ts) over a typed API client (api.ts,
 * transport.ts), with device binding in the OS keychain (keystore.ts, binding.ts).
 */
import type { Logger } from '../core/log.js';
import type { SettingsStore } from '../app/settings.js';
import { EMBEDDED_CLOUD_ENV, EmbeddedCloud, cloudEndpoint } from './endpoint.js';
import { OsKeyStore, type KeyStore } from './keystore.js';
import { CloudService } from './service.js';

export { CloudService, type CloudEndpoint } from './service.js';
export { EmbeddedCloud, EMBEDDED_CLOUD_ENV } from './endpoint.js';
export { OsKeyStore, KEYCHAIN_SERVICE, type KeyStore, type KeychainState } from './keystore.js';

export interface CloudSetup {
  cloud: CloudService;
  /** The local cloud service the app runs itself (only under `npm start`), else null. */
  embeddedCloud: EmbeddedCloud | null;
}

export function createCloud(opts: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  settings: SettingsStore;
  log: Logger;
  now: () => Date;
  keyStore?: KeyStore | undefined;
}): CloudSetup {
  const embeddedCloud = opts.env[EMBEDDED_CLOUD_ENV] === '1' ? new EmbeddedCloud(opts.dataDir, opts.log) : null;
  const cloud = new CloudService({
    endpoint: cloudEndpoint(opts.settings, embeddedCloud),
    keys: opts.keyStore ?? new OsKeyStore(opts.platform),
    log: opts.log,
    now: opts.now,
  });
  return { cloud, embeddedCloud };
}
