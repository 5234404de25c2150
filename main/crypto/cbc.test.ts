import { randomBytes, randomInt } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipReason } from '../../fixtures/environment.js';
import { DojangError } from '../../common/errors.js';
import { Aria } from './aria.js';
import { CBC_CIPHERS, cbcKeyLength, decryptCbc, encryptCbc, type CbcCipherName } from './cbc-ciphers.js';
import { cbcDecrypt, cbcEncrypt } from './cbc.js';
import { inBatches, openssl, opensslUnavailable } from './openssl-peer.test-util.js';
import { Seed } from './seed.js';

const noOpenssl = skipReason('openssl', opensslUnavailable());

/** A random length biased to the interesting ones: empty, around block edges, and a few KiB. */
function randomLength(): number {
  const r = randomInt(10);
  if (r < 6) return randomInt(0, 100);
  if (r < 9) return 16 * randomInt(1, 8) + randomInt(-1, 2);
  return randomInt(1000, 5000);
}

interface Case {
  name: CbcCipherName;
  key: Buffer;
  iv: Buffer;
  plain: Buffer;
}

function randomCase(name: CbcCipherName): Case {
  return { name, key: randomBytes(cbcKeyLength(name)), iv: randomBytes(16), plain: randomBytes(randomLength()) };
}

function opensslArgs(c: Case, decrypt: boolean): string[] {
  return ['enc', `-${c.name}`, ...(decrypt ? ['-d'] : []), '-K', c.key.toString('hex'), '-iv', c.iv.toString('hex')];
}

async function interop(cases: Case[]): Promise<void> {
  await inBatches(
    cases.map((c) => async () => {
      // ours → OpenSSL
      const ours = encryptCbc(c.name, c.key, c.iv, c.plain);
      expect(ours.length).toBe((Math.floor(c.plain.length / 16) + 1) * 16);
      expect(await openssl(opensslArgs(c, true), ours)).toEqual(c.plain);
      // OpenSSL → ours
      const theirs = await openssl(opensslArgs(c, false), c.plain);
      expect(theirs).toEqual(ours);
      expect(decryptCbc(c.name, c.key, c.iv, theirs)).toEqual(c.plain);
    }),
  );
}

describe('CBC against OpenSSL enc', () => {
  beforeEach((ctx) => {
    if (noOpenssl) ctx.skip(noOpenssl);
  });
  it('SEED-CBC: 200 random keys, IVs and lengths, both directions', async () => {
    await interop(Array.from({ length: 200 }, () => randomCase('seed-cbc')));
  });

  it('ARIA-128/192/256-CBC: 120 random cases, both directions', async () => {
    const names = ['aria-128-cbc', 'aria-192-cbc', 'aria-256-cbc'] as const;
    await interop(Array.from({ length: 120 }, (_, i) => randomCase(names[i % 3]!)));
  });

  it('AES-CBC (node:crypto with our padding): 30 cases, both directions', async () => {
    const names = ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'] as const;
    await interop(Array.from({ length: 30 }, (_, i) => randomCase(names[i % 3]!)));
  });
});

describe('CBC with PKCS#7 padding', () => {
  it('round-trips every named cipher at every length 0..48', () => {
    for (const name of CBC_CIPHERS) {
      const key = randomBytes(cbcKeyLength(name));
      const iv = randomBytes(16);
      for (let len = 0; len <= 48; len++) {
        const plain = randomBytes(len);
        expect(decryptCbc(name, key, iv, encryptCbc(name, key, iv, plain))).toEqual(plain);
      }
    }
  });

  it('chains blocks: equal plaintext blocks give different ciphertext blocks', () => {
    const c = cbcEncrypt(new Seed(randomBytes(16)), randomBytes(16), Buffer.alloc(32));
    expect(c.subarray(0, 16)).not.toEqual(c.subarray(16, 32));
  });

  it('does not modify its input', () => {
    const seed = new Seed(randomBytes(16));
    const iv = randomBytes(16);
    const plain = randomBytes(40);
    const copy = Buffer.from(plain);
    const c = cbcEncrypt(seed, iv, plain);
    const cCopy = Buffer.from(c);
    cbcDecrypt(seed, iv, c);
    expect(plain).toEqual(copy);
    expect(c).toEqual(cCopy);
  });

  it('reports bad padding, bad length and empty input as DojangError FILE_DAMAGED, for every cipher', () => {
    for (const name of CBC_CIPHERS) {
      const key = randomBytes(cbcKeyLength(name));
      const iv = randomBytes(16);
      const good = encryptCbc(name, key, iv, Buffer.from('hello'));
      const bad = [Buffer.alloc(0), good.subarray(0, 15), Buffer.concat([good, Buffer.alloc(1)])];
      // A last byte of 0 or > 16 can never be valid padding.
      const zeroPad = Buffer.from(good);
      zeroPad[15]! ^= 0xff; // garbles the whole (only) block
      bad.push(zeroPad);
      let failures = 0;
      for (const c of bad) {
        try {
          decryptCbc(name, key, iv, c);
        } catch (e) {
          expect(e).toBeInstanceOf(DojangError);
          expect((e as DojangError).code).toBe('FILE_DAMAGED');
          failures++;
        }
      }
      // The garbled block decrypts to random bytes: valid padding there is possible but rare (~1/256).
      expect(failures).toBeGreaterThanOrEqual(3);
    }
  });

  it('random ciphertext under a wrong key fails cleanly or yields bytes, never another error', () => {
    const aria = new Aria(randomBytes(32));
    let padOk = 0;
    for (let n = 0; n < 2000; n++) {
      try {
        cbcDecrypt(aria, randomBytes(16), randomBytes(16 * randomInt(1, 4)));
        padOk++;
      } catch (e) {
        expect(e).toBeInstanceOf(DojangError);
      }
    }
    // Random last bytes end in valid padding about 1 time in 256.
    expect(padOk).toBeLessThan(60);
  });
});
