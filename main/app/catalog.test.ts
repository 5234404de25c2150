/**
 * The catalog over real NPKI folders in a temp HOME: the scan started at launch answers the first
 * list (once, while fresh), and refreshes replace what the catalog holds instead of adding to it.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBackground, type AppContext } from './context.js';
import { testApp, type TestApp } from './context.test-util.js';
import { addYessignCopy } from '../npki/fixtures.test-util.js';
import { EARLY_SCAN_MAX_AGE_MS } from './catalog.js';
import { DriveWatcher, type Drive } from '../stores/drives/index.js';
import type { CertificateList } from '../../preload/types.js';

let app: TestApp;
let home: string;
let ctx: AppContext;

beforeEach(() => {
  app = testApp('dojang-catalog-');
  ({ home, ctx } = app);
});
afterEach(() => {
  vi.useRealTimers();
  app.remove();
});

describe('CertificateCatalog', () => {
  it('answers the first list from the scan started at launch, then scans again', async () => {
    await ctx.catalog.prefetch();
    addYessignCopy(path.join(home, 'NPKI'), 'KICA', 'cn=later'); // after the launch scan
    expect((await ctx.catalog.list()).certificates).toHaveLength(1);
    expect((await ctx.catalog.list()).certificates).toHaveLength(2);
  });

  it('does not answer from the launch scan once the stores changed or it is old', async () => {
    await ctx.catalog.prefetch();
    addYessignCopy(path.join(home, 'NPKI'), 'KICA', 'cn=later');
    ctx.catalog.invalidate(); // a drive came or went, a folder was added
    expect((await ctx.catalog.list()).certificates).toHaveLength(2);

    vi.useFakeTimers({ toFake: ['Date'] });
    await ctx.catalog.prefetch();
    addYessignCopy(path.join(home, 'NPKI'), 'SignKorea', 'cn=later-still');
    vi.setSystemTime(Date.now() + EARLY_SCAN_MAX_AGE_MS + 1);
    expect((await ctx.catalog.list()).certificates).toHaveLength(3);
  });

  it('a list asked for while the drives are still being listed (PowerShell on Windows) comes at once; the stick follows as a drive change', async () => {
    const stick = path.join(app.base, 'stick');
    addYessignCopy(path.join(stick, 'NPKI'));
    let answer!: (drives: Drive[]) => void;
    const listed = new Promise<Drive[]>((resolve) => (answer = resolve));
    const drives = new DriveWatcher({ list: () => listed, intervalMs: 60_000 });
    const events: [string, unknown][] = [];
    const withDrives = testApp('dojang-catalog-drives-', { drives, emit: (event, payload) => events.push([event, payload]) });
    const kinds = (list: CertificateList) => list.certificates.map((c) => c.location.kind).sort();
    try {
      const started = startBackground(withDrives.ctx);
      // The listing is still held: the list must not wait for it (before, this await never ended).
      expect(kinds(await withDrives.ctx.catalog.list())).toEqual(['default']);
      expect(events).toEqual([]);
      answer([{ id: stick, mountPoint: stick, label: 'USB', removable: true, fsType: 'vfat', device: '/dev/sdz1' }]);
      await started;
      // A list went out without the drives, so their first set comes as a change: the renderer lists again.
      const view = { id: stick, label: 'USB', mountPoint: stick };
      expect(events).toEqual([['drivesChanged', { drives: [view], added: [view], removed: [] }]]);
      expect(kinds(await withDrives.ctx.catalog.list())).toEqual(['default', 'drive']);
    } finally {
      drives.stop();
      withDrives.remove();
    }
  });

  it('holds one scan: after many refreshes a certificate has exactly its copies, and lookups see the latest scan', async () => {
    const usb = path.join(app.base, 'usb', 'NPKI');
    addYessignCopy(usb, 'yessign'); // the same certificate on a "USB stick" folder: two copies
    await ctx.settings.update({ folders: [usb] });
    let last = await ctx.catalog.list();
    for (let i = 0; i < 30; i++) last = await ctx.catalog.list();
    expect(last.certificates).toHaveLength(2);
    const entry = await ctx.catalog.get(last.certificates[0]!.id);
    expect(ctx.catalog.copiesOf(entry).map((e) => e.id)).toEqual([last.certificates[1]!.id]);
  });

  it('gives the rows of one store, CA and policy one shared object each (the browser host sends it once)', async () => {
    addYessignCopy(path.join(home, 'NPKI'), 'KICA', 'cn=second');
    const usb = path.join(app.base, 'usb', 'NPKI');
    addYessignCopy(usb, 'yessign');
    await ctx.settings.update({ folders: [usb] });
    const rows = (await ctx.catalog.list()).certificates;
    expect(rows).toHaveLength(3);
    const [a, b, other] = [...rows].sort((x, y) => (x.location.root === usb ? 1 : 0) - (y.location.root === usb ? 1 : 0));
    expect(a!.location).toBe(b!.location);
    expect(other!.location).not.toEqual(a!.location);
    expect(new Set(rows.map((r) => r.ca)).size).toBe(1);
    expect(new Set(rows.map((r) => r.policy)).size).toBe(1);
    expect(a!.ca).toMatchObject({ id: 'yessign', nameKo: '금융결제원' });
  });
});
