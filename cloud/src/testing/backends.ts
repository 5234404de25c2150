/**
 * Runs a suite on both databases: PGlite (always) and PostgreSQL (a fresh database on
 * DOJANG_TEST_PG_URL; without it the variant is skipped with the reason printed, and under CI it fails:
 * see fixtures/environment.ts).
 */
import { describe } from 'vitest';
import { skipReason } from '../../../fixtures/environment.js';
import { createTestDatabase, pgSkipReason, type TestDatabase } from './pg.js';

export interface Backend {
  name: 'PGlite' | 'PostgreSQL';
  /** A fresh database for this suite (PostgreSQL), or none (PGlite in the data dir). */
  database(label: string): Promise<{ databaseUrl?: string; drop(): Promise<void> }>;
}

const pglite: Backend = {
  name: 'PGlite',
  database: async () => ({ drop: async () => {} }),
};

const postgres: Backend = {
  name: 'PostgreSQL',
  async database(label) {
    const db: TestDatabase = await createTestDatabase(label);
    return { databaseUrl: db.url, drop: () => db.drop() };
  },
};

export function describeBackends(title: string, fn: (b: Backend) => void): void {
  describe(`${title} [PGlite]`, () => fn(pglite));
  const reason = skipReason('postgresql', pgSkipReason());
  // The reason is in the title: the reporter prints it beside each skipped test.
  if (reason) describe.skip(`${title} [PostgreSQL] (skipped: ${reason})`, () => fn(postgres));
  else describe(`${title} [PostgreSQL]`, () => fn(postgres));
}
