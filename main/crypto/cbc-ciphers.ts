/**
 * The CBC ciphers a key file may name, by OpenSSL-style name. SEED and ARIA run on our own
 * implementations (Electron's BoringSSL has neither); AES runs on node:crypto. Padding is always
 * ours, so every cipher reports a bad length or padding the same way.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Aria } from './aria.js';
import type { BlockCipher } from './block-cipher.js';
import { badCiphertext, cbcDecrypt, cbcEncrypt, pkcs7Pad, pkcs7Unpad } from './cbc.js';
import { Seed } from './seed.js';

export const CBC_CIPHERS = ['seed-cbc', 'aria-128-cbc', 'aria-192-cbc', 'aria-256-cbc', 'aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'] as const;
export type CbcCipherName = (typeof CBC_CIPHERS)[number];

/** Key length in bytes. */
export function cbcKeyLength(name: CbcCipherName): number {
  return name === 'seed-cbc' ? 16 : Number(name.split('-')[1]) / 8;
}

function ourCipher(name: CbcCipherName, key: Uint8Array): BlockCipher | null {
  if (name === 'seed-cbc') return new Seed(key);
  if (name.startsWith('aria-')) return new Aria(key);
  return null;
}

function checkKey(name: CbcCipherName, key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== cbcKeyLength(name)) throw new RangeError(`${name} needs a ${cbcKeyLength(name)}-byte key`);
  if (iv.length !== 16) throw new RangeError('CBC IV must be 16 bytes');
}

export function encryptCbc(name: CbcCipherName, key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  checkKey(name, key, iv);
  const own = ourCipher(name, key);
  if (own) return cbcEncrypt(own, iv, plaintext);
  const c = createCipheriv(name, key, iv).setAutoPadding(false);
  return Buffer.concat([c.update(pkcs7Pad(plaintext)), c.final()]);
}

/** Throws DojangError FILE_DAMAGED (see {@link badCiphertext}) for a bad length or padding. */
export function decryptCbc(name: CbcCipherName, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  checkKey(name, key, iv);
  const own = ourCipher(name, key);
  if (own) return cbcDecrypt(own, iv, ciphertext);
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw badCiphertext('length');
  const d = createDecipheriv(name, key, iv).setAutoPadding(false);
  return pkcs7Unpad(Buffer.concat([d.update(ciphertext), d.final()]));
}
