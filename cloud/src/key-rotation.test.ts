/**
 * Wrapping-key rotation with several instances on one PostgreSQL: an instance re-reads the
 * current version on its own timer (KEY_REFRESH_MS), so for a while after a rotation it still
 * seals under the old version, and it must be able to open blobs under the new one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { skipReason } from '../../fixtures/environment.js';
import { wrapHeader } from './keys/keys.js';
import { KEY_REFRESH_MS, RetireRefused } from './keys/rotation.js';
import { createTestDatabase, pgSkipReason, type TestDatabase } from './testing/pg.js';
import { enrol, registration, person, signOnce, startTestCloud, tempDir, until, type TestCloud } from './testing/harness.js';

const reason = skipReason('postgresql', pgSkipReason());

describe.skipIf(reason)(`wrapping-key rotation across instances [PostgreSQL]${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let db: TestDatabase | undefined;
  const clouds: TestCloud[] = [];
  const dirs: Array<ReturnType<typeof tempDir>> = [];

  afterEach(async () => {
    for (const c of clouds.splice(0).reverse()) await c.close();
    await db?.drop();
    db = undefined;
    for (const d of dirs.splice(0)) d.remove();
  });

  /** Two instances on a fresh database, on the same keys and the same clock. */
  async function twoInstances(keys: Partial<Pick<TestCloud['keyOptions'], 'masterKey'>> = {}): Promise<[TestCloud, TestCloud]> {
    db = await createTestDatabase('rotation');
    dirs.push(tempDir('rot-a'), tempDir('rot-b'));
    const a = await startTestCloud({ dataDir: dirs[0]!.dir, databaseUrl: db.url, ...keys });
    clouds.push(a);
    const b = await startTestCloud({ dataDir: dirs[1]!.dir, databaseUrl: db.url, ...a.keyOptions, clock: a.clock });
    clouds.push(b);
    return [a, b];
  }

  it('retire waits until every running instance seals under the new version', async () => {
    const [a, b] = await twoInstances();
    const e = await enrol(b);
    const old = a.keys.current();
    const next = await a.keys.rotate();
    expect(await a.keys.rewrap()).toBeGreaterThan(0);
    // Nothing is left under `old`, but B has not re-read the version yet: it would seal the next key under it.
    await expect(a.keys.retire(old)).rejects.toThrow(RetireRefused);
    await until('B switches to the new version', () => b.keys.current() === next);
    // Once B reports the switch, requests it began before may still be writing under `old` for a while.
    const why = (): Promise<string> =>
      a.keys.retire(old).then(
        () => 'retired',
        (err: Error) => err.message,
      );
    await until('B reports the switch', async () => /less than/.test(await why()));
    a.clock.advance(KEY_REFRESH_MS);
    await a.keys.retire(old);
    // Every instance keeps working on both old and new credentials.
    const f = await enrol(b);
    for (const c of [a, b]) for (const x of [e, f]) expect((await signOnce(c, x, `after retire ${c.url}`)).status).toBe(200);
  }, 60_000);

  it('an instance on development keys opens and seals under a version another instance made', async () => {
    const [a, b] = await twoInstances({ masterKey: randomBytes(32) });
    expect(b.keys.kind).toBe('file');
    const e = await enrol(a);
    const next = await a.keys.rotate();
    await a.keys.rewrap();
    await until('B switches to the new version', () => b.keys.current() === next);
    const s = await signOnce(b, e, 'on B after the rotation');
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const f = await enrol(b);
    expect((await signOnce(a, f, 'made on B, signed on A')).status).toBe(200);
  }, 60_000);

  it('retire waits for a request still writing a blob it sealed under the old version, then refuses; a later write is refused', async () => {
    const [a, b] = await twoInstances();
    const e = await enrol(a);
    const writer = new pg.Client({ connectionString: db!.url });
    await writer.connect();
    try {
      // The data key of e's credential as a request sealed it before the rotation.
      const sealedBefore = (await writer.query<{ dk_sealed: Buffer }>('SELECT dk_sealed FROM credentials WHERE id = $1', [e.credentialID])).rows[0]!.dk_sealed;
      const old = a.keys.current();
      const next = await a.keys.rotate();
      await a.keys.rewrap();
      await until('B switches to the new version', () => b.keys.current() === next);
      await until('B reports the switch', async () => /less than/.test(await a.keys.retire(old).then(String, (err: Error) => err.message)));
      a.clock.advance(KEY_REFRESH_MS);
      // That request is slow: it writes its blob only now, in a transaction still open when retire starts.
      await writer.query('BEGIN');
      await writer.query('UPDATE credentials SET dk_sealed = $1 WHERE id = $2', [sealedBefore, e.credentialID]);
      let outcome: string | undefined;
      const retiring = a.keys.retire(old).then(
        () => (outcome = 'retired'),
        (err: Error) => (outcome = err.message),
      );
      const waiting = async (): Promise<boolean> =>
        (await writer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0]!.n > 0;
      await until('retire waits for the open write, or ends', async () => outcome !== undefined || (await waiting()));
      await writer.query('COMMIT');
      await retiring;
      expect(outcome).toMatch(/1 blob\(s\) are still under version/);
      // The key was kept: the credential still opens and signs, on both instances.
      for (const c of [a, b]) expect((await signOnce(c, e, `after the refused retire ${c.url}`)).status).toBe(200);
      // Re-wrapped, the version retires; a write under it after that fails and leaves the row as it was.
      expect(await a.keys.rewrap()).toBe(1);
      await a.keys.retire(old);
      await expect(writer.query('UPDATE credentials SET dk_sealed = $1 WHERE id = $2', [sealedBefore, e.credentialID])).rejects.toThrow(/retired/);
      for (const c of [a, b]) expect((await signOnce(c, e, `after the retire ${c.url}`)).status).toBe(200);
    } finally {
      await writer.end();
    }
  }, 60_000);

  it('a re-wrap ends when the current version changes while it runs', async () => {
    const [a] = await twoInstances();
    const people = 150;
    for (let i = 0; i < people; i++) await registration(a, person());
    const blobs = people + (a.keys.kind === 'file' ? 2 : 0); // each person's IDN (+ the sealed CA keys of development keys)
    const v2 = await a.keys.rotate();
    const peek = new pg.Client({ connectionString: db!.url });
    await peek.connect();
    try {
      const rewrap = a.keys.rewrap();
      // Rotate again once the re-wrap has moved some rows to v2 (as when another instance rotates and this one re-reads).
      await until('the re-wrap has begun', async () => {
        const r = await peek.query<{ n: number }>('SELECT count(*)::int AS n FROM persons WHERE substring(idn_sealed from 1 for 5) = $1', [wrapHeader(v2)]);
        return r.rows[0]!.n > 0;
      });
      await a.keys.rotate();
      const n = await rewrap;
      expect(n).toBeGreaterThan(blobs); // rows moved to v2 before the second rotation were moved again
      expect(n).toBeLessThanOrEqual(2 * blobs);
      expect(await a.keys.rewrap()).toBe(0);
    } finally {
      await peek.end();
    }
  }, 60_000);
});
