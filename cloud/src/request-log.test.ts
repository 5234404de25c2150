/**
 * The service's request log as production writes it (logger on, level info): one line per request,
 * when it ends, with method, path, peer, status and time — and none of the secrets that cross the
 * API (PIN, device token, SAD, RA key, IDN, auth code), whatever the request was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, enrol, PIN, person, startTestCloud, tempDir, type Enrolled, type TestCloud } from './testing/harness.js';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; path: string; remoteAddress: string };
  res?: { statusCode: number };
  responseTime?: number;
}

describe('request log', () => {
  const tmp = tempDir('reqlog');
  const text: string[] = [];
  let cloud: TestCloud;
  let e: Enrolled;
  const lines = (): Line[] =>
    text
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    cloud = await startTestCloud({ dataDir: tmp.dir, logger: { level: 'info', stream: { write: (l: string) => void text.push(l) } } });
    e = await enrol(cloud);
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
    tmp.remove();
  });

  it('writes one line per request, at its end, with status and time and the path without its query', async () => {
    text.length = 0;
    expect((await call(cloud.url, 'GET', '/v1/health')).status).toBe(200);
    expect((await call(cloud.url, 'GET', `/v1/nowhere?token=${e.token}`)).status).toBe(404);
    expect((await call(cloud.url, 'POST', '/v1/signatures/signHash', { credentialID: e.credentialID, SAD: 'sad_x', hash: [] }, e.token)).status).toBe(400);
    const got = lines();
    expect(got.filter((l) => l.msg === 'incoming request')).toEqual([]);
    const done = got.filter((l) => l.msg === 'request completed');
    expect(done.map((l) => [l.req?.method, l.req?.path, l.res?.statusCode])).toEqual([
      ['GET', '/v1/health', 200],
      ['GET', '/v1/nowhere', 404],
      ['POST', '/v1/signatures/signHash', 400],
    ]);
    for (const l of done) {
      expect(l.req?.remoteAddress).toBe('127.0.0.1');
      expect(l.responseTime).toBeGreaterThan(0);
      expect(l.reqId).toBeTruthy();
    }
    expect(new Set(done.map((l) => l.reqId)).size).toBe(3);
  });

  it('keeps every secret of a whole enrolment and signing out of the log', async () => {
    text.length = 0;
    const p = person();
    const ra = (await cloud.createRaKey('Log Bank')).key;
    const r = await call(cloud.url, 'POST', '/v1/ra/registrations', p, ra);
    expect(r.status).toBe(201);
    const reg = { refNum: r.body.refNum as string, authCode: r.body.authCode as string };
    const issued = await call(cloud.url, 'POST', '/v1/issue', { ...reg, PIN, device: { name: 'log test' } });
    expect(issued.status).toBe(201);
    const token = issued.body.device.token as string;
    const hash = Buffer.alloc(32, 7).toString('base64');
    const a = await call(cloud.url, 'POST', '/v1/credentials/authorize', { credentialID: issued.body.credentialID, hash: [hash], PIN }, token);
    expect(a.status).toBe(200);
    const s = await call(cloud.url, 'POST', '/v1/signatures/signHash', { credentialID: issued.body.credentialID, SAD: a.body.SAD, hash: [hash] }, token);
    expect(s.status).toBe(200);
    // The same SAD again: refused, and the refusal is logged without it.
    expect((await call(cloud.url, 'POST', '/v1/signatures/signHash', { credentialID: issued.body.credentialID, SAD: a.body.SAD, hash: [hash] }, token)).body.code).toBe(
      'SAD_REPLAYED',
    );
    // A wrong PIN is logged as a request like any other.
    expect((await call(cloud.url, 'POST', '/v1/credentials/authorize', { credentialID: issued.body.credentialID, hash: [hash], PIN: '135792' }, token)).body.code).toBe(
      'PIN_WRONG',
    );
    const log = text.join('');
    expect(lines().filter((l) => l.msg === 'request completed')).toHaveLength(6);
    for (const secret of [PIN, '135792', ra, token, a.body.SAD as string, reg.authCode, p.idn, p.idn.slice(6), s.body.signatures[0] as string]) {
      expect(log).not.toContain(secret);
    }
  });
});
