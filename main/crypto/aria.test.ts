import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Aria } from './aria.js';

// RFC 5794 Appendix A: key 000102..., plaintext 00112233445566778899aabbccddeeff.
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const PLAIN = '00112233445566778899aabbccddeeff';
const VECTORS = [
  [16, 'd718fbd6ab644c739da95f3be6451778'],
  [24, '26449c1805dbe7aa25a468ce263a9e79'],
  [32, 'f92bd7c79fb72e2f2b8f80c1972d24fc'],
] as const;

describe('ARIA (RFC 5794)', () => {
  it.each(VECTORS)('%i-byte key gives the RFC ciphertext and decrypts back', (len, cipher) => {
    const aria = new Aria(KEY.subarray(0, len));
    const out = Buffer.alloc(16);
    aria.encryptBlock(Buffer.from(PLAIN, 'hex'), 0, out, 0);
    expect(out.toString('hex')).toBe(cipher);
    aria.decryptBlock(out, 0, out, 0);
    expect(out.toString('hex')).toBe(PLAIN);
  });

  it('decrypts what it encrypts for random keys of each size', () => {
    for (let n = 0; n < 150; n++) {
      const aria = new Aria(randomBytes([16, 24, 32][n % 3]!));
      const block = randomBytes(16);
      const c = Buffer.alloc(16);
      aria.encryptBlock(block, 0, c, 0);
      expect(c).not.toEqual(block);
      aria.decryptBlock(c, 0, c, 0);
      expect(c).toEqual(block);
    }
  });

  it('rejects other key lengths', () => {
    for (const len of [0, 8, 20, 33]) expect(() => new Aria(Buffer.alloc(len))).toThrow(RangeError);
  });
});
