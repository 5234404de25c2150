import { createHash, generateKeyPairSync, hkdfSync, randomBytes, verify } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudError } from '../errors.js';
import { AAD, open, sadKey, seal, SealError } from './envelope.js';
import { fileKeyService } from '../keys/file-keys.js';
import { Keys } from '../keys/keys.js';
import { parseMasterKey } from './master-key.js';
import { assertStrongPin, checkPin, derivePin, pinWeakness } from './pin.js';
import { sha256DigestInfo, SignPool } from './sign-pool.js';
import { sadDataKey, sadWrap, sealUserKey } from './user-keys.js';

const devKeys = (): Keys => {
  const k = new Keys(fileKeyService(randomBytes(32)), 1);
  k.service.createWrapVersion(1);
  return k;
};

describe('weak PINs', () => {
  const birth = '19850317';
  it.each([
    ['111111', 'one digit'],
    ['123456', 'run'],
    ['654321', 'run'],
    ['890123', 'run'],
    ['109876', 'run'],
    ['121212', 'pattern'],
    ['123123', 'pattern'],
    ['850317', 'birth'],
    ['031785', 'birth'],
    ['170385', 'birth'],
    ['990317', 'birth'],
    ['031799', 'birth'],
    ['198542', 'birth'],
  ])('refuses %s (%s)', (pin, why) => {
    const w = pinWeakness(pin, birth);
    expect(w).not.toBeNull();
    expect(w!.toLowerCase()).toContain({ 'one digit': 'repeated', run: 'consecutive', pattern: 'pattern', birth: 'birth' }[why]);
  });
  it.each(['802413', '135790', '246813', '970531', '112358'])('accepts %s', (pin) => {
    expect(pinWeakness(pin, birth)).toBeNull();
  });
  it('answers PIN_WEAK for a weak PIN and INVALID_REQUEST for a malformed one', () => {
    expect(() => assertStrongPin('123456', birth)).toThrow(expect.objectContaining({ code: 'PIN_WEAK' }) as unknown as CloudError);
    expect(() => assertStrongPin('12345', birth)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as unknown as CloudError);
    expect(() => assertStrongPin('12a456', birth)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as unknown as CloudError);
  });
});

describe('PIN hashing', () => {
  const pepper = devKeys();
  it('derives a verifier and a key; only the right PIN with the right pepper opens', async () => {
    const kdf = { log2N: 10, r: 8, p: 1 };
    const m = await derivePin('802413', pepper, kdf);
    expect(m.kdf).toBe('scrypt:10:8:1');
    expect(m.salt).toHaveLength(16);
    expect(await checkPin('802413', pepper, m)).toEqual(m.kek);
    expect(await checkPin('802414', pepper, m)).toBeNull();
    expect(await checkPin('802413', devKeys(), m)).toBeNull();
    const again = await derivePin('802413', pepper, kdf);
    expect(again.verifier.equals(m.verifier)).toBe(false); // fresh salt
  });
  it('uses scrypt N=2^15 by default (about 32 MiB)', async () => {
    const { DEFAULT_PIN_COST } = await import('./pin.js');
    expect(DEFAULT_PIN_COST).toBe(15);
  });
});

describe('envelope', () => {
  it('seals with AES-256-GCM bound to its AAD', () => {
    const k = randomBytes(32);
    const blob = seal(k, Buffer.from('secret'), 'key|a');
    expect(blob[0]).toBe(1);
    expect(open(k, blob, 'key|a').toString()).toBe('secret');
    expect(() => open(k, blob, 'key|b')).toThrow(SealError);
    expect(() => open(randomBytes(32), blob, 'key|a')).toThrow(SealError);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => open(k, tampered, 'key|a')).toThrow(SealError);
  });
  it("derives a SAD's key as node:crypto's HKDF-SHA256 does", () => {
    for (const token of ['sad_' + randomBytes(32).toString('base64url'), 'sad_한', '']) {
      expect(sadKey(token)).toEqual(Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), 'dojang-cloud', 'sad', 32)));
    }
  });
  it('derives distinct keys from the master key and parses hex or base64', () => {
    const m = randomBytes(32);
    const k = fileKeyService(m);
    const x = Buffer.from('x');
    k.createWrapVersion(1);
    k.createWrapVersion(2);
    const outs = [k.pepper(x), k.idnLookup(x), k.kcv()];
    expect(new Set(outs.map((b) => b.toString('hex'))).size).toBe(3);
    expect(() => k.unwrap(2, k.wrap(1, x, 'a'), 'a')).toThrow(SealError);
    // A destroyed version no longer opens (its derived key is dropped); created again, it derives the same key.
    const blob = k.wrap(2, x, 'a');
    k.destroyWrapVersion(2);
    expect(() => k.unwrap(2, blob, 'a')).toThrow(/version 2 is not available/);
    k.createWrapVersion(2);
    expect(k.unwrap(2, blob, 'a')).toEqual(x);
    expect(parseMasterKey(m.toString('hex'))).toEqual(m);
    expect(parseMasterKey(m.toString('base64'))).toEqual(m);
    expect(() => parseMasterKey('abcd')).toThrow(/32 bytes/);
  });
});

describe('signing pool (worker threads)', () => {
  const keys = devKeys();
  const pool = new SignPool(2);
  afterAll(() => pool.close());
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const id = 'c0ffee00-0000-4000-8000-000000000001';
  const kek = randomBytes(32);
  const sealed = sealUserKey(id, privateKey, keys, kek);

  it('opens the layers sealed on the main thread and signs PKCS#1 v1.5 over SHA-256 digests', async () => {
    const token = 'sad_' + randomBytes(32).toString('base64url');
    const keyWrap = sadWrap(id, sealed.dkSealed, kek, token, keys);
    const data = [Buffer.from('one'), Buffer.from('two')];
    const digests = data.map((d) => createHash('sha256').update(d).digest());
    const dk = sadDataKey(id, keyWrap, token, keys);
    const [sigs] = await pool.signAll([{ credentialId: id, dk, keySealed: sealed.keySealed, digestInfos: digests.map(sha256DigestInfo) }]);
    expect(Array.isArray(sigs)).toBe(true);
    (sigs as Buffer[]).forEach((s, i) => expect(verify('sha256', data[i]!, publicKey, s)).toBe(true));
  });

  it('cannot sign without the SAD token or the key service, and layers do not open for another credential', async () => {
    const token = 'sad_' + randomBytes(32).toString('base64url');
    const keyWrap = sadWrap(id, sealed.dkSealed, kek, token, keys);
    expect(() => sadDataKey(id, keyWrap, token + 'x', keys)).toThrow(SealError);
    expect(() => sadDataKey('c0ffee00-0000-4000-8000-000000000002', keyWrap, token, keys)).toThrow(SealError);
    expect(() => sadDataKey(id, keyWrap, token, devKeys())).toThrow(SealError);
    const [wrongKey] = await pool.signAll([{ credentialId: id, dk: randomBytes(32), keySealed: sealed.keySealed, digestInfos: [sha256DigestInfo(randomBytes(32))] }]);
    expect(wrongKey).toBeInstanceOf(Error);
    // Neither the SAD layer nor the PIN alone opens the data key: the key service's wrap is outermost / innermost.
    expect(() => open(sadKey(token), keyWrap, AAD.sad(id))).not.toThrow();
    expect(() => open(kek, sealed.dkSealed.subarray(5), AAD.dkPin(id))).toThrow(SealError);
  });

  it('is busy with two batches (one signing, the next sent or waiting), and calls onIdle once one is answered (at once when not busy)', async () => {
    const token = 'sad_' + randomBytes(32).toString('base64url');
    const dk = sadDataKey(id, sadWrap(id, sealed.dkSealed, kek, token, keys), token, keys);
    const job = { credentialId: id, dk, keySealed: sealed.keySealed, digestInfos: [sha256DigestInfo(randomBytes(32))] };
    expect(pool.busy).toBe(false);
    let idleNow = false;
    pool.onIdle(() => (idleNow = true));
    expect(idleNow).toBe(true);
    const first = pool.signAll([job, job, job, job, job, job]);
    expect(pool.busy).toBe(false); // one batch: the next may be consumed while it signs
    await new Promise(setImmediate); // the first batch is with the workers now
    const second = pool.signAll([job, job]);
    expect(pool.busy).toBe(true); // two batches: the one after them waits
    const idle = new Promise<boolean>((resolve) => pool.onIdle(() => resolve(pool.busy)));
    expect(await idle).toBe(false);
    const results = [...(await first), ...(await second)];
    expect(results.every((r) => Array.isArray(r) && r.length === 1)).toBe(true);
  });
});
