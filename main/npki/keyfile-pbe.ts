/**
 * Password-based encryption of key files (SPEC §1.2): key and IV derivation for each scheme,
 * then CBC with PKCS#7 padding. Passwords are UTF-8 bytes.
 */
import { createHash, pbkdf2Sync } from 'node:crypto';
import { cbcKeyLength, decryptCbc, encryptCbc } from '../crypto/cbc-ciphers.js';
import { pbkdf1Sha1 } from '../crypto/pbkdf1.js';
import type { EncryptedKey } from './keyfile-format.js';

/** The fixed IV of the rare bare-seedCBC key files (SPEC §1.2, item 3). */
export const SEED_CBC_FIXED_IV = Buffer.from('0123456789012345', 'ascii');

export interface KeyMaterial {
  key: Buffer;
  iv: Buffer;
}

/** The cipher key and IV `password` gives for this file's parameters. */
export function deriveKeyAndIv(k: Omit<EncryptedKey, 'encryptedData'>, password: string): KeyMaterial {
  const pw = Buffer.from(password, 'utf8');
  const { protection: p } = k;
  try {
    if (p.scheme === 'pbes2') {
      if (!k.iv) throw new Error('PBES2 needs an IV');
      return { key: pbkdf2Sync(pw, k.salt, p.iterations, cbcKeyLength(p.cipher), p.prf ?? 'sha1'), iv: k.iv };
    }
    const dk = pbkdf1Sha1(pw, k.salt, p.iterations);
    const key = Buffer.from(dk.subarray(0, 16));
    const iv = p.scheme === 'seedCBCWithSHA1' ? createHash('sha1').update(dk.subarray(16, 20)).digest().subarray(0, 16) : SEED_CBC_FIXED_IV;
    dk.fill(0);
    return { key, iv };
  } finally {
    pw.fill(0);
  }
}

/** Decrypts the file's ciphertext. A wrong password usually fails the padding check (FILE_DAMAGED). */
export function decryptKeyData(k: EncryptedKey, password: string): Buffer {
  const m = deriveKeyAndIv(k, password);
  try {
    return decryptCbc(k.protection.cipher, m.key, m.iv, k.encryptedData);
  } finally {
    m.key.fill(0);
  }
}

export function encryptKeyData(k: Omit<EncryptedKey, 'encryptedData'>, password: string, plaintext: Buffer): Buffer {
  const m = deriveKeyAndIv(k, password);
  try {
    return encryptCbc(k.protection.cipher, m.key, m.iv, plaintext);
  } finally {
    m.key.fill(0);
  }
}
