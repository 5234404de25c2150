/**
 * Kill -9 in the middle of issue, renew and sign under load, restart, and check that nobody
 * has two active certificates, no acknowledged certificate was lost, no renewal is
 * half-applied and the audit log agrees with the data. Then check the logs hold no secret.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRaKey } from './admin.js';
import { DAY } from './clock.js';
import { openPglite, openPostgres, type Database } from './db/database.js';
import { readOutbox } from './sms.js';
import { describeBackends } from './testing/backends.js';
import { adminKeys, childKeys } from './testing/softhsm.js';
import { startChild, stop } from './testing/child-process.js';
import { call, person, PIN, sha256b64, tempDir, type Person } from './testing/harness.js';

interface Holder {
  person: Person;
  token: string;
  /** Credential ids the service acknowledged (201), in order. */
  acknowledged: string[];
}

describeBackends('crash safety (SIGKILL under load)', (backend) => {
  let tmp: ReturnType<typeof tempDir>;
  let databaseUrl: string | undefined;
  let drop: () => Promise<void>;
  const keys = childKeys();
  const cfg = (offsetMs: number, k = keys) => ({ dataDir: tmp.dir, ...(databaseUrl ? { databaseUrl } : {}), ...k, offsetMs });
  const holders: Holder[] = [];
  let raKey: string;
  const logs: string[] = [];
  const authCodes: string[] = [];

  beforeAll(async () => {
    tmp = tempDir('faults');
    const db = await backend.database('faults');
    drop = db.drop;
    databaseUrl = db.databaseUrl;
  });
  afterAll(async () => {
    await drop?.();
    tmp?.remove();
  });

  const register = async (url: string, p: Person): Promise<{ refNum: string; authCode: string }> => {
    const r = await call(url, 'POST', '/v1/ra/registrations', p, raKey);
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    authCodes.push(r.body.authCode);
    return { refNum: r.body.refNum, authCode: r.body.authCode };
  };

  it('enrols people (RA key made by the admin function, before the server runs)', async () => {
    raKey = (await createRaKey({ dataDir: tmp.dir, ...(databaseUrl ? { databaseUrl } : {}), ...adminKeys(keys) }, 'Crash Bank')).key;
    const child = await startChild(cfg(0));
    try {
      for (let i = 0; i < 6; i++) {
        const p = person();
        const r = await call(child.url, 'POST', '/v1/issue', { ...(await register(child.url, p)), PIN, device: { name: 'phone' } });
        expect(r.status).toBe(201);
        holders.push({ person: p, token: r.body.device.token, acknowledged: [r.body.credentialID] });
      }
      // One SMS, so the logs below include the dev sender's line.
      const p = holders[0]!.person;
      expect((await call(child.url, 'POST', '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate })).status).toBe(200);
    } finally {
      await stop(child, 'SIGTERM');
      logs.push(child.output());
    }
  }, 120_000);

  it('survives SIGKILL during issue, renew and sign; restarts consistent', async () => {
    // Restart 20 days before expiry: every certificate is due for renewal.
    const offset = 3 * 365 * DAY - 20 * DAY;
    const child = await startChild(cfg(offset));
    const inFlight = { issue: 0, renew: 0, sign: 0 };
    const done = { issue: 0, renew: 0, sign: 0 };
    let killed = false;
    const track = async <T>(kind: keyof typeof inFlight, f: () => Promise<T>): Promise<T | null> => {
      inFlight[kind]++;
      try {
        const r = await f();
        done[kind]++;
        return r;
      } catch {
        return null; // the connection died with the process
      } finally {
        inFlight[kind]--;
      }
    };
    const current = (h: Holder): string => h.acknowledged[h.acknowledged.length - 1]!;
    const worker = async (n: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const h = holders[(n + i) % holders.length]!;
        const kind = (['issue', 'renew', 'sign'] as const)[(n + i) % 3]!;
        if (kind === 'issue') {
          const r = await track('issue', async () => call(child.url, 'POST', '/v1/issue', { ...(await register(child.url, h.person)), PIN }));
          if (r?.status === 201) h.acknowledged.push(r.body.credentialID);
        } else if (kind === 'renew') {
          const r = await track('renew', () => call(child.url, 'POST', '/v1/credentials/renew', { credentialID: current(h), PIN }, h.token));
          if (r?.status === 201) h.acknowledged.push(r.body.credentialID);
        } else {
          await track('sign', async () => {
            const hash = sha256b64(`doc ${n} ${i}`);
            const a = await call(child.url, 'POST', '/v1/credentials/authorize', { credentialID: current(h), hash: [hash], PIN }, h.token);
            if (a.status !== 200) return a;
            return call(child.url, 'POST', '/v1/signatures/signHash', { credentialID: current(h), SAD: a.body.SAD, hash: [hash] }, h.token);
          });
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, n) => worker(n));
    // Kill once some requests were answered (state, not time: the machine may be slow) and all three kinds are in flight at once.
    const started = Date.now();
    const answered = (): number => done.issue + done.renew + done.sign;
    while (!(answered() >= 3 && inFlight.issue > 0 && inFlight.renew > 0 && inFlight.sign > 0) && Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const atKill = { inFlight: { ...inFlight }, done: { ...done }, afterMs: Date.now() - started };
    expect(inFlight.issue + inFlight.renew + inFlight.sign).toBeGreaterThan(0);
    await stop(child, 'SIGKILL');
    killed = true;
    await Promise.all(workers);
    logs.push(child.output());
    expect(done.issue + done.renew + done.sign).toBeGreaterThan(0);

    // Restart on the same data.
    const again = await startChild(cfg(offset));
    try {
      for (const h of holders) {
        const list = await call(again.url, 'POST', '/v1/credentials/list', {}, h.token);
        expect(list.body.credentialIDs).toHaveLength(1);
        for (const id of h.acknowledged) {
          const info = await call(again.url, 'POST', '/v1/credentials/info', { credentialID: id }, h.token);
          expect(info.status, `acknowledged credential ${id} lost`).toBe(200);
          expect(info.body.cert.status).toBe(id === list.body.credentialIDs[0] ? 'valid' : 'revoked');
        }
        const active = list.body.credentialIDs[0] as string;
        const hash = sha256b64('after restart');
        const a = await call(again.url, 'POST', '/v1/credentials/authorize', { credentialID: active, hash: [hash], PIN }, h.token);
        expect(a.status, JSON.stringify(a.body)).toBe(200);
        expect((await call(again.url, 'POST', '/v1/signatures/signHash', { credentialID: active, SAD: a.body.SAD, hash: [hash] }, h.token)).status).toBe(200);
      }
    } finally {
      await stop(again, 'SIGTERM');
      logs.push(again.output());
    }

    // The database itself, with the service stopped.
    const db: Database = databaseUrl ? await openPostgres(databaseUrl, { maxConnections: 1 }) : await openPglite(path.join(tmp.dir, 'pglite'));
    try {
      const q = async (sql: string) => db.query(sql);
      expect(await q(`SELECT person_id FROM credentials WHERE status = 'active' GROUP BY person_id HAVING count(*) > 1`)).toEqual([]);
      expect(await q(`SELECT id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM credentials c WHERE c.person_id = p.id AND c.status = 'active')`)).toEqual([]);
      // No half-applied renewal or reissue: every superseded certificate has exactly one successor, and every successor's predecessor is revoked.
      expect(await q(`SELECT id FROM credentials c WHERE revocation_reason = 4 AND (SELECT count(*) FROM credentials n WHERE n.replaces = c.id) <> 1`)).toEqual([]);
      expect(await q(`SELECT n.id FROM credentials n JOIN credentials o ON o.id = n.replaces WHERE o.status <> 'revoked'`)).toEqual([]);
      // Audit: one creation entry per credential, one revoke entry per revoked credential, one sign entry per spent SAD.
      expect(
        await q(`SELECT id FROM credentials c WHERE (SELECT count(*) FROM audit_log a WHERE a.credential_id = c.id AND a.outcome = 'ok'
                  AND a.event IN ('issue', 'renew', 'reissue', 'unlock')) <> 1`),
      ).toEqual([]);
      expect(
        await q(
          `SELECT id FROM credentials c WHERE status = 'revoked' AND (SELECT count(*) FROM audit_log a WHERE a.credential_id = c.id AND a.event = 'revoke' AND a.outcome = 'ok') <> 1`,
        ),
      ).toEqual([]);
      expect(
        await q(`SELECT a.id FROM audit_log a WHERE a.event = 'revoke' AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.id = a.credential_id AND c.status = 'revoked')`),
      ).toEqual([]);
      expect(
        await q(`SELECT token_hash FROM sads s WHERE used_at IS NOT NULL AND (SELECT count(*) FROM audit_log a WHERE a.event = 'sign' AND a.outcome = 'ok'
                  AND a.detail->>'sad' = left(s.token_hash, 16)) <> 1`),
      ).toEqual([]);
      const [{ n }] = (await q(`SELECT count(*)::int AS n FROM credentials`)) as [{ n: number }];
      expect(n).toBeGreaterThanOrEqual(holders.reduce((s, h) => s + h.acknowledged.length, 0));
      console.info(`crash test [${backend.name}]: at kill ${JSON.stringify(atKill)}, ${n} credentials after restart`);
    } finally {
      await db.close();
    }
  }, 180_000);

  it('refuses to start with other keys', async () => {
    await expect(startChild(cfg(0, childKeys()))).rejects.toThrow(/do(es)? not match/);
  }, 60_000);

  it('logged nothing secret', async () => {
    const all = logs.join('\n');
    expect(all).toContain('dojang cloud ready');
    expect(all).not.toContain(PIN);
    expect(all).not.toMatch(/dt_[A-Za-z0-9_-]{20}|sad_[A-Za-z0-9_-]{20}|rak_/);
    for (const h of holders) expect(all).not.toContain(h.person.idn);
    for (const c of authCodes) expect(all).not.toContain(c);
    for (const m of await readOutbox(tmp.dir)) expect(all).not.toContain(`"${m.code}"`);
    expect(all).toContain('sms written to dev outbox');
  });
});
