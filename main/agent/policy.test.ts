/** The agent's small rules on their own: which origins may ask, the per-origin budget, the bounded audit log. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkOrigin } from './origin.js';
import { OriginRateLimiter } from './rate-limit.js';
import { AgentAuditLog } from './audit.js';

describe('checkOrigin', () => {
  it('takes a bare https origin as reported, and only that', () => {
    expect(checkOrigin('https://bank.example', false)).toEqual({ origin: 'https://bank.example', unicode: null });
    expect(checkOrigin('https://bank.example:8443', false)).toEqual({ origin: 'https://bank.example:8443', unicode: null });
    for (const bad of [
      'https://bank.example/',
      'https://bank.example:443',
      'https://Bank.example',
      'https://a@bank.example',
      'https://bank.example?x',
      'ftp://bank.example',
      'chrome-extension://abc',
      'data:,x',
      '',
      'bank.example',
    ]) {
      expect(checkOrigin(bad, true), bad).toBeNull();
    }
  });

  it('takes loopback http only with the development setting, and no other http', () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:8080']) {
      expect(checkOrigin(origin, false), origin).toBeNull();
      expect(checkOrigin(origin, true)?.origin, origin).toBe(origin);
    }
    expect(checkOrigin('http://127.0.0.2:8080', true)).toBeNull();
    expect(checkOrigin('http://localhost.bank.example', true)).toBeNull();
  });

  it('keeps punycode and gives the Unicode form beside it (punycode from the Python idna codec)', () => {
    expect(checkOrigin('https://xn--3e0b39yhpi7lo.example', false)).toEqual({ origin: 'https://xn--3e0b39yhpi7lo.example', unicode: 'https://국민은행.example' });
  });
});

describe('OriginRateLimiter', () => {
  it('lets a burst through, then one per interval, per origin', () => {
    const limiter = new OriginRateLimiter({ burst: 3, intervalMs: 1000 });
    const taken = Array.from({ length: 10 }, () => limiter.take('https://a.example', 0));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(limiter.take('https://b.example', 0)).toBe(true);
    expect(limiter.take('https://a.example', 999)).toBe(false);
    expect(limiter.take('https://a.example', 1000)).toBe(true);
    expect(limiter.take('https://a.example', 1000)).toBe(false);
    expect([1, 2, 3, 4].map(() => limiter.take('https://a.example', 10_000)).filter(Boolean)).toHaveLength(3);
  });

  it('forgets the oldest origin when the table is full', () => {
    const limiter = new OriginRateLimiter({ burst: 1, intervalMs: 1000, maxOrigins: 2 });
    for (const o of ['a', 'b', 'c']) expect(limiter.take(o, 0)).toBe(true);
    expect(limiter.take('c', 0)).toBe(false);
    expect(limiter.take('a', 0)).toBe(true); // forgotten: a full burst again
  });
});

describe('AgentAuditLog', () => {
  it('appends JSON lines, rotates past its size into one older file, and reads newest first', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-audit-'));
    try {
      const log = new AgentAuditLog(dir, 2000);
      const entry = (n: number) => ({
        time: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}Z`,
        origin: `https://s${n}.example`,
        method: 'sign' as const,
        signType: null,
        format: null,
        items: [],
        certificate: null,
        outcome: 'signed',
      });
      for (let n = 0; n < 60; n++) await log.append(entry(n));
      expect(readdirSync(path.join(dir, 'agent')).sort()).toEqual(['audit.1.jsonl', 'audit.jsonl']);
      for (const f of readdirSync(path.join(dir, 'agent'))) expect(readFileSync(path.join(dir, 'agent', f)).length).toBeLessThanOrEqual(2000);
      const read = await log.read(5);
      expect(read.map((e) => e.origin)).toEqual([59, 58, 57, 56, 55].map((n) => `https://s${n}.example`));
      expect((await log.read(1000)).length).toBeLessThan(60);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
