/**
 * Administration without a running server (`dojang cloud ra-issue`), and the bank side of
 * registration over HTTP.
 *
 * With the embedded database, createRaKey opens the data folder itself, so the server must be
 * stopped (the folder lock says so); with PostgreSQL it works alongside running instances. A
 * running instance offers the same through CloudInstance.createRaKey.
 */
import path from 'node:path';
import { systemClock } from './clock.js';
import { ensureDataDir, lockDataDir } from './data-dir.js';
import { openPglite, openPostgres, type Database } from './db/database.js';
import { migrate } from './db/migrations.js';
import { Keys } from './keys/keys.js';
import { openKeyService } from './keys/open-keys.js';
import type { Pkcs11Config } from './keys/pkcs11-keys.js';
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
}

async function withDatabase<T>(t: AdminTarget, fn: (db: Database) => Promise<T>): Promise<T> {
  ensureDataDir(t.dataDir);
  const release = t.databaseUrl ? () => {} : lockDataDir(t.dataDir);
  try {
    const db = t.databaseUrl ? await openPostgres(t.databaseUrl, { maxConnections: 2 }) : await openPglite(path.join(t.dataDir, 'pglite'));
    try {
      await migrate(db);
      // Creates the CA on a fresh database, and refuses keys that do not match.
      const { service } = openKeyService(t, false);
      try {
        await loadOrCreateCa(db, new Keys(service, 1), systemClock);
      } finally {
        service.close();
      }
      return await fn(db);
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/** Creates a registration-authority API key. The key is shown once (only its hash is stored). */
export function createRaKey(t: AdminTarget, name: string): Promise<RaKey> {
  return withDatabase(t, (db) => createKey(db, systemClock, name));
}

export function revokeRaKey(t: AdminTarget, id: string): Promise<boolean> {
  return withDatabase(t, (db) => revokeKey(db, systemClock, id));
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
