/**
 * Where the auto-connect binding (device id + token) lives: the OS keychain (macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux) through @napi-rs/keyring, service
 * "Dojang". There is deliberately no file fallback: without a usable keychain the app connects
 * every time. On Linux the store is pinned to the Secret Service, because keyring's own fallback
 * (the kernel keyring) forgets everything at logout and would make "remember" a lie.
 */
import { AsyncEntry, findCredentialsAsync, type EntryOptions } from '@napi-rs/keyring';
import { DojangError, messageOf } from '../../common/errors.js';
import type { Message, MessageKey } from '../../preload/messages/format.js';

/** The keychain service name; tests and e2e journeys set DOJANG_KEYCHAIN_SERVICE so they never touch the user's own entries. */
export const KEYCHAIN_SERVICE = process.env.DOJANG_KEYCHAIN_SERVICE || 'Dojang';

export type KeychainState = { available: true } | { available: false; message: Message };

export interface KeyStore {
  /** Whether the keychain can be used now (a read; nothing is written). */
  probe(): Promise<KeychainState>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when an entry was removed, false when there was none. */
  delete(account: string): Promise<boolean>;
  /** The accounts this store holds under the Dojang service. */
  accounts(): Promise<string[]>;
}

const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

const KEYCHAIN_NAMES: Partial<Record<NodeJS.Platform, MessageKey>> = { darwin: 'keychain.name.darwin', win32: 'keychain.name.win32' };

/** The user-facing sentence for a keychain failure; the library's own text stays in `detail`. */
export function keychainUnavailable(platform: NodeJS.Platform, cause: unknown): DojangError {
  const keychain = KEYCHAIN_NAMES[platform] ?? 'keychain.name.linux';
  const text = String((cause as Error)?.message ?? cause);
  // A keyring that exists but will not open (locked, prompt dismissed, no default collection) vs none at all.
  const refused = /lock|prompt|dismiss|denied|cancel|no result/i.test(text);
  return new DojangError('KEYCHAIN_UNAVAILABLE', refused ? 'keychain.locked' : 'keychain.missing', { keychain }, { cause: text });
}

export class OsKeyStore implements KeyStore {
  constructor(
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly service: string = KEYCHAIN_SERVICE,
  ) {}

  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw keychainUnavailable(this.platform, e);
    }
  }

  private entry(account: string): AsyncEntry {
    // The constructor itself throws when there is no keychain to talk to (no D-Bus session).
    return new AsyncEntry(this.service, account, ENTRY_OPTIONS);
  }

  async probe(): Promise<KeychainState> {
    try {
      await this.run(() => this.entry('probe').getPassword());
      return { available: true };
    } catch (e) {
      return { available: false, message: messageOf(e) };
    }
  }

  get(account: string): Promise<string | null> {
    return this.run(() => this.entry(account).getPassword());
  }

  set(account: string, secret: string): Promise<void> {
    return this.run(() => this.entry(account).setPassword(secret));
  }

  delete(account: string): Promise<boolean> {
    return this.run(() => this.entry(account).deleteCredential());
  }

  async accounts(): Promise<string[]> {
    return this.run(async () => (await findCredentialsAsync(this.service)).map((c) => c.account));
  }
}
