import { createHash, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pbkdf1Sha1 } from './pbkdf1.js';

/** The textbook definition, one node:crypto hash per iteration. */
function reference(password: Buffer, salt: Buffer, iterations: number): Buffer {
  let t = createHash('sha1').update(password).update(salt).digest();
  for (let i = 1; i < iterations; i++) t = createHash('sha1').update(t).digest();
  return t;
}

describe('PBKDF1-SHA1', () => {
  it('matches the textbook loop for random passwords, salts and counts', () => {
    for (const iterations of [1, 2, 3, 1024, 2048]) {
      for (let n = 0; n < 10; n++) {
        const pw = randomBytes(randomInt(0, 70));
        const salt = randomBytes(8);
        expect(pbkdf1Sha1(pw, salt, iterations)).toEqual(reference(pw, salt, iterations));
      }
    }
  });

  it('rejects non-positive or fractional counts', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => pbkdf1Sha1(Buffer.alloc(1), Buffer.alloc(8), bad)).toThrow(RangeError);
  });
});
