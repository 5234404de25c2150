/**
 * The auto-connect binding of this device to one person on one cloud: device id, token and the
 * holder's name, kept as one keychain entry (account "<cloud URL>|<person key>"). The person key is
 * the cloud's opaque person reference, so the account name says nothing about the person.
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

export function bindingAccount(cloudUrl: string, personKey: string): string {
  return `${cloudUrl}${SEPARATOR}${personKey}`;
}

export class BindingStore {
  constructor(private readonly keys: KeyStore) {}

  /** The accounts of this cloud URL. */
  private async accountsOf(cloudUrl: string): Promise<string[]> {
    const prefix = cloudUrl + SEPARATOR;
    return (await this.keys.accounts()).filter((a) => a.startsWith(prefix) && a.length > prefix.length);
  }

  /** The most recently saved binding for this cloud, or null. Unreadable entries are removed. */
  async load(cloudUrl: string): Promise<DeviceBinding | null> {
    let best: DeviceBinding | null = null;
    for (const account of await this.accountsOf(cloudUrl)) {
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
      const binding: DeviceBinding = { personKey: account.slice(cloudUrl.length + 1), ...data };
      if (!best || binding.savedAt > best.savedAt) best = binding;
    }
    return best;
  }

  async save(cloudUrl: string, binding: Omit<DeviceBinding, 'savedAt'>, now: Date): Promise<void> {
    const { personKey, ...rest } = binding;
    await this.keys.set(bindingAccount(cloudUrl, personKey), JSON.stringify({ v: 1, ...rest, savedAt: now.toISOString() }));
  }

  async remove(cloudUrl: string, personKey: string): Promise<boolean> {
    return this.keys.delete(bindingAccount(cloudUrl, personKey));
  }
}
