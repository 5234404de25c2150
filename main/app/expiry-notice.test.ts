import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type AppContext } from './context.js';
import { silentLogger } from '../core/log.js';
import { FIXTURES } from '../npki/fixtures.test-util.js';
import { remindOfExpiry } from './expiry-notice.js';

let base: string;
let now: Date;
let ctx: AppContext;

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dojang-notice-'));
  const folder = path.join(base, 'home', 'NPKI', 'yessign', 'USER', 'cn=HKD');
  mkdirSync(folder, { recursive: true });
  cpSync(path.join(FIXTURES, 'yessign-test/signCert.der'), path.join(folder, 'signCert.der'));
  now = new Date('2020-03-10T09:00:00+09:00'); // the fixture expires 2020-03-25: in the renewal window
  ctx = createContext({
    host: 'electron',
    version: 't',
    platform: 'linux',
    home: path.join(base, 'home'),
    env: {},
    dataDir: path.join(base, 'data'),
    log: silentLogger,
    openExternal: async () => {},
    emit: () => {},
    drives: null,
    now: () => now,
  });
  mkdirSync(ctx.dataDir);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('expiry reminder', () => {
  it('says which certificate to renew, once a day', async () => {
    const shown: { title: string; body: string }[] = [];
    expect(await remindOfExpiry(ctx, (n) => shown.push(n))).toBe(true);
    expect(shown[0]).toEqual({ title: '갱신할 인증서 1개', body: 'HKD 인증서가 15일 뒤 만료됩니다. 발급기관에서 갱신하세요.' });
    now = new Date('2020-03-10T20:00:00+09:00');
    expect(await remindOfExpiry(ctx, (n) => shown.push(n))).toBe(false);
    now = new Date('2020-03-11T09:00:00+09:00');
    expect(await remindOfExpiry(ctx, (n) => shown.push(n))).toBe(true);
    expect(shown).toHaveLength(2);
  });

  it('stays quiet when turned off, or when nothing is due', async () => {
    await ctx.settings.update({ notifications: false });
    expect(await remindOfExpiry(ctx, () => {})).toBe(false);
    await ctx.settings.update({ notifications: true });
    now = new Date('2020-03-01T09:00:00+09:00'); // 24 days left: due
    expect(await remindOfExpiry(ctx, () => {})).toBe(true);
    now = new Date('2020-06-01T09:00:00+09:00'); // expired: nothing to renew
    expect(await remindOfExpiry(ctx, () => {})).toBe(false);
  });
});
