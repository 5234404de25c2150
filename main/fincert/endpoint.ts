/**
 * Which cloud the app talks to: settings.cloudUrl when set, else the development cloud the
 * launcher in scripts/ started (`npm start`), else none. The app never runs a cloud itself: the
 * cloud service is its own process and trust domain, reached only over HTTP.
 */
import { z } from 'zod';
import type { SettingsStore } from '../app/settings.js';
import { normalizeCloudUrl } from './transport.js';
import type { CloudEndpoint } from './service.js';

/** Set by scripts/start.mjs to the cloud it runs: JSON {url, identity, devOutbox}. Read by the host entries only. */
export const DEV_CLOUD_ENV = 'DOJANG_DEV_CLOUD';

const devCloud = z.object({ url: z.string().url(), identity: z.string().min(1), devOutbox: z.string().nullable() });

/** The development cloud named by the launcher, or null (no variable, or not one the launcher wrote). */
export function devCloudFromEnv(env: NodeJS.ProcessEnv): CloudEndpoint | null {
  const text = env[DEV_CLOUD_ENV];
  if (!text) return null;
  try {
    return devCloud.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export function cloudEndpoint(settings: SettingsStore, devCloud: CloudEndpoint | null): () => Promise<CloudEndpoint | null> {
  return async () => {
    const { cloudUrl } = await settings.get();
    if (cloudUrl) {
      const url = normalizeCloudUrl(cloudUrl);
      return { url, identity: url, devOutbox: null };
    }
    return devCloud;
  };
}
