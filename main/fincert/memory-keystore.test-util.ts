/** Test-only: a KeyStore in memory, for the unit tests of other modules (never for the app). */
import { DojangError } from '../../common/errors.js';
import type { KeyStore } from './keystore.js';

export class MemoryKeyStore implements KeyStore {
  readonly entries = new Map<string, string>();
  /** When set, every call fails as a locked keychain would. */
  refuse = false;

  private check(): void {
    if (this.refuse) throw new DojangError('KEYCHAIN_UNAVAILABLE', 'keychain.locked', { keychain: 'keychain.name.linux' });
  }

  async probe() {
    return this.refuse ? ({ available: false, message: { key: 'keychain.locked', params: { keychain: 'keychain.name.linux' } } } as const) : ({ available: true } as const);
  }

  async get(account: string) {
    this.check();
    return this.entries.get(account) ?? null;
  }

  async set(account: string, secret: string) {
    this.check();
    this.entries.set(account, secret);
  }

  async delete(account: string) {
    this.check();
    return this.entries.delete(account);
  }

  async accounts() {
    this.check();
    return [...this.entries.keys()];
  }
}
