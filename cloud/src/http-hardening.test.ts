/**
 * Issue 12, item 5/7 on the cloud: rate limits hold behind a proxy (X-Forwarded-For believed
 * only from the configured proxy addresses), connect/request does not tell whether a person has
 * an account (same answer, same work, similar time), and control characters in any free-text
 * field are refused with 400 naming the field.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SmsMessage, SmsSender } from './sms.js';
import { call, enrol, person, startTestCloud, tempDir, type Enrolled, type TestCloud } from './testing/harness.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are checked field by field
async function post(url: string, p: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('X-Forwarded-For is believed only from the configured proxies', () => {
  const tmp = tempDir('xff');
  const limit = { limit: 5, windowMs: 60_000 };
  let direct: TestCloud;
  let behindProxy: TestCloud;
  beforeAll(async () => {
    // The test client connects from 127.0.0.1: to one cloud it is not a proxy, to the other it is.
    direct = await startTestCloud({ dataDir: `${tmp.dir}/a`, trustProxy: ['10.9.8.7'], limits: { smsPerAddress: limit } });
    behindProxy = await startTestCloud({ dataDir: `${tmp.dir}/b`, trustProxy: ['127.0.0.1'], limits: { smsPerAddress: limit } });
  }, 180_000);
  afterAll(async () => {
    await direct?.close();
    await behindProxy?.close();
    tmp.remove();
  });

  it('limits a non-proxy peer that rotates X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const p = person();
      const r = await post(direct.url, '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate }, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(r.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('takes the client address from a configured proxy (each client its own limit)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const p = person();
      const r = await post(behindProxy.url, '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate }, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    // …while one client behind it is limited like any other.
    const same: number[] = [];
    for (let i = 0; i < 8; i++) {
      const p = person();
      same.push((await post(behindProxy.url, '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate }, { 'x-forwarded-for': '198.51.100.1' })).status);
    }
    expect(same.filter((s) => s === 429)).toHaveLength(3);
  });
});

describe('connect/request does not tell whether a person has an account', () => {
  const tmp = tempDir('enum');
  let cloud: TestCloud;
  let known: Enrolled;
  // As a real gateway does, the message leaves after send() first yields (a network call): the
  // development outbox writes its file before yielding, which only the known person's answer waits for.
  const sent: SmsMessage[] = [];
  const gateway: SmsSender = {
    kind: 'test-gateway',
    async send(m) {
      await nextTurn();
      sent.push(m);
    },
  };
  beforeAll(async () => {
    const relaxed = { limit: 1000, windowMs: 60_000 };
    cloud = await startTestCloud({ dataDir: tmp.dir, sms: gateway, limits: { smsPerPerson: relaxed, smsPerAddress: relaxed } });
    known = await enrol(cloud);
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
    tmp.remove();
  });

  const ask = (p: { name: string; mobile: string; birthDate: string }) => post(cloud.url, '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate });

  it('answers the same shape and status; the unknown challenge behaves like a real one on verify', async () => {
    const stranger = person();
    const [a, b] = [await ask(known.person), await ask(stranger)];
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(Object.keys(b.body).sort()).toEqual(Object.keys(a.body).sort());
    expect(b.body.expiresIn).toBe(a.body.expiresIn);
    expect(b.body.challengeID).toMatch(/^[0-9a-f-]{36}$/);
    // Only the real person got a message.
    await vi.waitFor(() => expect(sent.some((m) => m.challengeId === a.body.challengeID)).toBe(true), { timeout: 20_000 });
    expect(sent.some((m) => m.challengeId === b.body.challengeID)).toBe(false);
    // Verify: wrong-code answers are identical, down to the tries left, then CODE_EXPIRED.
    for (let i = 0; i < 5; i++) {
      const ra = await post(cloud.url, '/v1/connect/verify', { challengeID: a.body.challengeID, code: '000000', deviceName: 'x' });
      const rb = await post(cloud.url, '/v1/connect/verify', { challengeID: b.body.challengeID, code: '000000', deviceName: 'x' });
      const code = sent.find((m) => m.challengeId === a.body.challengeID)!.code;
      if (code === '000000') return; // the real code happened to be 000000: nothing more to compare
      expect(rb).toEqual(ra);
    }
    const ea = await post(cloud.url, '/v1/connect/verify', { challengeID: a.body.challengeID, code: '111111', deviceName: 'x' });
    const eb = await post(cloud.url, '/v1/connect/verify', { challengeID: b.body.challengeID, code: '111111', deviceName: 'x' });
    expect(ea.body.code).toBe('CODE_EXPIRED');
    expect(eb).toEqual(ea);
  });

  it('takes similar time for known and unknown details (same work, SMS not awaited)', async () => {
    const t = { known: [] as number[], unknown: [] as number[] };
    // Interleaved, so load on the machine hits both alike; a fresh stranger each time, the person within their SMS limit.
    for (let i = 0; i < 9; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const p = kind === 'known' ? known.person : person();
        const start = process.hrtime.bigint();
        const r = await ask(p);
        t[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
        expect(r.status).toBe(200);
      }
    }
    const [mk, mu] = [median(t.known), median(t.unknown)];
    console.info(`connect/request median: known ${mk.toFixed(2)} ms, unknown ${mu.toFixed(2)} ms`);
    // Not a speed budget: a relative check that the two paths do the same work (before: 404 at once vs. a DB write + SMS).
    expect(Math.max(mk, mu) / Math.min(mk, mu)).toBeLessThan(2);
  });
});

describe('control characters and malformed text are refused with the field named', () => {
  const tmp = tempDir('text');
  let cloud: TestCloud;
  let e: Enrolled;
  beforeAll(async () => {
    cloud = await startTestCloud({ dataDir: tmp.dir });
    e = await enrol(cloud);
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
    tmp.remove();
  });

  const bad = ['a\u0000b', 'tab\there', 'line\nbreak', 'del\u007f', 'c1\u0085', 'sep\u2028x', 'lone\ud800', 'nonchar\uffff'];

  it.each(bad.map((s) => [JSON.stringify(s), s]))('name %s → 400 naming body.name', async (_label, s) => {
    const r = await post(cloud.url, '/v1/connect/request', { name: s, mobile: e.person.mobile, birthDate: e.person.birthDate });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(r.body.message).toContain('body.name');
  });

  it('device names, RA names and SAD values too; normal Korean and emoji text passes', async () => {
    const v = await post(cloud.url, '/v1/connect/verify', { challengeID: '0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a', code: '123456', deviceName: 'my\u0000phone' });
    expect(v.status).toBe(400);
    expect(v.body.message).toContain('body.deviceName');
    const raKey = (await cloud.createRaKey('Bank')).key;
    const ra = await call(cloud.url, 'POST', '/v1/ra/registrations', { ...person(), name: '홍\u0000길동' }, raKey);
    expect(ra.status).toBe(400);
    expect(ra.body.message).toContain('body.name');
    const sad = await call(
      cloud.url,
      'POST',
      '/v1/signatures/signHash',
      { credentialID: e.credentialID, SAD: 'sad_\u0000', hash: ['n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='] },
      e.token,
    );
    expect(sad.status).toBe(400);
    expect(sad.body.message).toContain('body.SAD');
    const ok = await post(cloud.url, '/v1/connect/request', { name: '홍길동 😀', mobile: '01012345678', birthDate: '19800101' });
    expect(ok.status).toBe(200);
  });
});
