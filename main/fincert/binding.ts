/**
 * The auto-connect binding of this device to one person on one cloud: device id, token and the
 * holder's name, kept as one keychain entry (account "<cloud>|<person key>", where <cloud> is the
 * cloud's normalized URL, or local:<folder> for the app's own cloud). The person key is an opaque
 * hash, so the account name (visible in keychain tools) says nothing about the person.
 */
import { z } from 'zod';
import type { KeyStore } from './keystore.js';

export interface DeviceBinding {
  personKey: string;
  personName: string;
  deviceId: string;
  token: string;
  savedAt: string;
}

const stored = z.object({
  v: z.literal(1),
  personName: z.string(),
  deviceId: z.string().min(1),
  token: z.string().min(1),
  savedAt: z.string(),
});

const SEPARATOR = '|';

export function bindingAccount(cloud: string, personKey: string): string {
  return `${cloud}${SEPARATOR}${personKey}`;
}

export class BindingStore {
  constructor(private readonly keys: KeyStore) {}

  /** The accounts of this cloud. */
  private async accountsOf(cloud: string): Promise<string[]> {
    const prefix = cloud + SEPARATOR;
    return (await this.keys.accounts()).filter((a) => a.startsWith(prefix) && a.length > prefix.length);
  }

  /** The most recently saved binding for this cloud, or null. Unreadable entries are removed. */
  async load(cloud: string): Promise<DeviceBinding | null> {
    let best: DeviceBinding | null = null;
    for (const account of await this.accountsOf(cloud)) {
      const secret = await this.keys.get(account);
      if (secret === null) continue;
      let parsed;
      try {
        parsed = stored.safeParse(JSON.parse(secret));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        await this.keys.delete(account);
        continue;
      }
      const { v: _v, ...data } = parsed.data;
      const binding: DeviceBinding = { personKey: account.slice(cloud.length + 1), ...data };
      if (!best || binding.savedAt > best.savedAt) best = binding;
    }
    return best;
  }

  async save(cloud: string, binding: Omit<DeviceBinding, 'savedAt'>, now: Date): Promise<void> {
    const { personKey, ...rest } = binding;
    await this.keys.set(bindingAccount(cloud, personKey), JSON.stringify({ v: 1, ...rest, savedAt: now.toISOString() }));
  }

  async remove(cloud: string, personKey: string): Promise<boolean> {
    return this.keys.delete(bindingAccount(cloud, personKey));
  }
}
