/**
 * Connected devices and their auto-connect tokens (자동연결). A token is 256 random bits shown
 * once; the database keeps its SHA-256. A device holds one of five slots: the unique index
 * devices_slot is what makes a sixth device impossible, whatever runs concurrently.
 * A one-time connection (SMS each time) is a row with no slot and an end (expires_at): it
 * counts toward no limit, is not listed, and its token stops working at the end.
 */
import { randomUUID } from 'node:crypto';
import { HOUR } from '../clock.js';
import { randomToken, tokenHash } from '../crypto/tokens.js';
import { isUniqueViolation, type Queryable } from '../db/database.js';
import { CloudError } from '../errors.js';
import { RULES } from '../rules.js';
import { audit, type Ctx } from './context.js';

export interface DeviceAuth {
  deviceId: string;
  personId: string;
}

const TOKEN = /^dt_[A-Za-z0-9_-]{43}$/;

export function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

const UNAUTHORIZED = 'This device is not connected to the cloud (or was disconnected). Connect it again with an SMS code.';

/** The device behind an auto-connect token; a revoked token fails at once. */
export async function authenticateDevice(ctx: Ctx, token: string | undefined): Promise<DeviceAuth> {
  if (!token || !TOKEN.test(token)) throw new CloudError('UNAUTHORIZED', UNAUTHORIZED);
  const [d] = await ctx.db.query<{ id: string; person_id: string; last_used_at: Date }>(
    'SELECT id, person_id, last_used_at FROM devices WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)',
    [tokenHash(token), ctx.clock.now()],
  );
  if (!d) throw new CloudError('UNAUTHORIZED', UNAUTHORIZED);
  const now = ctx.clock.now();
  // "Last used" feeds dormancy (a year): hour precision is plenty and spares a write per request.
  if (now.getTime() - d.last_used_at.getTime() > HOUR) {
    await ctx.db.query('UPDATE devices SET last_used_at = $2 WHERE id = $1', [d.id, now]);
    await ctx.db.query('UPDATE persons SET last_used_at = $2 WHERE id = $1 AND last_used_at < $2', [d.person_id, now]);
  }
  return { deviceId: d.id, personId: d.person_id };
}

export interface NewDevice {
  deviceID: string;
  token: string;
  /** Seconds a one-time connection lasts; absent for 자동연결. */
  expiresIn?: number;
}

/** A one-time connection in the caller's transaction: a token that ends, and no device slot. */
export async function addOneTimeConnection(q: Queryable, now: Date, personId: string, name: string): Promise<NewDevice> {
  const id = randomUUID();
  const token = randomToken('dt');
  await q.query(`INSERT INTO devices (id, person_id, slot, name, token_hash, created_at, last_used_at, expires_at) VALUES ($1, $2, NULL, $3, $4, $5, $5, $6)`, [
    id,
    personId,
    name,
    tokenHash(token),
    now,
    new Date(now.getTime() + RULES.oneTimeSessionMs),
  ]);
  await audit(q, now, { event: 'device_add', outcome: 'ok', personId, deviceId: id, detail: { name, oneTime: true } });
  return { deviceID: id, token, expiresIn: Math.floor(RULES.oneTimeSessionMs / 1000) };
}

/** Adds a device in the caller's transaction (which holds the person's row lock). */
export async function addDevice(q: Queryable, now: Date, personId: string, name: string): Promise<NewDevice> {
  const used = new Set((await q.query<{ slot: number }>('SELECT slot FROM devices WHERE person_id = $1 AND revoked_at IS NULL', [personId])).map((r) => r.slot));
  let slot = 0;
  for (let s = 1; s <= RULES.maxDevices && !slot; s++) if (!used.has(s)) slot = s;
  if (!slot) throw deviceLimit();
  const id = randomUUID();
  const token = randomToken('dt');
  try {
    await q.query(`INSERT INTO devices (id, person_id, slot, name, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`, [
      id,
      personId,
      slot,
      name,
      tokenHash(token),
      now,
    ]);
  } catch (e) {
    if (isUniqueViolation(e, 'devices_slot')) throw deviceLimit();
    throw e;
  }
  await audit(q, now, { event: 'device_add', outcome: 'ok', personId, deviceId: id, detail: { name } });
  return { deviceID: id, token };
}

function deviceLimit(): CloudError {
  return new CloudError('DEVICE_LIMIT', `${RULES.maxDevices} devices are already connected. Disconnect one (or pass replaceDeviceID) and try again.`);
}

export async function countDevices(q: Queryable, personId: string): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE person_id = $1 AND revoked_at IS NULL AND slot IS NOT NULL', [personId]);
  return r?.n ?? 0;
}

/** Disconnects a device in the caller's transaction. Its token and SADs stop working at once. */
export async function revokeDeviceIn(q: Queryable, now: Date, personId: string, deviceId: string, byDeviceId: string | null): Promise<boolean> {
  const r = await q.query('UPDATE devices SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id', [deviceId, personId, now]);
  if (!r.length) return false;
  await q.query('DELETE FROM sads WHERE device_id = $1', [deviceId]);
  await audit(q, now, { event: 'device_revoke', outcome: 'ok', personId, deviceId, detail: { by: byDeviceId } });
  return true;
}

export async function revokeDevice(ctx: Ctx, auth: DeviceAuth, deviceId: string): Promise<void> {
  const ok = await ctx.db.tx((q) => revokeDeviceIn(q, ctx.clock.now(), auth.personId, deviceId, auth.deviceId));
  if (!ok) throw new CloudError('NOT_FOUND', 'No connected device with this id.');
}

export interface DeviceView {
  deviceID: string;
  name: string;
  connectedAt: string;
  lastUsedAt: string;
  current: boolean;
}

export async function listDevices(ctx: Ctx, auth: DeviceAuth): Promise<DeviceView[]> {
  const rows = await ctx.db.query<{ id: string; name: string; created_at: Date; last_used_at: Date }>(
    'SELECT id, name, created_at, last_used_at FROM devices WHERE person_id = $1 AND revoked_at IS NULL AND slot IS NOT NULL ORDER BY created_at, id',
    [auth.personId],
  );
  return rows.map((r) => ({
    deviceID: r.id,
    name: r.name,
    connectedAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at.toISOString(),
    current: r.id === auth.deviceId,
  }));
}
