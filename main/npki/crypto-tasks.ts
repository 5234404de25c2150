/**
 * The CPU-heavy key work (PBKDF1/PBKDF2 + decrypt, PFX MAC/KDF, re-encryption), as plain
 * functions of bytes and strings: what the crypto worker runs. Results carry no KeyObject (they
 * cross threads as bytes).
 */
import { reencryptKey, unlockKey } from './keyfile.js';
import { exportPfx, pfxToKeyFile } from './pkcs12.js';

export const CRYPTO_TASKS = {
  unlockKey(certDer: Uint8Array, keyDer: Uint8Array, password: string) {
    const key = unlockKey(Buffer.from(certDer), Buffer.from(keyDer), password);
    return { privateKeyInfo: key.privateKeyInfo, protection: key.protection, randomNum: key.randomNum };
  },
  reencryptKey(certDer: Uint8Array, keyDer: Uint8Array, oldPassword: string, newPassword: string, scheme: 'same' | 'pbes2-seed') {
    return reencryptKey(Buffer.from(certDer), Buffer.from(keyDer), oldPassword, newPassword, scheme);
  },
  pfxToKeyFile(pfxDer: Uint8Array, password: string, newPassword: string | undefined) {
    return pfxToKeyFile(Buffer.from(pfxDer), password, newPassword);
  },
  exportPfx(certDer: Uint8Array, privateKeyInfo: Uint8Array, password: string, friendlyName: string | undefined) {
    const pki = Buffer.from(privateKeyInfo);
    try {
      return exportPfx({ certDer: Buffer.from(certDer), privateKeyInfo: pki, password, ...(friendlyName ? { friendlyName } : {}) });
    } finally {
      pki.fill(0);
    }
  },
};

export type CryptoTask = keyof typeof CRYPTO_TASKS;
