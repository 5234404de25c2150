/**
 * The development form of the key service: everything derived (HKDF-SHA256, one label per
 * purpose) from a 32-byte master key held in memory. A copy of the data folder (with
 * master.key beside the database) opens every secret, so startCloud refuses it in production
 * and logs a warning when it is used.
 */
import { createHmac, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { open, seal } from '../crypto/envelope.js';
import { generateRsaKeyPair, rsaSign } from '../pki/certificates.js';
import type { CaKey, CaRole, KeyService } from './key-service.js';

export function fileKeyService(master: Buffer): KeyService {
  if (master.length !== 32) throw new Error('The master key must be 32 bytes.');
  const d = (label: string): Buffer => Buffer.from(hkdfSync('sha256', master, 'dojang-cloud', label, 32));
  const pepperKey = d('pepper');
  const lookupKey = d('idn-lookup');
  // Any version can be derived; the map holds the ones in use (rotation), derived once: every
  // signing request unwraps with one, and an HKDF call costs more than the AES-GCM open.
  const versions = new Map<number, Buffer>();
  const wrapKey = (v: number): Buffer => {
    const key = versions.get(v);
    if (!key) throw new Error(`wrapping key version ${v} is not available`);
    return key;
  };
  const caKey = (pkcs8: Buffer): CaKey => {
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    return { spki: createPublicKey(key).export({ type: 'spki', format: 'der' }), sign: (data) => rsaSign(key, data) };
  };
  return {
    kind: 'file',
    pepper: (data) => createHmac('sha256', pepperKey).update(data).digest(),
    idnLookup: (data) => createHmac('sha256', lookupKey).update(data).digest(),
    kcv: () => createHmac('sha256', d('kcv')).update('dojang-cloud-kcv-v1').digest(),
    createHmacKeys: () => {},
    createWrapVersion: (v) => void versions.set(v, versions.get(v) ?? d(`wrap-v${v}`)),
    destroyWrapVersion: (v) => {
      versions.get(v)?.fill(0);
      versions.delete(v);
    },
    wrap: (v, plaintext, aad) => seal(wrapKey(v), plaintext, aad),
    unwrap: (v, blob, aad) => open(wrapKey(v), blob, aad),
    async generateCaKey(_role: CaRole) {
      const pair = await generateRsaKeyPair();
      const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
      return { key: { spki: pair.spki, sign: (data) => rsaSign(pair.privateKey, data) }, pkcs8 };
    },
    loadCaKey(role, pkcs8) {
      if (!pkcs8) throw new Error(`The ${role} CA key is missing from the database.`);
      return caKey(pkcs8);
    },
    close() {},
  };
}
