import { afterAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { encryptPrivateKey, unlockKey } from './keyfile.js';
import { importPfx } from './pkcs12.js';
import { cryptoPool, exportPfxOffThread, pfxToKeyFileOffThread, reencryptKeyOffThread, unlockKeyOffThread } from './off-thread.js';
import { fixture, YESSIGN_PASSWORD } from './fixtures.test-util.js';

const signCert = fixture('yessign-test/signCert.der');
const signKey = fixture('yessign-test/signPri.key');
const signPki = fixture('yessign-test/signPri.key.decrypted.der');

afterAll(() => cryptoPool().close());

describe('key work in the crypto worker', () => {
  it('unlocks to the same key as the synchronous code, KeyObject included', async () => {
    const key = await unlockKeyOffThread(signCert, signKey, YESSIGN_PASSWORD);
    expect(key.privateKeyInfo.equals(signPki)).toBe(true);
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
    expect(key.randomNum?.equals(unlockKey(signCert, signKey, YESSIGN_PASSWORD).randomNum!)).toBe(true);
  });

  it('carries DojangErrors back with their code', async () => {
    const error = await unlockKeyOffThread(signCert, signKey, 'wrong password 1!').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojangError);
    expect((error as DojangError).code).toBe('WRONG_PASSWORD');
    const damaged = await unlockKeyOffThread(signCert, Buffer.from([0x30, 0x03, 0x02, 0x01]), 'x').catch((e: unknown) => e);
    expect((damaged as DojangError).code).toBe('FILE_DAMAGED');
  });

  it('re-encrypts, exports and imports a PFX that the synchronous code reads back', async () => {
    const next = await reencryptKeyOffThread(signCert, signKey, YESSIGN_PASSWORD, 'new-Pass-2026!', 'same');
    expect(unlockKey(signCert, next, 'new-Pass-2026!').privateKeyInfo.equals(signPki)).toBe(true);
    const pfx = await exportPfxOffThread(signCert, signPki, 'pfx-Pass-1!', 'holder');
    expect(importPfx(pfx, 'pfx-Pass-1!').privateKeyInfo.equals(signPki)).toBe(true);
    const keyFile = await pfxToKeyFileOffThread(pfx, 'pfx-Pass-1!', undefined);
    expect(keyFile.certDer.equals(signCert)).toBe(true);
    expect(unlockKey(signCert, keyFile.encryptedKey, 'pfx-Pass-1!').privateKeyInfo.equals(signPki)).toBe(true);
  });

  it('a slow key (millions of iterations) does not hold up other calls: they are answered while it runs', async () => {
    const slowKey = encryptPrivateKey(signPki, YESSIGN_PASSWORD, { scheme: 'pbes2', iterations: 3_000_000 });
    const events: string[] = [];
    const slow = unlockKeyOffThread(signCert, slowKey, YESSIGN_PASSWORD).then(() => events.push('slow unlock done'));
    await expect.poll(() => cryptoPool().running()).toBe(1);
    // While the worker derives the key, the main thread goes on answering (here: timers and file reads).
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await import('node:fs/promises').then((fs) => fs.stat(import.meta.filename));
      events.push(`call ${i} answered`);
    }
    expect(cryptoPool().running()).toBe(1);
    await slow;
    expect(events).toEqual(['call 0 answered', 'call 1 answered', 'call 2 answered', 'slow unlock done']);
  }, 120_000);
});
