/**
 * Issuing with a bank's refNum/authCode, listing and describing credentials, and authorizing
 * (PIN → SAD), CSC-shaped (SPEC §2.2).
 *
 * A PIN check is registered before it runs (checkCredentialPin), so parallel guesses on any
 * number of instances get at most 5 checks, and "locked" is simply pin_fails >= 5.
 */
import { randomUUID } from 'node:crypto';
import { formatName, readCertificate } from '../../../common/pki/certificate.js';
import { checkPin, assertStrongPin } from '../crypto/pin.js';
import { pepperedHash, randomToken, safeEqual, tokenHash } from '../crypto/tokens.js';
import { sadWrap } from '../crypto/user-keys.js';
import { CloudError } from '../errors.js';
import { POLICY_OID, REASON } from '../pki/oids.js';
import { RULES } from '../rules.js';
import { audit, auditFailure, rateLimit, type Ctx } from './context.js';
import { insertCredential, lockPerson, PERSON_COLUMNS, prepareCredential, summary, type CredentialSummary, type PersonRow } from './credential-store.js';
import { addDevice, countDevices, type DeviceAuth, type NewDevice } from './devices.js';
import { revokeActive } from './revocation.js';

export interface IssueInput {
  refNum: string;
  authCode: string;
  PIN: string;
  device?: { name: string } | undefined;
}

export type IssueResult = CredentialSummary & { device?: NewDevice };

export async function issue(ctx: Ctx, input: IssueInput, address: string): Promise<IssueResult> {
  await rateLimit(ctx, `verify:addr:${address}`, ctx.limits.verifyPerAddress);
  const now0 = ctx.clock.now();
  const [reg] = await ctx.db.query<{ person_id: string; auth_code_hash: Buffer; tries: number; ra_id: string }>(
    `UPDATE registrations SET tries = tries + 1
     WHERE ref_num = $1 AND used_at IS NULL AND expires_at > $2 AND tries < $3
     RETURNING person_id, auth_code_hash, tries, ra_id`,
    [input.refNum, now0, RULES.registrationMaxTries],
  );
  if (!reg) {
    const [r] = await ctx.db.query('SELECT 1 FROM registrations WHERE ref_num = $1', [input.refNum]);
    if (!r) throw new CloudError('NOT_FOUND', 'Unknown reference number. Check it, or ask your bank for a new one.');
    throw new CloudError('CODE_EXPIRED', 'This reference number has expired, was used, or had too many wrong tries. Ask your bank for a new one.');
  }
  if (!safeEqual(pepperedHash(ctx.keys, `auth|${input.refNum}`, input.authCode), reg.auth_code_hash)) {
    const triesLeft = RULES.registrationMaxTries - reg.tries;
    await audit(ctx.db, now0, { event: 'issue', outcome: 'CODE_WRONG', personId: reg.person_id, raId: reg.ra_id, detail: { refNum: input.refNum, triesLeft } });
    throw new CloudError('CODE_WRONG', `Wrong authorization code. ${triesLeft} tries left.`, { triesLeft });
  }
  const [person] = await ctx.db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id = $1`, [reg.person_id]);
  if (!person) throw new CloudError('NOT_FOUND', 'This cloud account no longer exists. Ask your bank to register you again.');
  try {
    assertStrongPin(input.PIN, person.birth_date);
    if (input.device && (await countDevices(ctx.db, person.id)) >= RULES.maxDevices) {
      throw new CloudError('DEVICE_LIMIT', `${RULES.maxDevices} devices are already connected. Issue without a device, or disconnect one first.`);
    }
  } catch (e) {
    // The code was right: a refused PIN or a full device list does not cost a try.
    await ctx.db.query('UPDATE registrations SET tries = tries - 1 WHERE ref_num = $1 AND tries > 0', [input.refNum]);
    throw e;
  }
  const prepared = await prepareCredential(ctx, person, input.PIN);
  const result = await auditFailure(ctx, { event: 'issue', personId: person.id, raId: reg.ra_id }, () =>
    ctx.db.tx(async (q) => {
      const now = ctx.clock.now();
      const used = await q.query('UPDATE registrations SET used_at = $2 WHERE ref_num = $1 AND used_at IS NULL RETURNING ref_num', [input.refNum, now]);
      if (!used.length) throw new CloudError('CODE_EXPIRED', 'This reference number was just used. Ask your bank for a new one.');
      await lockPerson(q, person.id);
      const revoked = await revokeActive(q, now, person.id, REASON.superseded, { detail: { by: 'issue' } });
      await insertCredential(q, person.id, prepared, now, revoked[0]?.id ?? null);
      const device = input.device ? await addDevice(q, now, person.id, input.device.name) : undefined;
      await q.query('UPDATE persons SET last_used_at = $2 WHERE id = $1', [person.id, now]);
      await audit(q, now, {
        event: 'issue',
        outcome: 'ok',
        personId: person.id,
        credentialId: prepared.id,
        deviceId: device?.deviceID ?? null,
        raId: reg.ra_id,
        detail: { serial: prepared.serial, refNum: input.refNum, replaced: revoked.map((r) => r.serial) },
      });
      return { revoked: revoked.length, device };
    }),
  );
  if (result.revoked) ctx.onRevoked();
  return { ...summary(prepared), ...(result.device ? { device: result.device } : {}) };
}

export interface CredentialRow {
  id: string;
  person_id: string;
  serial: string;
  cert_der: Buffer;
  status: 'active' | 'revoked';
  not_before: Date;
  not_after: Date;
  random_num: Buffer | null;
  pin_fails: number;
  locked_at: Date | null;
  revoked_at: Date | null;
}

const CRED_COLUMNS = 'id, person_id, serial, cert_der, status, not_before, not_after, random_num, pin_fails, locked_at, revoked_at';

/** The person's credential by id (any status), or NOT_FOUND. */
export async function ownCredential(ctx: Ctx, auth: DeviceAuth, credentialId: string): Promise<CredentialRow> {
  const [c] = await ctx.db.query<CredentialRow>(`SELECT ${CRED_COLUMNS} FROM credentials WHERE id = $1 AND person_id = $2`, [credentialId, auth.personId]);
  if (!c) throw new CloudError('NOT_FOUND', 'No credential with this id belongs to this account.');
  return c;
}

/** CERT_REVOKED / CERT_EXPIRED / PIN_LOCKED for a credential that cannot sign. */
export function assertUsable(c: Pick<CredentialRow, 'status' | 'not_after' | 'not_before' | 'pin_fails'>, now: Date): void {
  if (c.status === 'revoked') throw new CloudError('CERT_REVOKED', 'This certificate was revoked. Use your current certificate, or reissue.');
  if (c.not_after.getTime() <= now.getTime()) throw new CloudError('CERT_EXPIRED', 'This certificate has expired. Reissue it (SMS verification and a new PIN).');
  if (c.not_before.getTime() > now.getTime()) throw new CloudError('CERT_EXPIRED', 'This certificate is not valid yet.');
  if (c.pin_fails >= RULES.maxPinFailures) throw pinLocked();
}

export function pinLocked(): CloudError {
  return new CloudError('PIN_LOCKED', `The PIN was entered wrong ${RULES.maxPinFailures} times and is locked. Unlock it with SMS verification and a new PIN.`);
}

export interface RenewalInfo {
  due: boolean;
  availableFrom: string;
}

export function renewalInfo(notAfter: Date, now: Date): RenewalInfo {
  const from = new Date(notAfter.getTime() - RULES.renewalWindowMs);
  return { due: now.getTime() >= from.getTime() && now.getTime() < notAfter.getTime(), availableFrom: from.toISOString() };
}

export async function listCredentials(ctx: Ctx, auth: DeviceAuth): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string }>("SELECT id FROM credentials WHERE person_id = $1 AND status = 'active' ORDER BY created_at DESC", [auth.personId]);
  return rows.map((r) => r.id);
}

export interface CredentialInfo {
  credentialID: string;
  description: string;
  key: { status: 'enabled' | 'disabled'; algo: string[]; len: number };
  cert: {
    status: 'valid' | 'expired' | 'revoked';
    certificates: string[];
    serialNumber: string;
    subjectDN: string;
    issuerDN: string;
    validFrom: string;
    validTo: string;
    policyOID: string;
  };
  authMode: 'explicit';
  PIN: { presence: 'true'; format: 'N'; length: 6; status: 'ok' | 'locked'; triesLeft: number };
  multisign: number;
  renewal: RenewalInfo;
}

export async function credentialInfo(ctx: Ctx, auth: DeviceAuth, credentialId: string, chain: boolean): Promise<CredentialInfo> {
  const c = await ownCredential(ctx, auth, credentialId);
  const now = ctx.clock.now();
  const expired = c.not_after.getTime() <= now.getTime();
  const locked = c.pin_fails >= RULES.maxPinFailures;
  const parts = readCertificate(c.cert_der);
  return {
    credentialID: c.id,
    description: '금융인증서 (Dojang Cloud)',
    key: { status: c.status === 'active' && !locked && !expired ? 'enabled' : 'disabled', algo: ['1.2.840.113549.1.1.11'], len: 2048 },
    cert: {
      status: c.status === 'revoked' ? 'revoked' : expired ? 'expired' : 'valid',
      certificates: [c.cert_der, ...(chain ? [ctx.ca.issuingDer, ctx.ca.rootDer] : [])].map((d) => d.toString('base64')),
      serialNumber: c.serial,
      subjectDN: formatName(parts.subject),
      issuerDN: formatName(parts.issuer),
      validFrom: c.not_before.toISOString(),
      validTo: c.not_after.toISOString(),
      policyOID: POLICY_OID,
    },
    authMode: 'explicit',
    PIN: { presence: 'true', format: 'N', length: 6, status: locked ? 'locked' : 'ok', triesLeft: Math.max(0, RULES.maxPinFailures - c.pin_fails) },
    multisign: RULES.maxHashesPerSad,
    renewal: renewalInfo(c.not_after, now),
  };
}

export interface AuthorizeInput {
  credentialID: string;
  numSignatures: number;
  hash: string[];
  PIN: string;
}

/**
 * A PIN check of a live instance still open after this long is dropped (never counted): only a
 * hung check gets there, and it can no longer change the counter when it ends.
 */
export const PIN_ATTEMPT_ABANDONED_MS = 10 * 60_000;

/**
 * Checks a PIN. Answers the PIN-layer key (to re-wrap the data key) or throws PIN_WRONG /
 * PIN_LOCKED; locking is audited.
 *
 * Each check first registers itself in pin_attempts (tagged with this instance), under the
 * credential's row lock, and only while confirmed failures + checks in flight < 5. So however
 * many requests arrive on however many instances, no more than 5 wrong PINs are ever tested.
 * The counter moves only when a compared PIN was wrong, in the same transaction that ends the
 * check. A check whose instance died (crash, SIGKILL) was never compared as far as anyone
 * knows: it is dropped without counting, the moment its instance is seen dead
 * (Database.liveInstances). More simultaneous checks than 5 are asked to retry (RATE_LIMITED,
 * retryAfter 1) rather than told the PIN is locked.
 */
export async function checkCredentialPin(ctx: Ctx, auth: DeviceAuth, credentialId: string, pin: string, event: 'authorize' | 'renew'): Promise<{ kek: Buffer; dkSealed: Buffer }> {
  const now = ctx.clock.now();
  await rateLimit(ctx, `pin:device:${auth.deviceId}`, ctx.limits.pinPerDevice);
  await rateLimit(ctx, `pin:person:${auth.personId}`, ctx.limits.pinPerPerson);
  const c = await ownCredential(ctx, auth, credentialId);
  const base = { personId: auth.personId, credentialId, deviceId: auth.deviceId };
  try {
    assertUsable(c, now);
  } catch (e) {
    await audit(ctx.db, now, { ...base, event, outcome: (e as CloudError).code });
    throw e;
  }
  const attemptId = randomUUID();
  const reserved = await ctx.db.tx(async (q) => {
    const [row] = await q.query<{ pin_salt: Buffer; pin_kdf: string; pin_verifier: Buffer; dk_sealed: Buffer; pin_fails: number }>(
      "SELECT pin_salt, pin_kdf, pin_verifier, dk_sealed, pin_fails FROM credentials WHERE id = $1 AND status = 'active' FOR UPDATE",
      [credentialId],
    );
    if (!row) return { outcome: 'CERT_REVOKED' as const };
    if (row.pin_fails >= RULES.maxPinFailures) return { outcome: 'PIN_LOCKED' as const };
    const live = await ctx.db.liveInstances(q);
    await q.query('DELETE FROM pin_attempts WHERE credential_id = $1 AND (NOT (instance_id = ANY($2::int[])) OR started_at < $3)', [
      credentialId,
      live,
      new Date(now.getTime() - PIN_ATTEMPT_ABANDONED_MS),
    ]);
    const [{ n } = { n: 0 }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM pin_attempts WHERE credential_id = $1', [credentialId]);
    if (row.pin_fails + n >= RULES.maxPinFailures) return { outcome: 'BUSY' as const };
    await q.query('INSERT INTO pin_attempts (id, credential_id, started_at, instance_id) VALUES ($1, $2, $3, $4)', [attemptId, credentialId, now, ctx.db.instanceId]);
    return { outcome: 'OK' as const, row };
  });
  if (reserved.outcome !== 'OK') {
    await audit(ctx.db, now, { ...base, event, outcome: reserved.outcome === 'BUSY' ? 'RATE_LIMITED' : reserved.outcome });
    if (reserved.outcome === 'PIN_LOCKED') throw pinLocked();
    if (reserved.outcome === 'CERT_REVOKED') throw new CloudError('CERT_REVOKED', 'This certificate was revoked. Use your current certificate, or reissue.');
    throw new CloudError('RATE_LIMITED', 'Another PIN check for this certificate is in progress. Try again in a second.', { retryAfter: 1 });
  }
  const r = reserved.row;
  let kek: Buffer | null;
  try {
    kek = await checkPin(pin, ctx.keys, { salt: r.pin_salt, kdf: r.pin_kdf, verifier: r.pin_verifier });
  } catch (e) {
    // Not compared: the check ends without an outcome.
    await ctx.db.query('DELETE FROM pin_attempts WHERE id = $1', [attemptId]).catch(() => {});
    throw e;
  }
  const at = ctx.clock.now();
  const fails = await ctx.db.tx(async (q) => {
    const gone = await q.query('DELETE FROM pin_attempts WHERE id = $1 RETURNING id', [attemptId]);
    // Dropped as abandoned meanwhile: its slot may already serve another check, so this one has no say.
    if (!gone.length) return null;
    const [u] = await q.query<{ pin_fails: number }>(
      kek
        ? 'UPDATE credentials SET pin_fails = 0, last_used_at = $2 WHERE id = $1 RETURNING pin_fails'
        : 'UPDATE credentials SET pin_fails = pin_fails + 1, locked_at = CASE WHEN pin_fails + 1 >= $3 THEN coalesce(locked_at, $2) ELSE locked_at END WHERE id = $1 RETURNING pin_fails',
      kek ? [credentialId, at] : [credentialId, at, RULES.maxPinFailures],
    );
    const failsNow = u?.pin_fails ?? RULES.maxPinFailures;
    if (!kek) {
      await audit(q, at, { ...base, event, outcome: 'PIN_WRONG', detail: { triesLeft: Math.max(0, RULES.maxPinFailures - failsNow) } });
      if (failsNow === RULES.maxPinFailures) await audit(q, at, { ...base, event: 'lock', outcome: 'ok', detail: { failures: failsNow } });
    }
    return failsNow;
  });
  if (kek && fails === 0) return { kek, dkSealed: r.dk_sealed };
  kek?.fill(0);
  if (fails === null) throw new CloudError('RATE_LIMITED', 'The PIN check took too long. Try again.', { retryAfter: 1 });
  const triesLeft = Math.max(0, RULES.maxPinFailures - (fails ?? RULES.maxPinFailures));
  if (triesLeft === 0) throw pinLocked();
  throw new CloudError('PIN_WRONG', `Wrong PIN. ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left before the PIN locks.`, { triesLeft });
}

export function decodeHashes(hashes: string[]): string[] {
  return hashes.map((h) => {
    const b = Buffer.from(h, 'base64');
    if (b.length !== 32 || b.toString('base64') !== h) {
      throw new CloudError('INVALID_REQUEST', 'Each hash must be a base64 SHA-256 value (32 bytes).');
    }
    return b.toString('hex');
  });
}

export interface SadResult {
  SAD: string;
  expiresIn: number;
}

export async function authorize(ctx: Ctx, auth: DeviceAuth, input: AuthorizeInput): Promise<SadResult> {
  const hashes = decodeHashes(input.hash);
  if (input.numSignatures !== hashes.length) {
    throw new CloudError('INVALID_REQUEST', 'numSignatures must equal the number of hashes.');
  }
  const { kek, dkSealed } = await checkCredentialPin(ctx, auth, input.credentialID, input.PIN, 'authorize');
  const sad = randomToken('sad');
  const now = ctx.clock.now();
  const wrap = sadWrap(input.credentialID, dkSealed, kek, sad, ctx.keys);
  kek.fill(0);
  await ctx.db.tx(async (q) => {
    await q.query(
      `INSERT INTO sads (token_hash, credential_id, device_id, hashes, num_signatures, key_wrap, created_at, expires_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8)`,
      [tokenHash(sad), input.credentialID, auth.deviceId, hashes, hashes.length, wrap, now, new Date(now.getTime() + RULES.sadTtlMs)],
    );
    await q.query('UPDATE persons SET last_used_at = $2 WHERE id = $1', [auth.personId, now]);
    await audit(q, now, {
      personId: auth.personId,
      credentialId: input.credentialID,
      deviceId: auth.deviceId,
      event: 'authorize',
      outcome: 'ok',
      detail: { numSignatures: hashes.length, sad: tokenHash(sad).slice(0, 16) },
    });
  });
  return { SAD: sad, expiresIn: Math.floor(RULES.sadTtlMs / 1000) };
}
