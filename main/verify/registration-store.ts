/**
 * The relying party's own records: registered certificates (customer id, issuer, serial, VID hash
 * algorithm, and when; never an ID number), spent challenge nonces, and challenges issued by the
 * desktop demo. Plain SQL over a `query(sql, params)` client, so the same code runs on the
 * embedded PGlite database (desktop) and on a PostgreSQL pool (`pg.Pool` has the same method).
 */
import { mkdir } from 'node:fs/promises';
import { DojangError } from '../../common/errors.js';
import { lockFolder } from '../../common/folder-lock.js';
import type { Challenge, NonceLedger } from './challenge.js';

export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface Registration {
  customerId: string;
  issuer: string;
  serialHex: string;
  vidHashAlg: string;
  registeredAt: string;
}

export interface RegistrationStore extends NonceLedger {
  addRegistration(r: Registration): Promise<'added' | 'exists' | 'otherCustomer'>;
  registrationByCertificate(issuer: string, serialHex: string): Promise<Registration | null>;
  registrationsOfCustomer(customerId: string): Promise<Registration[]>;
  removeRegistration(issuer: string, serialHex: string): Promise<boolean>;
  saveChallenge(c: Challenge): Promise<void>;
  findChallenge(nonce: string): Promise<Challenge | null>;
  close(): Promise<void>;
}

const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS rp_registrations (
     issuer TEXT NOT NULL,
     serial_hex TEXT NOT NULL,
     customer_id TEXT NOT NULL,
     vid_hash_alg TEXT NOT NULL,
     registered_at TIMESTAMPTZ NOT NULL,
     PRIMARY KEY (issuer, serial_hex))`,
  `CREATE INDEX IF NOT EXISTS rp_registrations_customer ON rp_registrations (customer_id)`,
  `CREATE TABLE IF NOT EXISTS rp_used_nonces (nonce TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL, used_at TIMESTAMPTZ NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS rp_challenges (
     nonce TEXT PRIMARY KEY, text TEXT NOT NULL, issued_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL)`,
];

/** Spent nonces and issued challenges are kept this long after they expire, then dropped. */
const KEEP_AFTER_EXPIRY = "INTERVAL '1 day'";

interface RegRow {
  customer_id: string;
  issuer: string;
  serial_hex: string;
  vid_hash_alg: string;
  registered_at: Date | string;
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

function toRegistration(r: RegRow): Registration {
  return { customerId: r.customer_id, issuer: r.issuer, serialHex: r.serial_hex, vidHashAlg: r.vid_hash_alg, registeredAt: iso(r.registered_at) };
}

export class SqlRegistrationStore implements RegistrationStore {
  private constructor(
    private readonly db: SqlClient,
    private readonly onClose: () => Promise<void>,
  ) {}

  /** Creates the tables when missing. `onClose` releases the client (PGlite.close, pool.end). */
  static async open(db: SqlClient, onClose: () => Promise<void> = async () => undefined): Promise<SqlRegistrationStore> {
    for (const m of MIGRATIONS) await db.query(m);
    return new SqlRegistrationStore(db, onClose);
  }

  async addRegistration(r: Registration): Promise<'added' | 'exists' | 'otherCustomer'> {
    const ins = await this.db.query(
      `INSERT INTO rp_registrations (issuer, serial_hex, customer_id, vid_hash_alg, registered_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (issuer, serial_hex) DO NOTHING RETURNING serial_hex`,
      [r.issuer, r.serialHex, r.customerId, r.vidHashAlg, r.registeredAt],
    );
    if (ins.rows.length === 1) return 'added';
    const existing = await this.registrationByCertificate(r.issuer, r.serialHex);
    return existing?.customerId === r.customerId ? 'exists' : 'otherCustomer';
  }

  async registrationByCertificate(issuer: string, serialHex: string): Promise<Registration | null> {
    const { rows } = await this.db.query<RegRow>('SELECT * FROM rp_registrations WHERE issuer = $1 AND serial_hex = $2', [issuer, serialHex]);
    return rows[0] ? toRegistration(rows[0]) : null;
  }

  async registrationsOfCustomer(customerId: string): Promise<Registration[]> {
    const { rows } = await this.db.query<RegRow>('SELECT * FROM rp_registrations WHERE customer_id = $1 ORDER BY registered_at', [customerId]);
    return rows.map(toRegistration);
  }

  async removeRegistration(issuer: string, serialHex: string): Promise<boolean> {
    const { rows } = await this.db.query('DELETE FROM rp_registrations WHERE issuer = $1 AND serial_hex = $2 RETURNING serial_hex', [issuer, serialHex]);
    return rows.length > 0;
  }

  async nonceUsed(nonce: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM rp_used_nonces WHERE nonce = $1', [nonce]);
    return rows.length > 0;
  }

  async consumeNonce(nonce: string, expiresAt: Date): Promise<boolean> {
    await this.db.query(`DELETE FROM rp_used_nonces WHERE expires_at < now() - ${KEEP_AFTER_EXPIRY}`);
    const { rows } = await this.db.query('INSERT INTO rp_used_nonces (nonce, expires_at, used_at) VALUES ($1, $2, now()) ON CONFLICT (nonce) DO NOTHING RETURNING nonce', [
      nonce,
      expiresAt.toISOString(),
    ]);
    return rows.length === 1;
  }

  async saveChallenge(c: Challenge): Promise<void> {
    await this.db.query(`DELETE FROM rp_challenges WHERE expires_at < now() - ${KEEP_AFTER_EXPIRY}`);
    await this.db.query('INSERT INTO rp_challenges (nonce, text, issued_at, expires_at) VALUES ($1, $2, $3, $4)', [c.nonce, c.text, c.issuedAt, c.expiresAt]);
  }

  async findChallenge(nonce: string): Promise<Challenge | null> {
    const { rows } = await this.db.query<{ nonce: string; text: string; issued_at: Date | string; expires_at: Date | string }>('SELECT * FROM rp_challenges WHERE nonce = $1', [
      nonce,
    ]);
    const r = rows[0];
    return r ? { nonce: r.nonce, text: r.text, issuedAt: iso(r.issued_at), expiresAt: iso(r.expires_at) } : null;
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** Tables the store deletes from all day. */
const CHURNING_TABLES = ['rp_used_nonces', 'rp_challenges'];
const VACUUM_EVERY_MS = 60 * 60 * 1000;

/**
 * The desktop demo's store: an embedded PGlite database in `dir` (created when missing), locked while open.
 * PGlite runs no autovacuum (one backend, no background workers), so the space of the nonces and
 * challenges dropped after expiry is reclaimed here: at open, then hourly while open (`dojang rp serve`).
 */
export async function openPgliteStore(dir: string): Promise<SqlRegistrationStore> {
  const { PGlite } = await import('@electric-sql/pglite');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const unlock = lockFolder(dir, 'dojang.lock', (pid) => new DojangError('CONFLICT', 'registration.busy', { pid: String(pid) }));
  let db: InstanceType<typeof PGlite>;
  try {
    db = await PGlite.create(dir);
  } catch {
    unlock();
    throw new DojangError('FILE_DAMAGED', 'registration.cannotOpen', { path: dir });
  }
  const vacuum = async (): Promise<void> => {
    for (const t of CHURNING_TABLES) await db.exec(`VACUUM (ANALYZE) ${t}`);
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const store = await SqlRegistrationStore.open(db, async () => {
      clearInterval(timer);
      await db.close();
      unlock();
    });
    await vacuum();
    timer = setInterval(() => void vacuum().catch(() => undefined), VACUUM_EVERY_MS);
    timer.unref();
    return store;
  } catch (e) {
    await db.close().catch(() => undefined);
    unlock();
    throw e;
  }
}
