import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Seed } from './seed.js';

// RFC 4269 Appendix B (also SPEC §1.2): key, plaintext, ciphertext.
const VECTORS = [
  ['00000000000000000000000000000000', '000102030405060708090A0B0C0D0E0F', '5EBAC6E0054E166819AFF1CC6D346CDB'],
  ['000102030405060708090A0B0C0D0E0F', '00000000000000000000000000000000', 'C11F22F20140505084483597E4370F43'],
  ['4706480851E61BE85D74BFB3FD956185', '83A2F8A288641FB9A4E9A5CC2F131C7D', 'EE54D13EBCAE706D226BC3142CD40D4A'],
  ['28DBC3BC49FFD87DCFA509B11D422BE7', 'B41E6BE2EBA84A148E2EED84593C5EC7', '9B9B7BFCD1813CB95D0B3618F40F5122'],
] as const;

describe('SEED-128 (RFC 4269)', () => {
  it.each(VECTORS)('key %s encrypts and decrypts the RFC vector', (key, plain, cipher) => {
    const seed = new Seed(Buffer.from(key, 'hex'));
    const out = Buffer.alloc(16);
    seed.encryptBlock(Buffer.from(plain, 'hex'), 0, out, 0);
    expect(out.toString('hex')).toBe(cipher.toLowerCase());
    const back = Buffer.alloc(16);
    seed.decryptBlock(out, 0, back, 0);
    expect(back.toString('hex')).toBe(plain.toLowerCase());
  });

  it('works in place and at offsets, and decrypts what it encrypts', () => {
    for (let n = 0; n < 200; n++) {
      const seed = new Seed(randomBytes(16));
      const buf = randomBytes(48);
      const original = Buffer.from(buf);
      const separate = Buffer.alloc(16);
      seed.encryptBlock(buf, 16, separate, 0);
      seed.encryptBlock(buf, 16, buf, 16);
      expect(buf.subarray(16, 32)).toEqual(separate);
      expect(buf.subarray(0, 16)).toEqual(original.subarray(0, 16));
      expect(buf.subarray(32)).toEqual(original.subarray(32));
      seed.decryptBlock(buf, 16, buf, 16);
      expect(buf).toEqual(original);
    }
  });

  it('rejects keys that are not 16 bytes', () => {
    expect(() => new Seed(Buffer.alloc(15))).toThrow(RangeError);
    expect(() => new Seed(Buffer.alloc(32))).toThrow(RangeError);
  });
});
