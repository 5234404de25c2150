import { describe, expect, it } from 'vitest';
import { RequestLimiter } from './limits.js';
import { isRelayableOrigin } from './origins.js';

describe('the extension’s limits', () => {
  it('lets one request per tab and origin through; a flood gets BUSY, then RATE_LIMITED', () => {
    let now = 0;
    const limiter = new RequestLimiter(20, () => now);
    const verdicts = Array.from({ length: 100 }, () => limiter.admit(1, 'https://a.example').verdict);
    expect(verdicts.filter((v) => v === 'go')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'BUSY')).toHaveLength(19);
    expect(verdicts.filter((v) => v === 'RATE_LIMITED')).toHaveLength(80);
    // Another origin has its own budget; a minute later the flood's is back.
    expect(limiter.admit(1, 'https://b.example').verdict).toBe('go');
    now += 60_000;
    expect(limiter.admit(2, 'https://a.example').verdict).toBe('go');
  });

  it('frees the tab when its request ends', () => {
    const limiter = new RequestLimiter();
    const first = limiter.admit(1, 'https://a.example');
    expect(limiter.admit(1, 'https://a.example').verdict).toBe('BUSY');
    first.release();
    expect(limiter.admit(1, 'https://a.example').verdict).toBe('go');
  });

  it('relays for https and loopback http origins only', () => {
    expect(isRelayableOrigin('https://bank.example')).toBe(true);
    expect(isRelayableOrigin('https://xn--9n2bp8q.kr')).toBe(true);
    expect(isRelayableOrigin('http://localhost:8080')).toBe(true);
    expect(isRelayableOrigin('http://127.0.0.1:3000')).toBe(true);
    expect(isRelayableOrigin('http://bank.example')).toBe(false);
    expect(isRelayableOrigin('null')).toBe(false);
    expect(isRelayableOrigin('https://bank.example/path')).toBe(false);
    expect(isRelayableOrigin('file://')).toBe(false);
  });
});
