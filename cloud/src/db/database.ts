/**
 * One small interface over the two databases the service runs on: PGlite (embedded, a folder
 * in the data dir) and PostgreSQL (node-postgres pool). Rows come back with bytea as Buffer
 * and bigint as number on both.
 */
import { randomInt } from 'node:crypto';
import { parse, PGlite, protocol, types } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queryable {
  /**
   * One statement with $n parameters. `prepared` names a hot statement: it is parsed once per
   * connection (PostgreSQL: per pooled connection; PGlite: once, then one bind/execute round per call).
   */
  query<T = Row>(sql: string, params?: readonly unknown[], prepared?: string): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one READ COMMITTED transaction; retried on serialization failure or deadlock. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * This process's instance number. Work an instance leaves in the database (a PIN check in
   * flight) is tagged with it, so other instances can tell a live one from a crashed one.
   */
  readonly instanceId: number;
  /** The instances alive now (this one included). */
  liveInstances(q: Queryable): Promise<number[]>;
  /**
   * Reclaims the space of deleted and updated rows and (with `analyze`) refreshes the planner's
   * statistics, one table at a time (requests run in between). PGlite is one backend with no
   * background workers, so no autovacuum: without this, every row ever deleted stays in its file.
   * PostgreSQL's own autovacuum does it there, so this does nothing. Returns the tables vacuumed.
   */
  vacuum(tables: readonly string[], analyze?: boolean): Promise<string[]>;
  close(): Promise<void>;
}

const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 5;

function isRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && RETRYABLE.has(String((e as { code?: unknown }).code));
}

const randomInstanceId = (): number => randomInt(1, 2 ** 31 - 1);

/**
 * Named statements on PGlite. PGlite's own query() sends parse, describe, bind, describe, execute
 * and sync as six calls into the WASM backend and has the statement parsed and planned every
 * time — most of the signing hot path's database cost. A named statement is parsed once (its
 * parameter types read then) and each call is one bind/describe/execute/sync message. It takes
 * both of PGlite's locks as query() does, so it never runs inside someone else's transaction.
 */
function pglitePrepared(db: PGlite): (name: string, sql: string, params: readonly unknown[]) => Promise<Row[]> {
  const S = protocol.serialize;
  const types = new Map<string, { sql: string; oids: number[] }>();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => db._runExclusiveTransaction(() => db._runExclusiveQuery(fn));
  return async (name, sql, params) => {
    let st = types.get(name);
    if (!st) {
      const r = await exclusive(() => db.execProtocol(Buffer.concat([S.parse({ name, text: sql }), S.describe({ type: 'S', name }), S.sync()])));
      st = { sql, oids: parse.parseDescribeStatementResults(r.messages) };
      types.set(name, st);
    }
    if (st.sql !== sql) throw new Error(`prepared statement ${name} was given another text`);
    const values = params.map((v, i) => (v == null ? null : (db.serializers[st.oids[i]!]?.(v) ?? String(v))));
    const msg = Buffer.concat([S.bind({ statement: name, values }), S.describe({ type: 'P' }), S.execute({}), S.sync()]);
    const r = await exclusive(() => db.execProtocol(msg));
    return parse.parseResults(r.messages, db.parsers)[0]?.rows ?? [];
  };
}

/**
 * bytea in and out as hex through Buffer. PGlite's own pair converts one byte at a time (a
 * parseInt per byte on the way out): on the signing hot path, the SAD's key wrap in every row
 * cost ~1% of the service's CPU (perf, 16 clients).
 */
const byteaAsBuffer = {
  parsers: { [types.BYTEA]: (v: string) => Buffer.from(v.slice(2), 'hex') },
  serializers: {
    [types.BYTEA]: (v: unknown) => {
      if (!(v instanceof Uint8Array)) throw new TypeError('bytea parameter must be a Uint8Array');
      return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
    },
  },
};

export async function openPglite(dir: string | undefined): Promise<Database> {
  const db = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), ...byteaAsBuffer });
  // A named statement is planned once, generically. PostgreSQL's default re-plans a statement for each
  // call while the plans made for its first calls looked cheaper than the generic one: after a quiet spell
  // (SAD batches of one, and housekeeping's ANALYZE, which invalidates plans), the signing statement was
  // re-planned on every call for good — 0.7–1.4 ms of PGlite's WebAssembly each, +~220 µs of CPU per
  // signature at 16 clients (docs/decisions.md, stop 25). Unnamed statements are planned on every call
  // either way; without the values their plans are generic too, which the service's key lookups do not mind.
  await db.exec('SET plan_cache_mode = force_generic_plan');
  const prepared = pglitePrepared(db);
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }, top: boolean): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = [], name?: string) {
      // Inside a transaction the locks are held already: prepared statements only at the top level.
      return (name && top ? await prepared(name, sql, params) : (await q.query<Row>(sql, params as unknown[])).rows) as T[];
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(db, true);
  const instanceId = randomInstanceId();
  return {
    kind: 'pglite',
    ...base,
    instanceId,
    // One process per PGlite folder (the data-dir lock): any other instance is a dead one.
    liveInstances: async () => [instanceId],
    async vacuum(tables, analyze = true) {
      for (const t of tables) {
        if (!/^[a-z_]+$/.test(t)) throw new Error(`not a table name: ${t}`);
        await db.exec(`VACUUM ${analyze ? '(ANALYZE) ' : ''}${t}`);
      }
      return [...tables];
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      // PGlite is one connection: transactions are serialized, so none is ever retried.
      return db.transaction((t) => fn(wrap(t, false)));
    },
    close: () => db.close(),
  };
}

const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgres(
  url: string,
  opts: {
    maxConnections?: number;
    /** false: an administration process, which serves no request, is not an instance others wait for (instanceId 0). */
    presence?: boolean;
  } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, types: int8AsNumber });
  // A connection dropped by the server must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = [], prepared?: string) {
      const r = prepared ? await c.query({ name: prepared, text: sql, values: params as unknown[] }) : await c.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = wrap(pool);
  await base.query('SELECT 1');
  const presence = opts.presence === false ? { instanceId: 0, close: async () => {} } : await holdPresence(url);
  return {
    kind: 'postgres',
    ...base,
    instanceId: presence.instanceId,
    vacuum: async () => [],
    async liveInstances(q) {
      // pg_locks shows the whole server: instances of other databases (other deployments, other tests) are not ours.
      const rows = await q.query<{ id: number }>(
        `SELECT objid::bigint AS id FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [PRESENCE_LOCK],
      );
      return rows.map((r) => Number(r.id));
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const r = await fn(wrap(client));
          await client.query('COMMIT');
          return r;
        } catch (e) {
          try {
            await client.query('ROLLBACK');
          } catch (re) {
            broken = re as Error;
          }
          if (isRetryable(e) && attempt < MAX_TX_ATTEMPTS) continue;
          throw e;
        } finally {
          client.release(broken);
        }
      }
    },
    async close() {
      await presence.close();
      await pool.end();
    },
  };
}

/** Advisory-lock namespace whose locks mean "instance N is alive" (pg_advisory_lock(ns, N)). */
const PRESENCE_LOCK = 4_216_100;

/**
 * Holds pg_advisory_lock(PRESENCE_LOCK, id) on a connection of its own for the life of the
 * process. PostgreSQL drops a session lock as soon as the session ends, so a SIGKILLed
 * instance stops looking alive at once, without timeouts. If the connection breaks, it is
 * re-opened and the same id taken again.
 */
async function holdPresence(url: string): Promise<{ instanceId: number; close(): Promise<void> }> {
  let closed = false;
  let client: pg.Client | undefined;
  let instanceId = 0;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => {});
    await c.connect();
    for (;;) {
      const id = instanceId || randomInstanceId();
      const [r] = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [PRESENCE_LOCK, id])).rows;
      if (r!.ok) {
        instanceId = id;
        break;
      }
      if (instanceId) throw new Error('instance id taken');
    }
    client = c;
    c.on('end', () => {
      if (!closed) setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
  };
  await connect();
  return {
    instanceId,
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

/** Postgres unique-violation on a named constraint or index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
  if (err.code !== '23505') return false;
  return constraint === undefined || err.constraint === constraint || String(err.message).includes(constraint);
}
