import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../../../fixtures/environment.js';
import { createTestDatabase, pgSkipReason } from '../testing/pg.js';
import { openPglite, openPostgres, type Database } from './database.js';

// Named (prepared) statements on PGlite: the same rows as the plain path, and the same locking.
describe('PGlite prepared statements', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-db-test-'));
    db = await openPglite(path.join(dir, 'pglite'));
    await db.exec(`CREATE TABLE t (id uuid PRIMARY KEY, blob bytea, at timestamptz, tags text[], n bigint);
      INSERT INTO t VALUES ('0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a', '\\x00ff10', '2026-01-02T03:04:05Z', '{a,b}', 9007199254740991)`);
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const SQL = 'SELECT id, blob, at, tags, n, $2::text[] @> tags AS covered FROM t WHERE id = $1 AND at < $3';
  const params = ['0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a', ['a', 'b', 'c'], new Date('2027-01-01T00:00:00Z')];

  it('gives the rows the plain path gives, with the same types, on every call', async () => {
    const plain = await db.query(SQL, params);
    expect(plain).toHaveLength(1);
    expect(plain[0]!.blob).toEqual(Buffer.from([0, 0xff, 0x10]));
    for (let i = 0; i < 3; i++) expect(await db.query(SQL, params, 'test-select')).toEqual(plain);
    expect(await db.query(SQL, [params[0], ['a'], params[2]], 'test-select')).toEqual([{ ...plain[0], covered: false }]);
  });

  it('reads and writes bytea as bytes on every path: plain, prepared and in a transaction', async () => {
    const bytes = Buffer.from([0, 1, 0x7f, 0x80, 0xfe, 0xff, 0x5c, 0x78]); // \\x inside, too
    const view = new Uint8Array([9, ...bytes, 9]).subarray(1, 1 + bytes.length); // a view at an offset into a larger buffer
    const sql = 'SELECT $1::bytea AS b, length($1::bytea) AS n, encode($1::bytea, $2) AS hex';
    for (const value of [bytes, view]) {
      for (const [b] of [
        await db.query<{ b: Buffer; n: number; hex: string }>(sql, [value, 'hex']),
        await db.query<{ b: Buffer; n: number; hex: string }>(sql, [value, 'hex'], 'test-bytea'),
        await db.tx((q) => q.query<{ b: Buffer; n: number; hex: string }>(sql, [value, 'hex'])),
      ]) {
        expect(Buffer.isBuffer(b!.b)).toBe(true);
        expect(b).toEqual({ b: bytes, n: bytes.length, hex: bytes.toString('hex') });
      }
    }
    const [empty] = await db.query<{ b: Buffer }>("SELECT '\\x'::bytea AS b");
    expect(empty!.b).toEqual(Buffer.alloc(0));
    await expect(db.query(sql, ['00ff', 'hex'], 'test-bytea')).rejects.toThrow(/bytea parameter/);
  });

  it('plans a named statement once, generically, whatever batch sizes it saw first (no re-planning on every call)', async () => {
    await db.exec('CREATE TABLE batch (id int PRIMARY KEY, v text); INSERT INTO batch SELECT g, g::text FROM generate_series(1, 2000) g; ANALYZE batch');
    const probe = (ids: number[]) => db.query('SELECT b.v FROM unnest($1::int[]) WITH ORDINALITY AS r(id, idx) JOIN batch b ON b.id = r.id', [ids], 'batch-probe');
    // A quiet service: one request per statement; then housekeeping's ANALYZE (it invalidates plans); then load.
    for (let i = 0; i < 10; i++) await probe([i + 1]);
    await db.exec('ANALYZE batch');
    for (let i = 0; i < 10; i++) await probe([i + 1]);
    for (let i = 0; i < 10; i++) expect(await probe([1, 2, 3, 4, 5, 6, 7, 8])).toHaveLength(8);
    const [plans] = await db.query<{ generic_plans: number; custom_plans: number }>("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'batch-probe'");
    expect(plans).toEqual({ generic_plans: 30, custom_plans: 0 });
  });

  it('refuses another text under a name already prepared', async () => {
    await expect(db.query('SELECT 1', [], 'test-select')).rejects.toThrow(/another text/);
  });

  it('reports a database error and keeps working', async () => {
    await expect(db.query('SELECT 1 / $1::int AS q', [0], 'test-div')).rejects.toThrow(/division by zero/);
    expect(await db.query('SELECT 1 / $1::int AS q', [1], 'test-div')).toEqual([{ q: 1 }]);
  });

  it('waits for a transaction in flight instead of running inside it', async () => {
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.tx(async (q) => {
      await q.query("UPDATE t SET tags = '{changed}'");
      await q.query('SELECT 1', [], 'plain-inside-a-transaction'); // the plain path: this transaction holds the locks
      inside();
      await held;
      throw new Error('rolled back');
    });
    await entered;
    // Run inside the open transaction, this would read the uncommitted '{changed}'.
    const read = db.query<{ tags: string[] }>('SELECT tags FROM t', [], 'test-tags');
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    release();
    await expect(tx).rejects.toThrow('rolled back');
    expect((await read)[0]!.tags).toEqual(['a', 'b']);
  });
});

// PGlite is one backend without autovacuum: a deleted row's space is reused only after VACUUM.
describe('PGlite vacuum', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-db-vacuum-'));
    db = await openPglite(path.join(dir, 'pglite'));
    await db.exec('CREATE TABLE churn (h text PRIMARY KEY, at timestamptz NOT NULL, w bytea NOT NULL); CREATE INDEX churn_at ON churn (at)');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // What the SAD table sees all day: rows made, then deleted by the jobs.
  const cycle = async (): Promise<number> => {
    for (let i = 0; i < 500; i++) await db.query("INSERT INTO churn VALUES (md5(random()::text), now(), decode(md5(random()::text), 'hex'))");
    await db.query('DELETE FROM churn');
    const [r] = await db.query<{ bytes: number }>("SELECT pg_relation_size('churn')::int AS bytes");
    return r!.bytes;
  };

  it('grows with every deleted row until vacuumed, then reuses the space', async () => {
    const one = await cycle();
    expect(await cycle()).toBeGreaterThan(one); // nothing reclaimed on its own
    expect(await db.vacuum(['churn'])).toEqual(['churn']);
    const settled = await cycle();
    await db.vacuum(['churn']);
    expect(await cycle()).toBe(settled);
    const [stat] = await db.query<{ last_vacuum: Date | null; last_analyze: Date | null }>("SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = 'churn'");
    expect(stat!.last_vacuum).toBeInstanceOf(Date);
    expect(stat!.last_analyze).toBeInstanceOf(Date);
  });

  it('takes table names only', async () => {
    await expect(db.vacuum(['churn; DROP TABLE churn'])).rejects.toThrow(/not a table name/);
  });
});

const pgReason = skipReason('postgresql', pgSkipReason());

// Instances say they are alive with a session advisory lock; PIN checks and key retirement read them back.
describe.skipIf(pgReason)(`PostgreSQL instance presence${pgReason ? ` (skipped: ${pgReason})` : ''}`, () => {
  it("lists the instances on its own database only: another database on the server is another deployment's", async () => {
    const [x, y] = await Promise.all([createTestDatabase('presence_x'), createTestDatabase('presence_y')]);
    const open: Database[] = [];
    try {
      for (const url of [x.url, x.url, y.url]) open.push(await openPostgres(url, { maxConnections: 1 }));
      const [a1, a2, b] = open as [Database, Database, Database];
      const byNumber = (p: number, q: number): number => p - q;
      expect((await a1.liveInstances(a1)).sort(byNumber)).toEqual([a1.instanceId, a2.instanceId].sort(byNumber));
      expect(await b.liveInstances(b)).toEqual([b.instanceId]);
    } finally {
      for (const d of open) await d.close();
      await Promise.all([x.drop(), y.drop()]);
    }
  });
});
