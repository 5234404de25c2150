import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteStore } from './registration-store.js';

// PGlite runs no autovacuum: without the store's own vacuum, every challenge it ever dropped stays in its file.
describe('the PGlite store reclaims the challenges it drops', () => {
  const root = mkdtempSync(join(tmpdir(), 'dojang-rp-vacuum-'));
  const dir = join(root, 'db');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const DAY = 24 * 60 * 60 * 1000;
  /** A day of sign-ins, long expired: saved, then dropped by the next challenge saved. Returns the table's size. */
  const day = async (n: number): Promise<number> => {
    const store = await openPgliteStore(dir);
    const old = new Date(Date.now() - 3 * DAY).toISOString();
    for (let i = 0; i < 400; i++) await store.saveChallenge({ nonce: `n${n}-${i}`, text: '로그인', issuedAt: old, expiresAt: old });
    await store.saveChallenge({ nonce: `fresh${n}`, text: '로그인', issuedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + DAY).toISOString() });
    expect(await store.findChallenge(`n${n}-0`)).toBeNull(); // dropped
    await store.close();
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(dir);
    const { rows } = await db.query<{ bytes: number }>("SELECT pg_relation_size('rp_challenges')::int AS bytes");
    await db.close();
    return rows[0]!.bytes;
  };

  it('reuses the space at the next open instead of growing day after day', async () => {
    const first = await day(1);
    expect(first).toBeGreaterThan(8192); // 400 rows: several pages
    const second = await day(2);
    expect(await day(3)).toBe(second);
    expect(second).toBeLessThan(2 * first);
  });
});
