/**
 * Registration authorities (banks): their API keys, and registering a person whose identity the
 * bank verified. Registration answers a one-time refNum / authCode pair the person uses to
 * issue their certificate (POST /v1/issue).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AAD } from '../crypto/envelope.js';
import { pepperedHash, randomDigits, safeEqual } from '../crypto/tokens.js';
import { isUniqueViolation, type Database } from '../db/database.js';
import { CloudError } from '../errors.js';
import { RULES } from '../rules.js';
import { audit, type Ctx } from './context.js';

const RA_KEY = /^rak_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface RaKey {
  id: string;
  name: string;
  /** Shown once; only its hash is stored. */
  key: string;
}

export async function createRaKey(db: Database, clock: Clock, name: string): Promise<RaKey> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new CloudError('INVALID_REQUEST', 'Give the registration authority a name of 1 to 100 characters.');
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO ra_keys (id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4)', [id, trimmed, createHash('sha256').update(secret).digest(), clock.now()]);
  return { id, name: trimmed, key: `rak_${id}_${secret}` };
}

export async function revokeRaKey(db: Database, clock: Clock, id: string): Promise<boolean> {
  const r = await db.query('UPDATE ra_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, clock.now()]);
  return r.length === 1;
}

/** The RA id behind an API key, or UNAUTHORIZED. */
export async function authenticateRa(db: Database, key: string | undefined): Promise<string> {
  const m = key ? RA_KEY.exec(key) : null;
  const denied = new CloudError('UNAUTHORIZED', 'A valid registration authority API key is required (Authorization: Bearer rak_…).');
  if (!m) throw denied;
  const [row] = await db.query<{ secret_hash: Buffer; revoked_at: Date | null }>('SELECT secret_hash, revoked_at FROM ra_keys WHERE id = $1', [m[1]]);
  const presented = createHash('sha256').update(m[2]!).digest();
  // Compare even when the id is unknown, so timing does not tell ids apart.
  const ok = safeEqual(presented, row?.secret_hash ?? Buffer.alloc(32)) && row !== undefined && row.revoked_at === null;
  if (!ok) throw denied;
  return m[1]!;
}

export interface PersonInput {
  name: string;
  mobile: string;
  birthDate: string;
  idn: string;
}

/** Birth date (YYYYMMDD) as the 주민등록번호 encodes it: YYMMDD + century digit. */
export function birthDateFromIdn(idn: string): string | null {
  const centuries: Record<string, string> = { '1': '19', '2': '19', '5': '19', '6': '19', '3': '20', '4': '20', '7': '20', '8': '20', '9': '18', '0': '18' };
  const c = centuries[idn[6] ?? ''];
  return c ? c + idn.slice(0, 6) : null;
}

export interface Registration {
  refNum: string;
  authCode: string;
  expiresAt: Date;
}

export async function registerPerson(ctx: Ctx, raId: string, p: PersonInput): Promise<Registration> {
  if (birthDateFromIdn(p.idn) !== p.birthDate) {
    throw new CloudError('INVALID_REQUEST', 'The birth date does not match the resident registration number. Check both.');
  }
  const now = ctx.clock.now();
  const authCode = randomDigits(12);
  const expiresAt = new Date(now.getTime() + RULES.registrationTtlMs);
  const newId = randomUUID();
  try {
    return await ctx.db.tx(async (q) => {
      const [person] = await q.query<{ id: string }>(
        `INSERT INTO persons (id, idn_lookup, idn_sealed, name, mobile, birth_date, holder_no, created_at, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (idn_lookup) DO UPDATE SET name = EXCLUDED.name, mobile = EXCLUDED.mobile,
           birth_date = EXCLUDED.birth_date, last_used_at = EXCLUDED.last_used_at
         RETURNING id`,
        [newId, ctx.keys.idnLookup(p.idn), ctx.keys.seal(Buffer.from(p.idn), AAD.idn(newId)), p.name, p.mobile, p.birthDate, randomDigits(16), now],
      );
      const personId = person!.id;
      let refNum = '';
      for (let attempt = 0; attempt < 5 && !refNum; attempt++) {
        const candidate = randomDigits(10);
        const inserted = await q.query(
          `INSERT INTO registrations (ref_num, person_id, ra_id, auth_code_hash, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ref_num) DO NOTHING RETURNING ref_num`,
          [candidate, personId, raId, pepperedHash(ctx.keys, `auth|${candidate}`, authCode), now, expiresAt],
        );
        if (inserted.length) refNum = candidate;
      }
      if (!refNum) throw new Error('could not allocate a reference number');
      await audit(q, now, { event: 'ra_register', outcome: 'ok', personId, raId, detail: { refNum } });
      return { refNum, authCode, expiresAt };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'persons_contact')) {
      throw new CloudError('CONFLICT', 'Another person is registered with the same name, mobile number and birth date.');
    }
    throw e;
  }
}
