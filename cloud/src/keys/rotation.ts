/**
 * Rotating the wrapping key, online (instances keep serving throughout):
 *  1. rotate: the key service makes version N+1 and service_state.wrap_version becomes N+1;
 *     every instance seals new blobs under it within KEY_REFRESH_MS (refreshWrapVersion) and
 *     records that it does (wrap_in_use: instance, version, since when).
 *  2. rewrap: every blob still under an older version (credentials.dk_sealed,
 *     persons.idn_sealed, ca_keys.key_sealed) is opened and sealed again, row by row, each
 *     update guarded by the old value (a row changed meanwhile is simply taken next round).
 *     No PIN is needed: the HSM layer is the outermost one (crypto/user-keys.ts).
 *  3. retire: once every live instance has sealed under a newer version for KEY_REFRESH_MS,
 *     version N is marked retired (wrap_versions) and, if no blob and no live SAD (sealed before
 *     that) depends on it, destroyed in the key service. A request slower than that, still
 *     writing a blob it sealed under N, cannot slip past: every write of a sealed column takes a
 *     share lock on its version's row (a trigger, migration 9), so the mark waits for it and the
 *     count then sees its blob; a write that comes after the mark fails instead (the request
 *     errors, nothing is lost).
 */
import { ADVISORY_LOCK } from '../db/migrations.js';
import type { Queryable } from '../db/database.js';
import type { Ctx } from '../services/context.js';
import { wrapHeader } from './keys.js';

/** How often instances re-read the current wrapping key version. */
export const KEY_REFRESH_MS = 5_000;

export type KeyCtx = Pick<Ctx, 'db' | 'keys' | 'clock'> & {
  /**
   * false: an administration process (`npm run cloud -- keys …`), which serves no request: it records
   * no version of its own, and a retirement does not wait for it.
   */
  serving?: boolean;
};

/** Re-reads the current version (another instance may have rotated) and records that this instance seals under it. */
export async function refreshWrapVersion(ctx: KeyCtx): Promise<void> {
  const [s] = await ctx.db.query<{ wrap_version: number }>('SELECT wrap_version FROM service_state WHERE id = 1');
  if (!s) return;
  ctx.keys.use(s.wrap_version);
  if (ctx.serving === false) return;
  await ctx.db.query(
    `INSERT INTO wrap_in_use (instance_id, wrap_version, since) VALUES ($1, $2, $3)
     ON CONFLICT (instance_id) DO UPDATE SET wrap_version = EXCLUDED.wrap_version, since = EXCLUDED.since
     WHERE wrap_in_use.wrap_version < EXCLUDED.wrap_version`,
    [ctx.db.instanceId, ctx.keys.current, ctx.clock.now()],
  );
}

/** The sealed columns and the AAD their blobs are bound to. */
const SEALED = [
  { table: 'credentials', id: 'id', column: 'dk_sealed', aad: (id: string) => `dk-master|${id}` },
  { table: 'persons', id: 'id', column: 'idn_sealed', aad: (id: string) => `idn|${id}` },
  { table: 'ca_keys', id: 'role', column: 'key_sealed', aad: (id: string) => `ca|${id}` },
] as const;

export async function rotateWrapKey(ctx: KeyCtx): Promise<number> {
  const next = await ctx.db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK.bootstrap]);
    const [s] = await q.query<{ wrap_version: number }>('SELECT wrap_version FROM service_state WHERE id = 1 FOR UPDATE');
    const v = s!.wrap_version + 1;
    ctx.keys.service.createWrapVersion(v);
    await q.query('UPDATE service_state SET wrap_version = $1, rotated_at = $2 WHERE id = 1', [v, ctx.clock.now()]);
    await q.query('INSERT INTO wrap_versions (version) VALUES ($1) ON CONFLICT (version) DO NOTHING', [v]);
    return v;
  });
  await refreshWrapVersion(ctx);
  return next;
}

/** Re-wraps every blob not under the current version; answers how many were re-wrapped. */
export async function rewrapAll(ctx: KeyCtx, batch = 200): Promise<number> {
  await refreshWrapVersion(ctx);
  let total = 0;
  for (const t of SEALED) {
    for (;;) {
      // Per batch, and sealed under the version selected against: the current one may move meanwhile
      // (a rotation here, or one elsewhere that the refresh timer picks up), and the loop must still end.
      const version = ctx.keys.current;
      const rows = await ctx.db.query<{ id: string; blob: Buffer }>(
        `SELECT ${t.id}::text AS id, ${t.column} AS blob FROM ${t.table}
         WHERE ${t.column} IS NOT NULL AND substring(${t.column} from 1 for 5) <> $1 LIMIT $2`,
        [wrapHeader(version), batch],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const again = ctx.keys.seal(ctx.keys.open(r.blob, t.aad(r.id)), t.aad(r.id), version);
        const done = await ctx.db.query(`UPDATE ${t.table} SET ${t.column} = $1 WHERE ${t.id}::text = $2 AND ${t.column} = $3 RETURNING 1`, [again, r.id, r.blob]);
        total += done.length;
      }
    }
  }
  return total;
}

/** Blobs still under `version`. */
export async function countUnder(q: Queryable, version: number): Promise<number> {
  let n = 0;
  for (const t of SEALED) {
    const [r] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table} WHERE substring(${t.column} from 1 for 5) = $1`, [wrapHeader(version)]);
    n += r!.n;
  }
  return n;
}

export class RetireRefused extends Error {
  override name = 'RetireRefused';
}

/** Destroys wrapping key `version` once nothing depends on it; else RetireRefused says why. */
export async function retireWrapKey(ctx: KeyCtx, version: number): Promise<void> {
  await refreshWrapVersion(ctx);
  if (version >= ctx.keys.current) throw new RetireRefused(`Version ${version} is current (or newer): rotate first.`);
  const settled = await switchedFrom(ctx, version);
  // One transaction: the mark waits for the writes under `version` still open, each check after it sees
  // what they wrote, and a refusal takes the mark back.
  await ctx.db.tx(async (q) => {
    await q.query('UPDATE wrap_versions SET retired_at = $2 WHERE version = $1', [version, ctx.clock.now()]);
    const left = await countUnder(q, version);
    if (left) throw new RetireRefused(`${left} blob(s) are still under version ${version}: run the re-wrap first.`);
    const [live] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM sads WHERE used_at IS NULL AND expires_at > $1 AND created_at <= $2', [ctx.clock.now(), settled]);
    if (live!.n) throw new RetireRefused(`${live!.n} signing authorization(s) from before the rotation are still open: try again when they expire (at most 5 minutes).`);
    ctx.keys.service.destroyWrapVersion(version);
  });
}

/**
 * When the last live instance stopped sealing under `version` (plus KEY_REFRESH_MS, for the
 * requests it had begun before); RetireRefused while one still does or did so until recently.
 * Records of instances no longer alive are dropped (Database.liveInstances).
 */
async function switchedFrom(ctx: KeyCtx, version: number): Promise<Date> {
  const alive = (await ctx.db.liveInstances(ctx.db)).filter((id) => ctx.serving !== false || id !== ctx.db.instanceId);
  await ctx.db.query('DELETE FROM wrap_in_use WHERE NOT (instance_id = ANY($1::int[]))', [alive]);
  const rows = await ctx.db.query<{ instance_id: number; wrap_version: number; since: Date }>('SELECT instance_id, wrap_version, since FROM wrap_in_use');
  const switched = new Map(rows.filter((r) => r.wrap_version > version).map((r) => [r.instance_id, r.since.getTime()]));
  const behind = alive.filter((id) => !switched.has(id)).length;
  if (behind) {
    throw new RetireRefused(
      `${behind} running instance(s) still seal under version ${version} (each re-reads the version every ${KEY_REFRESH_MS / 1000} s): try again in a few seconds.`,
    );
  }
  // No instance running (an administration process on a stopped service): nothing seals meanwhile, and
  // anything sealed before now may be under `version`.
  if (!alive.length) return ctx.clock.now();
  const settled = new Date(Math.max(...alive.map((id) => switched.get(id)!)) + KEY_REFRESH_MS);
  if (settled > ctx.clock.now()) {
    throw new RetireRefused(`An instance stopped sealing under version ${version} less than ${KEY_REFRESH_MS / 1000} s ago: try again after ${settled.toISOString()}.`);
  }
  return settled;
}
