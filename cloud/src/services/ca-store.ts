/**
 * First start creates the service state (key check value, wrapping key version 1) and the CA;
 * later starts (and other instances on the same PostgreSQL) load it. One advisory lock makes
 * "first" unambiguous. With an HSM the CA keys are made and kept inside it (ca_keys.key_sealed
 * is NULL); the development key file seals them into the database instead.
 */
import type { Clock } from '../clock.js';
import { AAD } from '../crypto/envelope.js';
import { safeEqual } from '../crypto/tokens.js';
import type { Database } from '../db/database.js';
import { ADVISORY_LOCK } from '../db/migrations.js';
import { KeyMissing } from '../keys/key-service.js';
import type { Keys } from '../keys/keys.js';
import { createCa, certSubjectAndSpki, type CaMaterial } from '../pki/ca.js';

export class MasterKeyMismatch extends Error {
  override name = 'MasterKeyMismatch';
}

/** service_state.key_scheme written by this version (versioned wrapping, keys in a key service). */
const KEY_SCHEME = 2;

/** Whether the key service's check value is the database's; false when its key is not there at all. */
function matchesKcv(stored: Buffer, keys: Keys): boolean {
  try {
    return safeEqual(stored, keys.service.kcv());
  } catch (e) {
    if (e instanceof KeyMissing) return false;
    throw e;
  }
}

export async function loadOrCreateCa(db: Database, keys: Keys, clock: Clock): Promise<CaMaterial> {
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK.bootstrap]);
    const [state] = await q.query<{ master_kcv: Buffer; key_scheme: number; wrap_version: number }>('SELECT master_kcv, key_scheme, wrap_version FROM service_state WHERE id = 1');
    if (!state) {
      const now = clock.now();
      keys.service.createHmacKeys();
      keys.service.createWrapVersion(1);
      keys.use(1);
      const [root, issuing] = [await keys.service.generateCaKey('root'), await keys.service.generateCaKey('issuing')];
      const material = await createCa(now, { root: root.key, issuing: issuing.key });
      await q.query('INSERT INTO service_state (id, master_kcv, crl_number, created_at, key_scheme, wrap_version) VALUES (1, $1, 0, $2, $3, 1)', [
        keys.service.kcv(),
        now,
        KEY_SCHEME,
      ]);
      const sealed = (role: string, pkcs8: Buffer | null): Buffer | null => (pkcs8 ? keys.seal(pkcs8, AAD.caKey(role)) : null);
      await q.query('INSERT INTO ca_keys (role, cert_der, key_sealed, created_at) VALUES ($1, $2, $3, $4), ($5, $6, $7, $4)', [
        'root',
        material.rootDer,
        sealed('root', root.pkcs8),
        now,
        'issuing',
        material.issuingDer,
        sealed('issuing', issuing.pkcs8),
      ]);
      return material;
    }
    if (state.key_scheme !== KEY_SCHEME) {
      throw new Error('This database was made by an older Dojang cloud (keys sealed with the master key alone). Start from a new data folder / database.');
    }
    if (!matchesKcv(state.master_kcv, keys)) {
      throw new MasterKeyMismatch(
        keys.service.kind === 'pkcs11'
          ? 'The keys on this PKCS#11 token do not match this database. Check the token label, the label prefix and the module.'
          : 'The master key does not match this database. Start every instance with the same DOJANG_CLOUD_MASTER_KEY (or the original key file).',
      );
    }
    // The file form derives any version; it only needs to know which are in use.
    if (keys.service.kind === 'file') for (let v = 1; v <= state.wrap_version; v++) keys.service.createWrapVersion(v);
    keys.use(state.wrap_version);
    const rows = await q.query<{ role: string; cert_der: Buffer; key_sealed: Buffer | null }>('SELECT role, cert_der, key_sealed FROM ca_keys');
    const root = rows.find((r) => r.role === 'root');
    const issuing = rows.find((r) => r.role === 'issuing');
    if (!root || !issuing) throw new Error('The CA keys are missing from the database.');
    const pkcs8 = issuing.key_sealed ? keys.open(issuing.key_sealed, AAD.caKey('issuing')) : null;
    const issuingKey = keys.service.loadCaKey('issuing', pkcs8);
    const { subject, spki } = certSubjectAndSpki(issuing.cert_der);
    if (!issuingKey.spki.equals(spki)) throw new MasterKeyMismatch('The issuing CA key in the key service does not match the issuing certificate.');
    return { rootDer: root.cert_der, issuingDer: issuing.cert_der, issuingKey: issuingKey.sign, issuingSubject: subject, issuingSpki: spki };
  });
}
