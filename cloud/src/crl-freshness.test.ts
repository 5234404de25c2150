/**
 * A CRL is current only if it lists exactly the certificates revoked now. The service reissues it
 * after every revocation; if the process dies between a revocation's commit and that reissue, the
 * next start (or the next request for the CRL) must notice — also when another revoked certificate
 * expired meanwhile and the number of entries stayed the same.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { openPglite, openPostgres, type Database } from './db/database.js';
import { revokeActive } from './services/revocation.js';
import { describeBackends } from './testing/backends.js';
import { enrol, startTestCloud, tempDir, type Enrolled, type TestCloud } from './testing/harness.js';

const MINUTE = 60_000;

describeBackends('CRL reissue after a crash', (backend) => {
  let tmp: ReturnType<typeof tempDir>;
  let databaseUrl: string | undefined;
  let drop: () => Promise<void>;
  let cloud: TestCloud | undefined;
  const clock = new ManualClock(Date.now());
  const people: Enrolled[] = [];

  beforeAll(async () => {
    tmp = tempDir('crlf');
    const db = await backend.database('crlf');
    databaseUrl = db.databaseUrl;
    drop = db.drop;
  });
  afterAll(async () => {
    await cloud?.close();
    await drop?.();
    tmp?.remove();
  });

  let keys: TestCloud['keyOptions'] | undefined;
  /** A start on the same folder, database and keys (the first start makes them). */
  const start = async (): Promise<TestCloud> => {
    cloud = await startTestCloud({ dataDir: tmp.dir, clock, ...keys, ...(databaseUrl ? { databaseUrl } : {}) });
    keys = cloud.keyOptions;
    return cloud;
  };
  const stop = async (): Promise<void> => {
    await cloud?.close();
    cloud = undefined;
  };
  /** The database with no service running, as a crashed service left it. */
  const offline = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    const db = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(path.join(tmp.dir, 'pglite'));
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  /** Revoked as the service revokes (its own function, committed), but no CRL reissued after it. */
  const revokeWithoutReissue = (e: Enrolled, credentialId: string): Promise<string> =>
    offline(async (db) => {
      const [person] = await db.query<{ person_id: string }>('SELECT person_id FROM credentials WHERE id = $1', [credentialId]);
      const [r] = await db.tx((q) => revokeActive(q, clock.now(), person!.person_id, 1));
      expect(r?.id).toBe(e.credentialID);
      return r!.serial.toUpperCase();
    });
  /** The serial numbers the served CRL lists, read by OpenSSL. */
  const listed = async (c: TestCloud): Promise<string[]> => {
    const res = await fetch(`${c.url}/v1/crl`);
    const file = path.join(tmp.dir, 'crl.der');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-text']).toString();
    return [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]!);
  };

  it('lists a revocation the last process committed but did not publish, though the count is unchanged', async () => {
    const c = await start();
    people.push(await enrol(c), await enrol(c));
    const [alice, bob] = people as [Enrolled, Enrolled];
    await stop();

    const aliceSerial = await revokeWithoutReissue(alice, alice.credentialID);
    // The next start publishes Alice's revocation (one entry).
    expect(await listed(await start())).toEqual([aliceSerial]);
    await stop();

    // Alice's certificate ends a minute from now; Bob's revocation commits, and the process dies before
    // the reissue. Two minutes later Alice's entry has left the list and Bob's has joined: still one entry.
    await offline((db) => db.query('UPDATE credentials SET not_after = $2 WHERE id = $1', [alice.credentialID, new Date(clock.now().getTime() + MINUTE)]));
    const bobSerial = await revokeWithoutReissue(bob, bob.credentialID);
    clock.advance(2 * MINUTE);
    expect(await listed(await start())).toEqual([bobSerial]);
  });
});
