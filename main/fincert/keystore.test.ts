/**
 * The OS keychain through OsKeyStore and the binding kept in it, on the real keychain (CI: an
 * unlocked GNOME Keyring). A service name of its own keeps these entries apart from the app's.
 * The "no keychain" paths run in child processes (service.test.ts).
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import { BindingStore, bindingAccount } from './binding.js';
import { OsKeyStore, keychainUnavailable } from './keystore.js';
import { skipReason } from '../../fixtures/environment.js';

const SERVICE = `Dojang-test-${process.pid}`;
const keys = new OsKeyStore(process.platform, SERVICE);
const state = await keys.probe();
const noKeychain = skipReason('keychain', state.available ? null : `${state.message} (run under dbus-run-session -- bash scripts/ci/with-keyring.sh)`);
if (noKeychain) console.warn(`SKIPPED OS keychain tests: ${noKeychain}`);
const direct = (account: string) => new AsyncEntry(SERVICE, account, { linux: { store: 'secret-service' } });

afterAll(async () => {
  if (!state.available) return;
  for (const a of await keys.accounts()) await keys.delete(a);
});

describe.skipIf(noKeychain)('OsKeyStore on the real keychain', () => {
  it('set / get / accounts / delete, as another program sees them', async () => {
    const secret = JSON.stringify({ token: 'dt_' + 'x'.repeat(43), name: '홍길동' });
    await keys.set('https://cloud.example.kr|abc', secret);
    expect(await direct('https://cloud.example.kr|abc').getPassword()).toBe(secret);
    expect(await keys.get('https://cloud.example.kr|abc')).toBe(secret);
    expect(await keys.accounts()).toContain('https://cloud.example.kr|abc');
    expect(await keys.delete('https://cloud.example.kr|abc')).toBe(true);
    expect(await direct('https://cloud.example.kr|abc').getPassword()).toBeNull();
    expect(await keys.delete('https://cloud.example.kr|abc')).toBe(false);
    expect(await keys.get('https://cloud.example.kr|abc')).toBeNull();
  });

  it('bindings: one account per cloud and person; the newest wins; other clouds are not touched; a damaged entry is dropped', async () => {
    const bindings = new BindingStore(keys);
    const cloud = 'http://127.0.0.1:8787';
    await bindings.save(cloud, { personKey: 'p1', personName: '홍길동', deviceId: 'd1', token: 't1' }, new Date('2026-01-01T00:00:00Z'));
    await bindings.save(cloud, { personKey: 'p2', personName: '김철수', deviceId: 'd2', token: 't2' }, new Date('2026-01-02T00:00:00Z'));
    await bindings.save('https://other.example.kr', { personKey: 'p3', personName: '이영희', deviceId: 'd3', token: 't3' }, new Date('2026-01-03T00:00:00Z'));
    expect(await bindings.load(cloud)).toMatchObject({ personKey: 'p2', personName: '김철수', deviceId: 'd2', token: 't2' });
    expect(await bindings.remove(cloud, 'p2')).toBe(true);
    expect(await bindings.load(cloud)).toMatchObject({ personKey: 'p1', deviceId: 'd1' });
    await keys.set(bindingAccount(cloud, 'p1'), 'not json');
    expect(await bindings.load(cloud)).toBeNull();
    expect(await keys.get(bindingAccount(cloud, 'p1'))).toBeNull();
    expect(await bindings.load('https://other.example.kr')).toMatchObject({ personKey: 'p3' });
    // A cloud whose URL is a prefix of another's is a different cloud.
    expect(await bindings.load('https://other.example')).toBeNull();
  });
});

describe('keychain messages', () => {
  it('say which keychain, whether it is missing or refusing, and that Dojang works without it', () => {
    const missing = keychainUnavailable('linux', new Error('DBus error: Using X11 for dbus-daemon autolaunch was disabled'));
    expect(missing.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(missing.message).toMatch(/Secret Service.*is not available.*connect each time/);
    const locked = keychainUnavailable('darwin', new Error('User interaction is not allowed / keychain is locked'));
    expect(locked.message).toMatch(/macOS Keychain is locked or refused access/);
    expect(keychainUnavailable('win32', new Error('x')).message).toMatch(/Windows Credential Manager/);
  });
});
