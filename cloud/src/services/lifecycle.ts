/**
 * Renewal, reissue, unlock and dormancy.
 *
 * Each swap of certificates is one transaction: the old credential is revoked and the new one
 * inserted together (the partial unique index would refuse two active ones anyway), so a crash
 * leaves either the old or the new credential active, never both and never neither.
 * Key generation happens before the transaction.
 *
 * Unlock and reissue both need SMS re-verification and a new PIN. The data key is sealed under
 * the old PIN, which the service never keeps, so neither can reuse the old key: both make a new
 * key pair and certificate and revoke the old one (reason superseded). Unlock is the name for
 * this when the credential is locked; reissue works in any state (forgotten PIN, expired).
 */
import { HOUR } from '../clock.js';
import { assertStrongPin, derivePin } from '../crypto/pin.js';
import { CloudError } from '../errors.js';
import { ADVISORY_LOCK } from '../db/migrations.js';
import { REASON } from '../pki/oids.js';
import { RULES } from '../rules.js';
import { verifyCode } from './connect.js';
import { audit, auditFailure, type Ctx } from './context.js';
import { insertCredential, lockPerson, PERSON_COLUMNS, prepareCredential, summary, type CredentialSummary, type PersonRow } from './credential-store.js';
import { checkCredentialPin, ownCredential, renewalInfo } from './credentials.js';
import type { DeviceAuth } from './devices.js';
import { currentCrl, revokeActive } from './revocation.js';

async function personOf(ctx: Ctx, personId: string): Promise<PersonRow> {
  const [p] = await ctx.db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id = $1`, [personId]);
  if (!p) throw new CloudError('NOT_FOUND', 'This cloud account no longer exists.');
  return p;
}

export async function renew(ctx: Ctx, auth: DeviceAuth, input: { credentialID: string; PIN: string }): Promise<CredentialSummary> {
  const old = await ownCredential(ctx, auth, input.credentialID);
  const r = renewalInfo(old.not_after, ctx.clock.now());
  if (old.status === 'active' && !r.due && old.not_after.getTime() > ctx.clock.now().getTime()) {
    throw new CloudError('RENEWAL_NOT_DUE', `Renewal opens on ${r.availableFrom.slice(0, 10)}, 30 days before the certificate expires.`);
  }
  const { kek } = await checkCredentialPin(ctx, auth, input.credentialID, input.PIN, 'renew');
  kek.fill(0);
  const person = await personOf(ctx, auth.personId);
  // The renewed key is sealed under the same PIN: derive it afresh with a new salt.
  const prepared = await prepareCredential(ctx, person, input.PIN);
  await auditFailure(ctx, { event: 'renew', personId: auth.personId, credentialId: old.id, deviceId: auth.deviceId }, () =>
    ctx.db.tx(async (q) => {
      const now = ctx.clock.now();
      await lockPerson(q, auth.personId);
      const [still] = await q.query("SELECT 1 FROM credentials WHERE id = $1 AND status = 'active'", [old.id]);
      if (!still) throw new CloudError('CONFLICT', 'This certificate was replaced meanwhile. Use your current certificate.');
      await revokeActive(q, now, auth.personId, REASON.superseded, { deviceId: auth.deviceId, detail: { by: 'renew' } });
      await insertCredential(q, auth.personId, prepared, now, old.id);
      await audit(q, now, {
        event: 'renew',
        outcome: 'ok',
        personId: auth.personId,
        credentialId: prepared.id,
        deviceId: auth.deviceId,
        detail: { serial: prepared.serial, replaced: old.serial },
      });
    }),
  );
  ctx.onRevoked();
  return summary(prepared);
}

export interface ResetInput {
  challengeID: string;
  code: string;
  newPIN: string;
  address: string;
}

/** Unlock (credentialId given, must be locked) or reissue: SMS code + new PIN → new key and certificate. */
export async function resetCredential(ctx: Ctx, auth: DeviceAuth, input: ResetInput, unlockId: string | null): Promise<CredentialSummary> {
  const event = unlockId ? 'unlock' : 'reissue';
  if (unlockId) {
    const c = await ownCredential(ctx, auth, unlockId);
    if (c.status !== 'active') throw new CloudError('CERT_REVOKED', 'This certificate was revoked. Reissue instead.');
    if (c.pin_fails < RULES.maxPinFailures) throw new CloudError('CONFLICT', 'This PIN is not locked.');
  }
  const person = await personOf(ctx, auth.personId);
  assertStrongPin(input.newPIN, person.birth_date);
  const verified = await verifyCode(ctx, input.challengeID, input.code, 'reset', {
    event,
    address: input.address,
    personId: auth.personId,
    deviceId: auth.deviceId,
  });
  const prepared = await prepareCredential(ctx, person, await derivePin(input.newPIN, ctx.keys, ctx.pinKdf));
  await auditFailure(ctx, { event, personId: auth.personId, credentialId: unlockId, deviceId: auth.deviceId }, () =>
    ctx.db.tx(async (q) => {
      const now = ctx.clock.now();
      await verified.consume(q, now);
      await lockPerson(q, auth.personId);
      if (unlockId) {
        const [still] = await q.query("SELECT 1 FROM credentials WHERE id = $1 AND status = 'active'", [unlockId]);
        if (!still) throw new CloudError('CONFLICT', 'This certificate was replaced meanwhile. Use your current certificate.');
      }
      const revoked = await revokeActive(q, now, auth.personId, REASON.superseded, { deviceId: auth.deviceId, detail: { by: event } });
      await insertCredential(q, auth.personId, prepared, now, revoked[0]?.id ?? null);
      await q.query('UPDATE persons SET last_used_at = $2 WHERE id = $1', [auth.personId, now]);
      await audit(q, now, {
        event,
        outcome: 'ok',
        personId: auth.personId,
        credentialId: prepared.id,
        deviceId: auth.deviceId,
        detail: { serial: prepared.serial, replaced: revoked.map((r) => r.serial) },
      });
    }),
  );
  ctx.onRevoked();
  return summary(prepared);
}

export interface JobReport {
  deletedPersons: number;
  deletedDevices: number;
  revokedCredentials: number;
  crlNumber: number | null;
  /** Tables vacuumed (PGlite only: PostgreSQL's autovacuum does it there). */
  vacuumed: string[];
}

/** Tables whose rows are deleted or updated all day. */
const CHURNING_TABLES = ['sads', 'challenges', 'registrations', 'rate_counters', 'pin_attempts', 'credentials', 'devices', 'persons'];
/**
 * audit_log only grows, but its rows need freezing too (the transaction counter wraps around after
 * 2^31 transactions); no statistics: its one query goes by index, and ANALYZE of a large log holds
 * PGlite's thread ~0.2 s (VACUUM alone: milliseconds once its pages are all visible).
 */
const APPEND_ONLY_TABLES = ['audit_log'];

/**
 * Housekeeping, safe to run on every instance (an advisory lock lets one at a time do it):
 * dormancy (accounts, keys and devices unused for a year are deleted; certificates of deleted
 * keys revoked with reason cessationOfOperation and kept for CRL/OCSP), expired SADs, codes and
 * rate counters removed, the CRL reissued when due, and the space of deleted rows reclaimed
 * (PGlite runs no autovacuum).
 */
export async function runJobs(ctx: Ctx): Promise<JobReport> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - RULES.dormancyMs);
  const report = await ctx.db.tx(async (q) => {
    const [got] = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [ADVISORY_LOCK.jobs]);
    if (!got?.ok) return { deletedPersons: 0, deletedDevices: 0, revokedCredentials: 0 };
    let revokedCredentials = 0;
    // Keys unused for a year.
    const idle = await q.query<{ id: string; person_id: string }>("SELECT id, person_id FROM credentials WHERE status = 'active' AND last_used_at < $1 FOR UPDATE", [cutoff]);
    for (const c of idle) {
      const r = await q.query<{ serial: string }>(
        `UPDATE credentials SET status = 'revoked', revoked_at = $2, revocation_reason = $3, key_sealed = NULL, dk_sealed = NULL
         WHERE id = $1 AND status = 'active' RETURNING serial`,
        [c.id, now, REASON.cessationOfOperation],
      );
      if (!r.length) continue;
      revokedCredentials++;
      await q.query('DELETE FROM sads WHERE credential_id = $1', [c.id]);
      await audit(q, now, {
        event: 'revoke',
        outcome: 'ok',
        personId: c.person_id,
        credentialId: c.id,
        detail: { serial: r[0]!.serial, reason: REASON.cessationOfOperation, by: 'dormancy' },
      });
      await audit(q, now, { event: 'delete', outcome: 'ok', personId: c.person_id, credentialId: c.id, detail: { what: 'key', by: 'dormancy' } });
    }
    // Devices unused for a year (and long-revoked or long-ended one-time device rows).
    const devices = await q.query<{ id: string; person_id: string; revoked_at: Date | null }>(
      'DELETE FROM devices WHERE last_used_at < $1 OR revoked_at < $1 OR expires_at < $1 RETURNING id, person_id, revoked_at',
      [cutoff],
    );
    for (const d of devices) {
      if (!d.revoked_at) await audit(q, now, { event: 'delete', outcome: 'ok', personId: d.person_id, deviceId: d.id, detail: { what: 'device', by: 'dormancy' } });
    }
    // Accounts unused for a year, with whatever is left of them.
    const persons = await q.query<{ id: string }>('SELECT id FROM persons WHERE last_used_at < $1 FOR UPDATE', [cutoff]);
    for (const p of persons) {
      const active = await q.query<{ id: string; serial: string }>(
        `UPDATE credentials SET status = 'revoked', revoked_at = $2, revocation_reason = $3, key_sealed = NULL, dk_sealed = NULL
         WHERE person_id = $1 AND status = 'active' RETURNING id, serial`,
        [p.id, now, REASON.cessationOfOperation],
      );
      for (const c of active) {
        revokedCredentials++;
        await audit(q, now, {
          event: 'revoke',
          outcome: 'ok',
          personId: p.id,
          credentialId: c.id,
          detail: { serial: c.serial, reason: REASON.cessationOfOperation, by: 'dormancy' },
        });
      }
      // Revoked certificates stay (CRL / OCSP) without their holder and R value.
      await q.query('UPDATE credentials SET random_num = NULL, pin_salt = NULL, pin_verifier = NULL WHERE person_id = $1', [p.id]);
      await q.query('DELETE FROM persons WHERE id = $1', [p.id]);
      await audit(q, now, { event: 'delete', outcome: 'ok', personId: p.id, detail: { what: 'account', by: 'dormancy' } });
    }
    await q.query('DELETE FROM sads WHERE expires_at < $1', [new Date(now.getTime() - HOUR)]);
    await q.query('DELETE FROM challenges WHERE expires_at < $1', [new Date(now.getTime() - HOUR)]);
    await q.query('DELETE FROM registrations WHERE expires_at < $1', [new Date(now.getTime() - RULES.registrationTtlMs)]);
    const longest = Math.max(...Object.values(ctx.limits).map((l) => l.windowMs));
    await q.query('DELETE FROM rate_counters WHERE window_start < $1', [new Date(now.getTime() - longest)]);
    return { deletedPersons: persons.length, deletedDevices: devices.filter((d) => !d.revoked_at).length, revokedCredentials };
  });
  await currentCrl(ctx, report.revokedCredentials > 0);
  const crlNumber = await latestCrlNumber(ctx);
  const vacuumed = [...(await ctx.db.vacuum(CHURNING_TABLES)), ...(await ctx.db.vacuum(APPEND_ONLY_TABLES, false))];
  return { ...report, crlNumber, vacuumed };
}

async function latestCrlNumber(ctx: Ctx): Promise<number | null> {
  const [r] = await ctx.db.query<{ number: number }>('SELECT number FROM crls ORDER BY number DESC LIMIT 1');
  return r?.number ?? null;
}
