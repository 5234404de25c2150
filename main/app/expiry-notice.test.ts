import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { startBackground, type AppContext } from './context.js';
import { testApp, type TestApp } from './context.test-util.js';
import { remindOfExpiry } from './expiry-notice.js';
import { DriveWatcher, type Drive } from '../stores/drives/index.js';

let app: TestApp;
let now: Date;
let ctx: AppContext;

beforeEach(() => {
  now = new Date('2020-03-10T09:00:00+09:00'); // the fixture expires 2020-03-25: in the renewal window
  app = testApp('dojang-notice-', { host: 'electron', now: () => now });
  ctx = app.ctx;
  mkdirSync(ctx.dataDir);
});
afterEach(() => app.remove());

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

  it('waits for the drives: a certificate only on a USB stick is not missed (the login start on Windows)', async () => {
    let answer!: (drives: Drive[]) => void;
    const drives = new DriveWatcher({ list: () => new Promise<Drive[]>((resolve) => (answer = resolve)), intervalMs: 60_000 });
    const withDrives = testApp('dojang-notice-drives-', { host: 'electron', now: () => now, drives });
    try {
      mkdirSync(withDrives.ctx.dataDir);
      const stick = path.join(withDrives.base, 'stick');
      mkdirSync(stick);
      renameSync(path.join(withDrives.home, 'NPKI'), path.join(stick, 'NPKI')); // the only copy is on the stick
      void startBackground(withDrives.ctx);
      let asked!: () => void;
      const waiting = new Promise<void>((resolve) => (asked = resolve));
      const known = drives.known.bind(drives);
      drives.known = () => (asked(), known()); // the reminder asks for the drives: it waits there
      const reminded = remindOfExpiry(withDrives.ctx, () => {});
      await Promise.race([waiting, reminded]);
      answer([{ id: stick, mountPoint: stick, label: 'USB', removable: true, fsType: 'vfat', device: '/dev/sdz1' }]);
      expect(await reminded).toBe(true);
    } finally {
      drives.stop();
      withDrives.remove();
    }
  });
});
