/**
 * Where the auto-connect binding (device id + token) lives: the OS keychain (macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux) through @napi-rs/keyring, service
 * "Dojang". There is deliberately no file fallback: without a usable keychain the app connects
 * every time. On Linux the store is pinned to the Secret Service, because keyring's own fallback
 * (the kernel keyring) forgets everything at logout and would make "remember" a lie.
 */
import { AsyncEntry, findCredentialsAsync, type EntryOptions } from '@napi-rs/keyring';
import { DojangError } from '../../common/errors.js';

/** The keychain service name; tests and e2e journeys set DOJANG_KEYCHAIN_SERVICE so they never touch the user's own entries. */
export const KEYCHAIN_SERVICE = process.env.DOJANG_KEYCHAIN_SERVICE || 'Dojang';

export type KeychainState = { available: true } | { available: false; message: string };

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

const KEYCHAIN_NAMES: Partial<Record<NodeJS.Platform, [string, string]>> = {
  darwin: ['macOS 키체인', 'the macOS Keychain'],
  win32: ['Windows 자격 증명 관리자', 'Windows Credential Manager'],
};
const LINUX_KEYCHAIN: [string, string] = ['키링(Secret Service: GNOME 키링, KWallet)', 'the keyring (Secret Service: GNOME Keyring or KWallet)'];

/** Whether the last Hangul syllable (brackets skipped) ends in a consonant: picks 이/가, 을/를. */
function hasFinal(word: string): boolean {
  const last = [...word.replace(/\([^)]*\)$/, '')].at(-1) ?? '';
  const code = last.charCodeAt(0) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 !== 0;
}
const subject = (word: string) => (hasFinal(word) ? '이' : '가');
const object = (word: string) => (hasFinal(word) ? '을' : '를');

/** The user-facing sentence for a keychain failure; the library's own text stays in `detail`. */
export function keychainUnavailable(platform: NodeJS.Platform, cause: unknown): DojangError {
  const [ko, en] = KEYCHAIN_NAMES[platform] ?? LINUX_KEYCHAIN;
  const text = String((cause as Error)?.message ?? cause);
  // A keyring that exists but will not open (locked, prompt dismissed, no default collection) vs none at all.
  const refused = /lock|prompt|dismiss|denied|cancel|no result/i.test(text);
  return new DojangError(
    'KEYCHAIN_UNAVAILABLE',
    `${ko}${refused ? subject(ko) + ' 잠겨 있거나 접근을 거부해' : object(ko) + ' 쓸 수 없어'} 이 기기를 기억할 수 없습니다. 자동연결 없이, 쓸 때마다 클라우드에 연결합니다. / ` +
      `Dojang cannot remember this device: ${en} ${refused ? 'is locked or refused access' : 'is not available'}. ` +
      'The cloud works without auto-connect: you connect each time.',
    { cause: text },
  );
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
      return { available: false, message: (e as DojangError).message };
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
