/**
 * Rotating the wrapping key, online (instances keep serving throughout):
 *  1. rotate: the key service makes version N+1 and service_state.wrap_version becomes N+1;
 *     every instance seals new blobs under it within KEY_REFRESH_MS (Keys.refresh).
 *  2. rewrap: every blob still under an older version (credentials.dk_sealed,
 *     persons.idn_sealed, ca_keys.key_sealed) is opened and sealed again, row by row, each
 *     update guarded by the old value (a row changed meanwhile is simply taken next round).
 *     No PIN is needed: the HSM layer is the outermost one (crypto/user-keys.ts).
 *  3. retire: once no blob and no live SAD (sealed before the rotation settled) depends on
 *     version N, it is destroyed in the key service.
 */
import { ADVISORY_LOCK } from '../db/migrations.js';
import type { Queryable } from '../db/database.js';
import type { Ctx } from '../services/context.js';
import { wrapHeader } from './keys.js';

/** How often instances re-read the current wrapping key version. */
export const KEY_REFRESH_MS = 5_000;

type KeyCtx = Pick<Ctx, 'db' | 'keys' | 'clock'>;

/** The sealed columns and the AAD their blobs are bound to. */
const SEALED = [
  { table: 'credentials', id: 'id', column: 'dk_sealed', aad: (id: string) => `dk-master|${id}` },
  { table: 'persons', id: 'id', column: 'idn_sealed', aad: (id: string) => `idn|${id}` },
  { table: 'ca_keys', id: 'role', column: 'key_sealed', aad: (id: string) => `ca|${id}` },
] as const;

export async function rotateWrapKey(ctx: KeyCtx): Promise<number> {
  return ctx.db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK.bootstrap]);
    const [s] = await q.query<{ wrap_version: number }>('SELECT wrap_version FROM service_state WHERE id = 1 FOR UPDATE');
    const next = s!.wrap_version + 1;
    ctx.keys.service.createWrapVersion(next);
    await q.query('UPDATE service_state SET wrap_version = $1, rotated_at = $2 WHERE id = 1', [next, ctx.clock.now()]);
    ctx.keys.current = next;
    return next;
  });
}

/** Re-wraps every blob not under the current version; answers how many were re-wrapped. */
export async function rewrapAll(ctx: KeyCtx, batch = 200): Promise<number> {
  await ctx.keys.refresh(ctx.db);
  const head = wrapHeader(ctx.keys.current);
  let total = 0;
  for (const t of SEALED) {
    for (;;) {
      const rows = await ctx.db.query<{ id: string; blob: Buffer }>(
        `SELECT ${t.id}::text AS id, ${t.column} AS blob FROM ${t.table}
         WHERE ${t.column} IS NOT NULL AND substring(${t.column} from 1 for 5) <> $1 LIMIT $2`,
        [head, batch],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const again = ctx.keys.seal(ctx.keys.open(r.blob, t.aad(r.id)), t.aad(r.id));
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
  await ctx.keys.refresh(ctx.db);
  if (version >= ctx.keys.current) throw new RetireRefused(`Version ${version} is current (or newer): rotate first.`);
  const left = await countUnder(ctx.db, version);
  if (left) throw new RetireRefused(`${left} blob(s) are still under version ${version}: run the re-wrap first.`);
  const [s] = await ctx.db.query<{ rotated_at: Date | null }>('SELECT rotated_at FROM service_state WHERE id = 1');
  const settled = new Date((s?.rotated_at?.getTime() ?? 0) + KEY_REFRESH_MS);
  const [live] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sads WHERE used_at IS NULL AND expires_at > $1 AND created_at <= $2', [
    ctx.clock.now(),
    settled,
  ]);
  if (live!.n) throw new RetireRefused(`${live!.n} signing authorization(s) from before the rotation are still open: try again when they expire (at most 5 minutes).`);
  ctx.keys.service.destroyWrapVersion(version);
}
