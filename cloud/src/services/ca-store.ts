/**
 * First start creates the CA and records the master key's check value; later starts (and other
 * instances on the same PostgreSQL) load it. One advisory lock makes "first" unambiguous.
 */
import { createPrivateKey } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AAD, open, seal } from '../crypto/envelope.js';
import type { MasterKeys } from '../crypto/master-key.js';
import { safeEqual } from '../crypto/tokens.js';
import type { Database } from '../db/database.js';
import { ADVISORY_LOCK } from '../db/migrations.js';
import { createCa, certSubjectAndSpki, type CaMaterial } from '../pki/ca.js';

export class MasterKeyMismatch extends Error {
  override name = 'MasterKeyMismatch';
}

export async function loadOrCreateCa(db: Database, keys: MasterKeys, clock: Clock): Promise<CaMaterial> {
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK.bootstrap]);
    const [state] = await q.query<{ master_kcv: Buffer }>('SELECT master_kcv FROM service_state WHERE id = 1');
    if (!state) {
      const now = clock.now();
      const { material, rootKey } = await createCa(now);
      await q.query('INSERT INTO service_state (id, master_kcv, crl_number, created_at) VALUES (1, $1, 0, $2)', [keys.kcv, now]);
      const sealKey = (role: string, k: typeof rootKey): Buffer =>
        seal(keys.wrap, k.export({ type: 'pkcs8', format: 'der' }), AAD.caKey(role));
      await q.query('INSERT INTO ca_keys (role, cert_der, key_sealed, created_at) VALUES ($1, $2, $3, $4), ($5, $6, $7, $4)', [
        'root',
        material.rootDer,
        sealKey('root', rootKey),
        now,
        'issuing',
        material.issuingDer,
        sealKey('issuing', material.issuingKey),
      ]);
      return material;
    }
    if (!safeEqual(state.master_kcv, keys.kcv)) {
      throw new MasterKeyMismatch(
        'The master key does not match this database. Start every instance with the same DOJANG_CLOUD_MASTER_KEY (or the original key file).',
      );
    }
    const rows = await q.query<{ role: string; cert_der: Buffer; key_sealed: Buffer }>(
      'SELECT role, cert_der, key_sealed FROM ca_keys',
    );
    const root = rows.find((r) => r.role === 'root');
    const issuing = rows.find((r) => r.role === 'issuing');
    if (!root || !issuing) throw new Error('The CA keys are missing from the database.');
    const issuingKey = createPrivateKey({ key: open(keys.wrap, issuing.key_sealed, AAD.caKey('issuing')), format: 'der', type: 'pkcs8' });
    const { subject, spki } = certSubjectAndSpki(issuing.cert_der);
    return { rootDer: root.cert_der, issuingDer: issuing.cert_der, issuingKey, issuingSubject: subject, issuingSpki: spki };
  });
}
