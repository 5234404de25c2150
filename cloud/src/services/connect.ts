/**
 * SMS verification: connecting a device (name + mobile + birth date → code → token) and the
 * re-verification that unlock and reissue need. A code is 6 digits, lives 3 minutes and
 * allows 5 tries; each try is counted in the database *before* the code is compared, so
 * parallel guesses on any number of instances still get 5 tries in total.
 */
import { randomUUID } from 'node:crypto';
import { pepperedHash, randomDigits, safeEqual } from '../crypto/tokens.js';
import type { Queryable } from '../db/database.js';
import { CloudError } from '../errors.js';
import { RULES } from '../rules.js';
import { smsText } from '../sms.js';
import { audit, auditFailure, rateLimit, type AuditEvent, type Ctx } from './context.js';
import { lockPerson } from './credential-store.js';
import { addDevice, addOneTimeConnection, revokeDeviceIn, type DeviceAuth, type NewDevice } from './devices.js';

type Purpose = 'connect' | 'reset';

export interface Challenge {
  challengeID: string;
  expiresIn: number;
}

/** Stores a challenge (person null: an unknown contact, a code nobody receives) and audits it. */
async function newChallenge(ctx: Ctx, person: { id: string } | null, purpose: Purpose, address: string, deviceId: string | null): Promise<{ id: string; code: string }> {
  const now = ctx.clock.now();
  const id = randomUUID();
  const code = randomDigits(6);
  await ctx.db.tx(async (q) => {
    await q.query(`INSERT INTO challenges (id, person_id, purpose, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      person?.id ?? null,
      purpose,
      pepperedHash(ctx.keys, `sms|${id}`, code),
      now,
      new Date(now.getTime() + RULES.smsCodeTtlMs),
    ]);
    await audit(q, now, {
      event: purpose === 'connect' ? 'connect_request' : 'reset_request',
      outcome: person ? 'ok' : 'NO_MATCH',
      personId: person?.id ?? null,
      deviceId,
      detail: { challengeId: id, address },
    });
  });
  return { id, code };
}

const challengeReply = (id: string): Challenge => ({ challengeID: id, expiresIn: Math.floor(RULES.smsCodeTtlMs / 1000) });

export interface ContactInput {
  name: string;
  mobile: string;
  birthDate: string;
}

/**
 * Answers the same for everyone, so the answer does not tell whether these details have an
 * account: the same rate limits (per address, per contact), a stored challenge and an audit
 * line either way, and the SMS handed to the sender without waiting for it (a slow or failing
 * gateway is logged, not answered). Only a registered person gets a code; a challenge for
 * unknown details can never be verified.
 */
export async function requestConnectCode(ctx: Ctx, c: ContactInput, address: string): Promise<Challenge> {
  await rateLimit(ctx, `sms:addr:${address}`, ctx.limits.smsPerAddress);
  const contact = ctx.keys
    .pepper(Buffer.from(`contact|${c.name}|${c.mobile}|${c.birthDate}`, 'utf8'))
    .toString('hex')
    .slice(0, 32);
  await rateLimit(ctx, `sms:contact:${contact}`, ctx.limits.smsPerPerson);
  const [person] = await ctx.db.query<{ id: string; mobile: string }>('SELECT id, mobile FROM persons WHERE name = $1 AND mobile = $2 AND birth_date = $3', [
    c.name,
    c.mobile,
    c.birthDate,
  ]);
  const { id, code } = await newChallenge(ctx, person ?? null, 'connect', address, null);
  if (person) {
    ctx.sms.send({ to: person.mobile, text: smsText(code), purpose: 'connect', challengeId: id, code }).catch((e: Error) => {
      ctx.log.error({ err: { message: e.message }, challengeId: id }, 'sms send failed');
    });
  }
  return challengeReply(id);
}

/** The person is signed in (a connected device): no one to hide from, so a failed SMS is answered. */
export async function requestResetCode(ctx: Ctx, auth: DeviceAuth, address: string): Promise<Challenge> {
  const [person] = await ctx.db.query<{ id: string; mobile: string }>('SELECT id, mobile FROM persons WHERE id = $1', [auth.personId]);
  if (!person) throw new CloudError('NOT_FOUND', 'This cloud account no longer exists.');
  await rateLimit(ctx, `sms:person:${person.id}`, ctx.limits.smsPerPerson);
  const { id, code } = await newChallenge(ctx, person, 'reset', address, auth.deviceId);
  try {
    await ctx.sms.send({ to: person.mobile, text: smsText(code), purpose: 'reset', challengeId: id, code });
  } catch (e) {
    ctx.log.error({ err: { message: (e as Error).message }, challengeId: id }, 'sms send failed');
    throw new CloudError('SMS_UNAVAILABLE', 'The verification code could not be sent. Try again in a moment.');
  }
  return challengeReply(id);
}

export interface VerifiedCode {
  personId: string;
  /** Marks the code used inside the caller's transaction; CODE_EXPIRED if someone was faster. */
  consume(q: Queryable, now: Date): Promise<void>;
}

export interface VerifyContext {
  /** Audit event for a wrong code. */
  event: AuditEvent;
  address: string;
  /** When set, the challenge must belong to this person (reset by a connected device). */
  personId?: string;
  deviceId?: string | null;
}

/** Counts a try, then compares the code (timing-safe). Wrong codes are audited. */
export async function verifyCode(ctx: Ctx, challengeId: string, code: string, purpose: Purpose, vc: VerifyContext): Promise<VerifiedCode> {
  const personId = vc.personId;
  const now = ctx.clock.now();
  const [row] = await ctx.db.query<{ person_id: string | null; code_hash: Buffer; tries: number }>(
    `UPDATE challenges SET tries = tries + 1
     WHERE id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 AND tries < $4
     RETURNING person_id, code_hash, tries`,
    [challengeId, purpose, now, RULES.smsCodeMaxTries],
  );
  if (!row || (personId !== undefined && row.person_id !== personId)) {
    const [c] = await ctx.db.query<{ person_id: string }>('SELECT person_id FROM challenges WHERE id = $1 AND purpose = $2', [challengeId, purpose]);
    if (!c || (personId !== undefined && c.person_id !== personId)) {
      throw new CloudError('NOT_FOUND', 'Unknown verification. Request a new code.');
    }
    throw new CloudError('CODE_EXPIRED', 'This code has expired, was used, or had too many wrong tries. Request a new code.');
  }
  // A challenge for unknown details (person_id null) is compared like any other, and never matches.
  if (!safeEqual(pepperedHash(ctx.keys, `sms|${challengeId}`, code), row.code_hash) || row.person_id === null) {
    const triesLeft = RULES.smsCodeMaxTries - row.tries;
    await audit(ctx.db, now, {
      event: vc.event,
      outcome: 'CODE_WRONG',
      personId: row.person_id,
      deviceId: vc.deviceId ?? null,
      detail: { challengeId, address: vc.address, triesLeft },
    });
    throw new CloudError('CODE_WRONG', triesLeft > 0 ? `Wrong code. ${triesLeft} tries left.` : 'Wrong code. No tries left: request a new code.', {
      triesLeft,
    });
  }
  return {
    personId: row.person_id,
    async consume(q, at) {
      const used = await q.query('UPDATE challenges SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING id', [challengeId, at]);
      if (!used.length) throw new CloudError('CODE_EXPIRED', 'This code was already used. Request a new code.');
    },
  };
}

export interface ConnectInput {
  challengeID: string;
  code: string;
  deviceName: string;
  replaceDeviceID?: string | undefined;
  /** false: a one-time connection, no device registered (default true). */
  autoConnect?: boolean | undefined;
}

export async function verifyConnect(ctx: Ctx, input: ConnectInput, address: string): Promise<NewDevice> {
  await rateLimit(ctx, `verify:addr:${address}`, ctx.limits.verifyPerAddress);
  const verified = await verifyCode(ctx, input.challengeID, input.code, 'connect', { event: 'connect', address });
  const now = ctx.clock.now();
  const oneTime = input.autoConnect === false;
  try {
    return await auditFailure(ctx, { event: 'connect', personId: verified.personId, detail: { address } }, () =>
      ctx.db.tx(async (q) => {
        await verified.consume(q, now);
        await lockPerson(q, verified.personId);
        if (!oneTime && input.replaceDeviceID && !(await revokeDeviceIn(q, now, verified.personId, input.replaceDeviceID, null))) {
          throw new CloudError('NOT_FOUND', 'The device to replace is not connected.');
        }
        const device = oneTime ? await addOneTimeConnection(q, now, verified.personId, input.deviceName) : await addDevice(q, now, verified.personId, input.deviceName);
        await audit(q, now, { event: 'connect', outcome: 'ok', personId: verified.personId, deviceId: device.deviceID, detail: { address, oneTime } });
        await q.query('UPDATE persons SET last_used_at = $2 WHERE id = $1', [verified.personId, now]);
        return device;
      }),
    );
  } catch (e) {
    // The code was proven: name the devices so the person can choose one to replace (the code stays usable).
    if (!(e instanceof CloudError) || e.code !== 'DEVICE_LIMIT') throw e;
    const rows = await ctx.db.query<{ id: string; name: string; last_used_at: Date }>(
      'SELECT id, name, last_used_at FROM devices WHERE person_id = $1 AND revoked_at IS NULL AND slot IS NOT NULL ORDER BY created_at, id',
      [verified.personId],
    );
    throw new CloudError('DEVICE_LIMIT', e.message, { devices: rows.map((r) => ({ deviceID: r.id, name: r.name, lastUsedAt: r.last_used_at.toISOString() })) });
  }
}
