/**
 * CBC mode with PKCS#7 padding over any 128-bit {@link BlockCipher}.
 * One output buffer is allocated per call; blocks are processed in place inside it.
 */
import { DojangError } from '../../common/errors.js';
import type { BlockCipher } from './block-cipher.js';

const BLOCK = 16;

/** Thrown for ciphertext whose length or padding is wrong: a wrong key, or damaged data. */
export function badCiphertext(reason: string): DojangError {
  return new DojangError('FILE_DAMAGED', 'cbc.cannotDecrypt', {}, { reason });
}

/** The data followed by 1..16 padding bytes, each holding the padding length. */
export function pkcs7Pad(data: Uint8Array): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  const out = Buffer.allocUnsafe(data.length + n);
  out.set(data, 0);
  out.fill(n, data.length);
  return out;
}

/** A view of `data` without its PKCS#7 padding; throws {@link badCiphertext} when the padding is invalid. */
export function pkcs7Unpad(data: Buffer): Buffer {
  if (data.length === 0 || data.length % BLOCK !== 0) throw badCiphertext('length');
  const n = data[data.length - 1]!;
  if (n < 1 || n > BLOCK) throw badCiphertext('padding');
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw badCiphertext('padding');
  }
  return data.subarray(0, data.length - n);
}

function checkIv(iv: Uint8Array): void {
  if (iv.length !== BLOCK) throw new RangeError('CBC IV must be 16 bytes');
}

/** Pads, then encrypts in place inside the one output buffer. */
export function cbcEncrypt(cipher: BlockCipher, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  checkIv(iv);
  const out = pkcs7Pad(plaintext);
  let prev: Uint8Array = iv;
  let prevOff = 0;
  for (let off = 0; off < out.length; off += BLOCK) {
    for (let i = 0; i < BLOCK; i++) out[off + i]! ^= prev[prevOff + i]!;
    cipher.encryptBlock(out, off, out, off);
    prev = out;
    prevOff = off;
  }
  return out;
}

/** Decrypts and checks the padding; throws {@link badCiphertext} for a bad length or padding. */
export function cbcDecrypt(cipher: BlockCipher, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  checkIv(iv);
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) throw badCiphertext('length');
  const out = Buffer.allocUnsafe(ciphertext.length);
  let prev: Uint8Array = iv;
  let prevOff = 0;
  for (let off = 0; off < out.length; off += BLOCK) {
    cipher.decryptBlock(ciphertext, off, out, off);
    for (let i = 0; i < BLOCK; i++) out[off + i]! ^= prev[prevOff + i]!;
    prev = ciphertext;
    prevOff = off;
  }
  return pkcs7Unpad(out);
}
