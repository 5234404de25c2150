/**
 * A crash must not turn correct PINs into wrong ones (issue 12, item 3): SIGKILL the service
 * process while 100 correct-PIN authorizations are running, 10 times, each restart landing
 * minutes later (past any "stale check" timeout). Afterwards every owner's PIN counter is
 * untouched (one wrong PIN leaves exactly 4 tries) and the correct PIN works.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRaKey } from './admin.js';
import { openPglite, openPostgres, type Database } from './db/database.js';
import { describeBackends } from './testing/backends.js';
import { startChild, stop, type Child } from './testing/child-process.js';
import { call, person, PIN, sha256b64, tempDir } from './testing/harness.js';
import { adminKeys, childKeys } from './testing/softhsm.js';

const OWNERS = 10;
const ROUNDS = 10;
const PER_ROUND = 100;
const CONCURRENCY = 20;
const WRONG = '135792';

interface Owner {
  token: string;
  credentialID: string;
}

describeBackends('PIN checks survive SIGKILL', (backend) => {
  let tmp: ReturnType<typeof tempDir>;
  let databaseUrl: string | undefined;
  let drop: () => Promise<void>;
  const keys = childKeys();
  const owners: Owner[] = [];
  // Each restart is 2 minutes later than the one before: an orphaned check is then "old".
  const cfg = (round: number) => ({ dataDir: tmp.dir, ...(databaseUrl ? { databaseUrl } : {}), ...keys, offsetMs: round * 120_000 });

  beforeAll(async () => {
    tmp = tempDir('pin-crash');
    const db = await backend.database('pincrash');
    drop = db.drop;
    databaseUrl = db.databaseUrl;
  });
  afterAll(async () => {
    await drop?.();
    tmp?.remove();
  });

  const authorize = (c: Child, o: Owner, pin: string, n: number) =>
    call(c.url, 'POST', '/v1/credentials/authorize', { credentialID: o.credentialID, hash: [sha256b64(`doc ${n}`)], PIN: pin }, o.token);

  it('enrols the owners', async () => {
    const raKey = (await createRaKey({ dataDir: tmp.dir, ...(databaseUrl ? { databaseUrl } : {}), ...adminKeys(keys) }, 'PIN Bank')).key;
    const child = await startChild(cfg(0));
    try {
      for (let i = 0; i < OWNERS; i++) {
        const reg = await call(child.url, 'POST', '/v1/ra/registrations', person(), raKey);
        const r = await call(child.url, 'POST', '/v1/issue', { refNum: reg.body.refNum, authCode: reg.body.authCode, PIN, device: { name: 'phone' } });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        owners.push({ token: r.body.device.token, credentialID: r.body.credentialID });
      }
    } finally {
      await stop(child, 'SIGTERM');
    }
  }, 120_000);

  it(`kills the service ${ROUNDS} times during ${PER_ROUND} correct-PIN authorizations`, async () => {
    const killedAt: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const child = await startChild(cfg(round));
      // Kill after a different number of answers each round (10 … 82 of 100), with checks in flight.
      const killAfter = 10 + (round - 1) * 8;
      let answered = 0;
      let next = 0;
      const statuses = new Map<number, number>();
      let reached!: () => void;
      const killPoint = new Promise<void>((r) => (reached = r));
      const worker = async (): Promise<void> => {
        while (next < PER_ROUND) {
          const n = next++;
          try {
            const r = await authorize(child, owners[n % OWNERS]!, PIN, n);
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            expect(r.status, JSON.stringify(r.body)).toBe(200);
          } catch (e) {
            if ((e as Error).name === 'AssertionError') throw e;
            return; // the connection died with the process
          }
          if (++answered === killAfter) reached();
        }
      };
      const load = Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await Promise.race([killPoint, load]);
      await stop(child, 'SIGKILL');
      await load;
      killedAt.push(answered);
      expect(answered).toBeLessThan(PER_ROUND);
    }
    console.info(`pin crash [${backend.name}]: answered before each kill: ${killedAt.join(', ')}`);
  }, 600_000);

  it('leaves every counter untouched and every correct PIN working', async () => {
    const child = await startChild(cfg(ROUNDS + 1));
    try {
      for (const [i, o] of owners.entries()) {
        const wrong = await authorize(child, o, WRONG, i);
        expect(wrong.status).toBe(400);
        expect(wrong.body).toMatchObject({ code: 'PIN_WRONG', triesLeft: 4 });
        const right = await authorize(child, o, PIN, i);
        expect(right.status, JSON.stringify(right.body)).toBe(200);
      }
    } finally {
      await stop(child, 'SIGTERM');
    }
    const db: Database = databaseUrl ? await openPostgres(databaseUrl, { maxConnections: 1 }) : await openPglite(path.join(tmp.dir, 'pglite'));
    try {
      expect(await db.query('SELECT id FROM credentials WHERE pin_fails <> 0 OR locked_at IS NOT NULL')).toEqual([]);
      expect(await db.query("SELECT id FROM audit_log WHERE event = 'lock'")).toEqual([]);
      expect(await db.query('SELECT id FROM pin_attempts')).toEqual([]);
      // Only the one deliberate wrong PIN per owner was ever counted.
      const [{ n }] = (await db.query("SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'PIN_WRONG'")) as [{ n: number }];
      expect(n).toBe(OWNERS);
    } finally {
      await db.close();
    }
  }, 120_000);
});
