import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../../fixtures/environment.js';
import { tempDir, writeCertFolder, YESSIGN_DN, yessignFiles } from './cert-factory.test-util.js';
import { mountTmpfs, remount, unmount } from './mount.test-util.js';
import { deleteCertificate, listRecovery, RecoveryArea, restore, type Trash } from './recovery.js';
import { sha256 } from './tree.js';

let base: string;
let n = 0;
const mounts: string[] = [];
beforeAll(async () => {
  base = await tempDir('dojang-recovery-');
});
afterAll(async () => {
  for (const m of mounts) unmount(m);
  await fs.rm(base, { recursive: true, force: true });
});

async function digest(dir: string): Promise<string[]> {
  return Promise.all((await fs.readdir(dir)).sort().map(async (f) => `${f}:${sha256(await fs.readFile(path.join(dir, f)))}`));
}

async function setup(root?: string) {
  const dir = path.join(base, `case${n++}`);
  const npki = root ?? path.join(dir, 'NPKI');
  const cert = await writeCertFolder(npki, 'yessign', YESSIGN_DN, await yessignFiles());
  const dataDir = path.join(dir, 'data');
  return { dir, npki, cert, dataDir, area: new RecoveryArea(dataDir) };
}

describe('recovery area', () => {
  it('delete moves the folder to recovery with a manifest; list and restore bring it back intact', async () => {
    const { cert, dataDir } = await setup();
    const before = await digest(cert);
    const r = await deleteCertificate(cert, { trash: new RecoveryArea(dataDir) });
    expect(r.restorable).toBe(true);
    await expect(fs.stat(cert)).rejects.toMatchObject({ code: 'ENOENT' });
    const items = await listRecovery(dataDir);
    expect(items).toEqual([{ id: r.id, originalPath: cert, deletedAt: expect.any(String), name: YESSIGN_DN }]);
    const manifest = JSON.parse(await fs.readFile(path.join(dataDir, 'recovery', r.id!, 'manifest.json'), 'utf8'));
    expect(manifest.originalPath).toBe(cert);
    expect(await restore(dataDir, r.id!)).toBe(cert);
    expect(await digest(cert)).toEqual(before);
    expect(await listRecovery(dataDir)).toEqual([]);
    await expect(restore(dataDir, r.id!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('restore: CONFLICT when the place is taken, recreated CA/USER folders when they were removed', async () => {
    const { cert, npki, area } = await setup();
    const { id } = await area.trash(cert);
    await fs.mkdir(cert);
    await fs.writeFile(path.join(cert, 'signCert.der'), 'new');
    await expect(area.restore(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await area.list()).map((x) => x.id)).toEqual([id]);
    await fs.rm(path.join(npki, 'yessign'), { recursive: true });
    expect(await area.restore(id)).toBe(cert);
    expect((await fs.readdir(cert)).length).toBe(4);
  });

  it('restore to an unplugged drive → DRIVE_REMOVED and nothing created on the wrong disk', async () => {
    const { cert, dir, area } = await setup();
    const { id } = await area.trash(cert);
    await fs.rename(path.join(dir, 'NPKI'), path.join(dir, 'NPKI-away'));
    await expect(area.restore(id)).rejects.toMatchObject({ code: 'DRIVE_REMOVED' });
    await expect(fs.stat(path.join(dir, 'NPKI'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects ids that are not ours (no path tricks)', async () => {
    const { area } = await setup();
    for (const bad of ['../x', '..', '20260101T000000000Z-zzzzzzzz', '']) {
      await expect(area.restore(bad)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('deleteCertificate refuses paths that are not certificate folders and uses the injected trash', async () => {
    const { cert, npki } = await setup();
    const calls: string[] = [];
    const fake: Trash = { trash: async (p) => (calls.push(p), { restorable: true }) };
    await expect(deleteCertificate(npki, { trash: fake })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteCertificate(path.join(npki, 'yessign', 'USER'), { trash: fake })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await deleteCertificate(cert, { trash: fake })).toEqual({ restorable: true });
    expect(calls).toEqual([cert]);
  });

  it('cleanup finishes a record whose item made it in and drops one that did not', async () => {
    const { area, dataDir } = await setup();
    const rec = path.join(dataDir, 'recovery');
    const withItem = path.join(rec, '20260101T000000000Z-0000000a.partial');
    const without = path.join(rec, '20260101T000000000Z-0000000b.partial');
    await fs.mkdir(path.join(withItem, 'item'), { recursive: true });
    await fs.writeFile(path.join(withItem, 'manifest.json'), JSON.stringify({ originalPath: '/x/NPKI/a/USER/b', deletedAt: '2026-01-01T00:00:00.000Z', name: 'b' }));
    await fs.mkdir(path.join(without, 'item.tmp'), { recursive: true });
    await area.cleanup();
    expect((await fs.readdir(rec)).sort()).toEqual(['20260101T000000000Z-0000000a']);
    expect((await area.list()).map((x) => x.id)).toEqual(['20260101T000000000Z-0000000a']);
  });
});

describe('recovery across drives (tmpfs; needs mount permission)', () => {
  it('a folder on another drive is copied verified into recovery, then removed; restore copies it back', async (ctx) => {
    const dir = path.join(base, `case${n++}`);
    const mp = path.join(dir, 'usb');
    const why = await mountTmpfs(mp, 'size=1m');
    needs(ctx, 'tmpfs', why && `cannot mount tmpfs (${why})`);
    mounts.push(mp);
    const { cert, area } = await setup(path.join(mp, 'NPKI'));
    const before = await digest(cert);
    const { id } = await area.trash(cert);
    await expect(fs.stat(cert)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await digest(path.join(area.dir, id, 'item'))).toEqual(before);
    expect(await area.restore(id)).toBe(cert);
    expect(await digest(cert)).toEqual(before);
    expect(await fs.readdir(path.dirname(cert))).toEqual([YESSIGN_DN]);
  });

  it('a source on a read-only drive cannot be deleted: READ_ONLY, no record, source intact', async (ctx) => {
    const dir = path.join(base, `case${n++}`);
    const mp = path.join(dir, 'rousb');
    const why = await mountTmpfs(mp, 'size=1m');
    needs(ctx, 'tmpfs', why && `cannot mount tmpfs (${why})`);
    mounts.push(mp);
    const { cert, area } = await setup(path.join(mp, 'NPKI'));
    remount(mp, 'ro');
    await expect(area.trash(cert)).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(await area.list()).toEqual([]);
    expect((await fs.readdir(area.dir)).length).toBe(0);
    expect((await fs.readdir(cert)).length).toBe(4);
  });
});
