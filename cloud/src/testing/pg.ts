/**
 * A fresh PostgreSQL database per test file, on the server named by DOJANG_TEST_PG_URL.
 * Without that variable the PostgreSQL variants say why they do not run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.DOJANG_TEST_PG_URL;

export function pgSkipReason(): string | null {
  return PG_URL ? null : 'DOJANG_TEST_PG_URL is not set: the PostgreSQL variant of this test does not run (set it, e.g. postgres://dojang:dojang@127.0.0.1:5432/dojang_test).';
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (!PG_URL) throw new Error(pgSkipReason()!);
  const name = `dojang_t_${label.replace(/\W/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
