/**
 * The 금융인증서 client: the app's cloud session (service.ts) over a typed API client (api.ts,
 * transport.ts), with device binding in the OS keychain (keystore.ts, binding.ts).
 */
import type { Logger } from '../core/log.js';
import type { SettingsStore } from '../app/settings.js';
import { cloudEndpoint } from './endpoint.js';
import { OsKeyStore, type KeyStore } from './keystore.js';
import { CloudService, type CloudEndpoint } from './service.js';

export { CloudService, type CloudEndpoint } from './service.js';
export { DEV_CLOUD_ENV, devCloudFromEnv } from './endpoint.js';
export { OsKeyStore, KEYCHAIN_SERVICE, type KeyStore, type KeychainState } from './keystore.js';

export function createCloud(opts: {
  platform: NodeJS.Platform;
  settings: SettingsStore;
  log: Logger;
  now: () => Date;
  keyStore?: KeyStore | undefined;
  /** The development cloud the launcher runs (`npm start`), used when settings.cloudUrl is empty. */
  devCloud?: CloudEndpoint | null | undefined;
}): { cloud: CloudService } {
  const cloud = new CloudService({
    endpoint: cloudEndpoint(opts.settings, opts.devCloud ?? null),
    keys: opts.keyStore ?? new OsKeyStore(opts.platform),
    log: opts.log,
    now: opts.now,
  });
  return { cloud };
}
