/** Chooses the key service from the options: an HSM over PKCS#11, else the development key file. */
import { loadOrCreateKeyFile, parseMasterKey } from '../crypto/master-key.js';
import { fileKeyService } from './file-keys.js';
import type { KeyService } from './key-service.js';
import { pkcs11KeyService, type Pkcs11Config } from './pkcs11-keys.js';

export interface KeySource {
  dataDir: string;
  /** An HSM (production). */
  pkcs11?: Pkcs11Config | undefined;
  /** Development only: 32 bytes; default env DOJANG_CLOUD_MASTER_KEY, else <dataDir>/master.key. */
  masterKey?: Buffer | undefined;
}

export const FILE_KEYS_WARNING =
  'Development keys: the master key comes from a file or variable, not an HSM. A copy of the data folder (or of the key and the database) opens the CA keys and every IDN and allows offline PIN guessing. Configure PKCS#11 (DOJANG_CLOUD_PKCS11_MODULE, _TOKEN, _PIN) for anything but local development.';

/** The key service, and a warning to log when it is the development form. */
export function openKeyService(src: KeySource, production: boolean): { service: KeyService; warning: string | null } {
  if (src.pkcs11) return { service: pkcs11KeyService(src.pkcs11), warning: null };
  if (production) throw new Error('Production mode needs an HSM: configure PKCS#11 (DOJANG_CLOUD_PKCS11_MODULE, DOJANG_CLOUD_PKCS11_TOKEN, DOJANG_CLOUD_PKCS11_PIN).');
  const env = process.env.DOJANG_CLOUD_MASTER_KEY;
  const master = src.masterKey ?? (env ? parseMasterKey(env) : loadOrCreateKeyFile(src.dataDir));
  return { service: fileKeyService(master), warning: FILE_KEYS_WARNING };
}
