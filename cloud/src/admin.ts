/**
 * Administration without a running server (`npm run cloud -- ra-key`, `npm run cloud -- keys …`),
 * and the bank side of registration over HTTP.
 *
 * With the embedded database, these open the data folder themselves, so the server must be
 * stopped (the folder lock says so); with PostgreSQL they work alongside running instances. A
 * running instance offers the same through CloudInstance.createRaKey and CloudInstance.keys.
 */
import path from 'node:path';
import { systemClock } from './clock.js';
import { ensureDataDir, lockDataDir } from './data-dir.js';
import { openPglite, openPostgres } from './db/database.js';
import { migrate } from './db/migrations.js';
import { Keys } from './keys/keys.js';
import { openKeyService } from './keys/open-keys.js';
import type { Pkcs11Config } from './keys/pkcs11-keys.js';
import { countUnder, refreshWrapVersion, retireWrapKey, rewrapAll, rotateWrapKey, type KeyCtx } from './keys/rotation.js';
import { loadOrCreateCa } from './services/ca-store.js';
import { createRaKey as createKey, revokeRaKey as revokeKey, type RaKey } from './services/ra.js';

export type { RaKey } from './services/ra.js';

export interface AdminTarget {
  dataDir: string;
  databaseUrl?: string;
  /** The HSM (as StartCloudOptions.pkcs11). */
  pkcs11?: Pkcs11Config;
  /** Development keys (as StartCloudOptions.masterKey). */
  masterKey?: Buffer;
  /** As StartCloudOptions.production: development keys are refused. */
  production?: boolean;
}

async function withDatabase<T>(t: AdminTarget, fn: (ctx: KeyCtx) => Promise<T>): Promise<T> {
  ensureDataDir(t.dataDir);
  const release = t.databaseUrl ? () => {} : lockDataDir(t.dataDir);
  try {
    const db = t.databaseUrl ? await openPostgres(t.databaseUrl, { maxConnections: 2, presence: false }) : await openPglite(path.join(t.dataDir, 'pglite'));
    try {
      await migrate(db);
      // The service's own keys (the HSM when configured): creates the CA on a fresh database, and
      // refuses keys that do not match.
      const { service } = openKeyService(t, t.production ?? false);
      try {
        const keys = new Keys(service, 1);
        await loadOrCreateCa(db, keys, systemClock);
        return await fn({ db, keys, clock: systemClock, serving: false });
      } finally {
        service.close();
      }
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/** Creates a registration-authority API key. The key is shown once (only its hash is stored). */
export function createRaKey(t: AdminTarget, name: string): Promise<RaKey> {
  return withDatabase(t, ({ db }) => createKey(db, systemClock, name));
}

export function revokeRaKey(t: AdminTarget, id: string): Promise<boolean> {
  return withDatabase(t, ({ db }) => revokeKey(db, systemClock, id));
}

export interface KeysStatus {
  /** The version new blobs are sealed under. */
  current: number;
  /** Blobs under each version that still holds any, and versions marked retired. */
  versions: Array<{ version: number; blobs: number; retired: boolean }>;
  /** Running instances and the version each seals under (null: not recorded yet). */
  instances: Array<{ id: number; sealsUnder: number | null }>;
}

/** The wrapping key versions, what is sealed under each, and what the running instances use. */
export function keysStatus(t: AdminTarget): Promise<KeysStatus> {
  return withDatabase(t, async (ctx) => {
    await refreshWrapVersion(ctx);
    const rows = await ctx.db.query<{ version: number; retired: boolean }>('SELECT version, retired_at IS NOT NULL AS retired FROM wrap_versions ORDER BY version');
    const versions = [];
    for (const r of rows) {
      const blobs = await countUnder(ctx.db, r.version);
      if (blobs || r.version === ctx.keys.current || !r.retired) versions.push({ version: r.version, blobs, retired: r.retired });
    }
    const alive = (await ctx.db.liveInstances(ctx.db)).filter((id) => id !== ctx.db.instanceId);
    const using = new Map(
      (await ctx.db.query<{ instance_id: number; wrap_version: number }>('SELECT instance_id, wrap_version FROM wrap_in_use')).map((r) => [r.instance_id, r.wrap_version]),
    );
    return { current: ctx.keys.current, versions, instances: alive.map((id) => ({ id, sealsUnder: using.get(id) ?? null })) };
  });
}

/** Makes the next wrapping key version; running instances seal under it within KEY_REFRESH_MS. */
export function rotateKeys(t: AdminTarget): Promise<number> {
  return withDatabase(t, rotateWrapKey);
}

/** Re-wraps every blob not under the current version; answers how many. */
export function rewrapKeys(t: AdminTarget): Promise<number> {
  return withDatabase(t, (ctx) => rewrapAll(ctx));
}

/** Destroys wrapping key `version` (RetireRefused says why not, and when to try again). */
export function retireKey(t: AdminTarget, version: number): Promise<void> {
  return withDatabase(t, (ctx) => retireWrapKey(ctx, version));
}

export interface RaRegistration {
  refNum: string;
  authCode: string;
  expiresAt: string;
}

/**
 * The bank's call: registers a verified person at a running service and answers the one-time
 * refNum / authCode pair. Throws an Error whose `code` is the service's error code.
 */
export async function raRegister(url: string, raKey: string, person: { name: string; mobile: string; birthDate: string; idn: string }): Promise<RaRegistration> {
  const res = await fetch(`${url.replace(/\/$/, '')}/v1/ra/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${raKey}` },
    body: JSON.stringify(person),
  });
  const body = (await res.json()) as RaRegistration & { code?: string; message?: string };
  if (!res.ok) throw Object.assign(new Error(body.message ?? `registration failed (${res.status})`), { code: body.code ?? 'INTERNAL' });
  return { refNum: body.refNum, authCode: body.authCode, expiresAt: body.expiresAt };
}
