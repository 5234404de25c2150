import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPrivateKey } from '../npki/keyfile.js';
import { needs } from '../../fixtures/environment.js';
import { KICA_PASSWORD } from '../../fixtures/paths.js';
import { certFactory, KICA_DIR, tempDir, writeCertFolder, YESSIGN_DIR, YESSIGN_DN, YESSIGN_PASSWORD, yessignFiles } from './cert-factory.test-util.js';
import { buildTargetIndex, cleanupTemp, copyCertificate, copyCertificates, moveCertificate } from './copy.js';
import { openToOthers, sharedTempDir, unprivilegedRunner } from './as-user.test-util.js';
import { mountTmpfs, remount, unmount } from './mount.test-util.js';
import { RecoveryArea } from './recovery.js';
import { folderStore } from './roots.js';
import { scanStores } from './scan.js';
import { sha256 } from './tree.js';

let base: string;
let n = 0;
const factory = certFactory();
const mounts: string[] = [];

beforeAll(async () => {
  base = await tempDir('dojang-copy-');
});
afterAll(async () => {
  for (const m of mounts) unmount(m);
  await fs.rm(base, { recursive: true, force: true });
});

/** A fresh case folder with a source store holding the yessign folder, an empty target store and a data dir. */
async function setup(files?: Record<string, Buffer | string>) {
  const dir = path.join(base, `case${n++}`);
  const srcRoot = path.join(dir, 'home', 'NPKI');
  const dstRoot = path.join(dir, 'usb', 'NPKI');
  await fs.mkdir(path.dirname(dstRoot), { recursive: true });
  const src = await writeCertFolder(srcRoot, 'yessign', YESSIGN_DN, files ?? (await yessignFiles()));
  const trash = new RecoveryArea(path.join(dir, 'data'));
  return { dir, srcRoot, dstRoot, src, trash };
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort()) out[name] = sha256(await fs.readFile(path.join(dir, name)));
  return out;
}

async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, rel: string) {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
    }
  }
  await walk(dir, '');
  return out.sort();
}

describe('copyCertificate', () => {
  it('copies the whole folder byte for byte, owner-only, with nothing else left at the target', async () => {
    const { src, dstRoot } = await setup();
    const before = await snapshot(src);
    const r = await copyCertificate(src, dstRoot);
    expect(r).toEqual({ path: path.join(dstRoot, 'yessign', 'USER', YESSIGN_DN), replaced: [] });
    expect(await snapshot(r.path)).toEqual(before);
    expect(await snapshot(src)).toEqual(before);
    expect((await fs.stat(path.join(r.path, 'signPri.key'))).mode & 0o777).toBe(0o600);
    expect(await listAll(dstRoot)).toEqual([
      'yessign',
      'yessign/USER',
      `yessign/USER/${YESSIGN_DN}`,
      ...['kmCert.der', 'kmPri.key', 'signCert.der', 'signPri.key'].map((f) => `yessign/USER/${YESSIGN_DN}/${f}`),
    ]);
    const scan = await scanStores([folderStore(dstRoot)]);
    expect(scan.entries.map((e) => [e.state, e.hasKey, e.hasKm])).toEqual([['ok', true, true]]);
  });

  it('uses the CA and USER folders already at the target whatever their case', async () => {
    const { src, dstRoot } = await setup();
    await fs.mkdir(path.join(dstRoot, 'YESSIGN', 'User'), { recursive: true });
    const r = await copyCertificate(src, dstRoot);
    expect(r.path).toBe(path.join(dstRoot, 'YESSIGN', 'User', YESSIGN_DN));
  });

  it('same certificate at the target: CONFLICT without a choice, keep both, or replace into recovery', async () => {
    const { src, dstRoot, trash } = await setup();
    const first = await copyCertificate(src, dstRoot);
    await expect(copyCertificate(src, dstRoot)).rejects.toMatchObject({
      code: 'CONFLICT',
      detail: { sameCertificate: true, existing: [first.path] },
    });
    const both = await copyCertificate(src, dstRoot, { onConflict: 'keepBoth' });
    expect(both.path).toBe(first.path + ' (2)');
    // replace swaps out both existing copies; each goes to recovery
    await fs.writeFile(path.join(first.path, 'marker.txt'), 'old copy');
    const replaced = await copyCertificate(src, dstRoot, { onConflict: 'replace', trash });
    expect(replaced.path).toBe(first.path);
    expect(replaced.replaced.map((x) => x.path).sort()).toEqual([first.path, both.path].sort());
    expect(await fs.readdir(replaced.path)).not.toContain('marker.txt');
    const rec = await trash.list();
    expect(rec.map((x) => x.originalPath).sort()).toEqual([first.path, both.path].sort());
    // the replaced folder is recoverable with its own content
    const old = rec.find((x) => x.originalPath === first.path)!;
    await fs.rename(replaced.path, replaced.path + '-moved');
    expect(await trash.restore(old.id)).toBe(first.path);
    expect(await fs.readFile(path.join(first.path, 'marker.txt'), 'utf8')).toBe('old copy');
  });

  it('replace without a trash is refused before anything changes', async () => {
    const { src, dstRoot } = await setup();
    await copyCertificate(src, dstRoot);
    await expect(copyCertificate(src, dstRoot, { onConflict: 'replace' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('finds the same certificate under another folder name, and tells a name clash from the same certificate', async () => {
    const { src, dstRoot } = await setup();
    const cert = await fs.readFile(path.join(YESSIGN_DIR, 'signCert.der'));
    const renamed = await writeCertFolder(dstRoot, 'yessign', 'cn=renamed-copy', { 'signCert.der': cert });
    await expect(copyCertificate(src, dstRoot)).rejects.toMatchObject({ detail: { sameCertificate: true, existing: [renamed] } });

    const other = await setup();
    await writeCertFolder(other.dstRoot, 'yessign', YESSIGN_DN, { 'signCert.der': factory.make({ serial: 1, cn: 'newer' }) });
    await expect(copyCertificate(other.src, other.dstRoot)).rejects.toMatchObject({ code: 'CONFLICT', detail: { sameCertificate: false } });
  });

  it('two copies racing to one target: exactly one wins, the other gets CONFLICT', async () => {
    for (let round = 0; round < 10; round++) {
      const { src, dstRoot } = await setup();
      const results = await Promise.allSettled([copyCertificate(src, dstRoot), copyCertificate(src, dstRoot)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected.map((r) => (r.reason as { code: string }).code)).toEqual(['CONFLICT']);
      const user = path.join(dstRoot, 'yessign', 'USER');
      expect(await fs.readdir(user)).toEqual([YESSIGN_DN]);
    }
  });

  it('a bulk index built once serves many copies', async () => {
    const { dir, dstRoot } = await setup();
    const srcRoot = path.join(dir, 'many', 'NPKI');
    const srcs: string[] = [];
    for (let i = 0; i < 5; i++) srcs.push(await writeCertFolder(srcRoot, 'yessign', `cn=${i}`, { 'signCert.der': factory.make({ serial: 10 + i, cn: `m${i}` }) }));
    const index = await buildTargetIndex(dstRoot);
    for (const s of srcs) await copyCertificate(s, dstRoot, { index });
    expect(index.byCopyKey.size).toBe(5);
    await expect(copyCertificate(srcs[0]!, dstRoot, { index })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('copies a damaged certificate folder (no identity) and does not follow links inside it', async () => {
    const { src, dstRoot, dir } = await setup({ 'signCert.der': 'garbage', 'signPri.key': Buffer.from([1, 2, 3]) });
    const secret = path.join(dir, 'secret.txt');
    await fs.writeFile(secret, 'not to be copied');
    await fs.symlink(secret, path.join(src, 'link.txt'));
    const r = await copyCertificate(src, dstRoot);
    expect((await fs.readdir(r.path)).sort()).toEqual(['signCert.der', 'signPri.key']);
  });

  it('refuses a path that is not a certificate folder', async () => {
    const { srcRoot, dstRoot } = await setup();
    await expect(copyCertificate(path.join(srcRoot, 'yessign'), dstRoot)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(copyCertificate(path.join(srcRoot, 'yessign', 'USER', 'missing'), dstRoot)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never writes through a linked CA or USER folder at the target', async () => {
    const { src, dstRoot, dir } = await setup();
    const elsewhere = path.join(dir, 'elsewhere');
    await fs.mkdir(elsewhere);
    await fs.mkdir(path.join(dstRoot, 'yessign'), { recursive: true });
    await fs.symlink(elsewhere, path.join(dstRoot, 'yessign', 'USER'));
    await expect(copyCertificate(src, dstRoot)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('link') });
    expect(await fs.readdir(elsewhere)).toEqual([]);
  });

  it('target drive gone → DRIVE_REMOVED, nothing created', async () => {
    const { src, dir } = await setup();
    const gone = path.join(dir, 'unplugged', 'NPKI');
    await expect(copyCertificate(src, gone)).rejects.toMatchObject({ code: 'DRIVE_REMOVED' });
    await expect(fs.stat(path.dirname(gone))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('cancel before the rename leaves nothing visible at the target', async () => {
    const { src, dstRoot } = await setup();
    const ac = new AbortController();
    const p = copyCertificate(src, dstRoot, { signal: ac.signal, pauseAfterFileMs: 200 });
    // cancel once the temp folder exists, i.e. in the middle of writing
    const user = path.join(dstRoot, 'yessign', 'USER');
    for (;;) {
      const names = await fs.readdir(user).catch(() => [] as string[]);
      if (names.some((x) => x.startsWith('.dojang-tmp-'))) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await fs.readdir(path.join(dstRoot, 'yessign', 'USER'))).toEqual([]);
  });
});

describe('re-encryption on copy', () => {
  it('target key opens with the new password to the same PrivateKeyInfo (randomNum kept); source unchanged', async () => {
    const { src, dstRoot } = await setup(await yessignFiles(false));
    const before = await snapshot(src);
    const r = await copyCertificate(src, dstRoot, { reencrypt: { oldPassword: YESSIGN_PASSWORD, newPassword: 'Dojang#2026!x' } });
    expect(await snapshot(src)).toEqual(before);
    const newKey = await fs.readFile(path.join(r.path, 'signPri.key'));
    expect(newKey.equals(await fs.readFile(path.join(src, 'signPri.key')))).toBe(false);
    const opened = decryptPrivateKey(newKey, 'Dojang#2026!x');
    expect(opened.privateKeyInfo.equals(await fs.readFile(path.join(YESSIGN_DIR, 'signPri.key.decrypted.der')))).toBe(true);
    expect(opened.protection).toMatchObject({ scheme: 'seedCBCWithSHA1', iterations: 2048 });
    expect(() => decryptPrivateKey(newKey, YESSIGN_PASSWORD)).toThrow(expect.objectContaining({ code: 'WRONG_PASSWORD' }));
    expect((await fs.readFile(path.join(r.path, 'signCert.der'))).equals(await fs.readFile(path.join(src, 'signCert.der')))).toBe(true);
  });

  it('re-encrypts the km key too (its own pair)', async () => {
    const files = {
      'signCert.der': await fs.readFile(path.join(KICA_DIR, 'kmCert.der')),
      'kmCert.der': await fs.readFile(path.join(KICA_DIR, 'kmCert.der')),
      'kmPri.key': await fs.readFile(path.join(KICA_DIR, 'kmPri.key')),
    };
    const { src, dstRoot } = await setup(files);
    const r = await copyCertificate(src, dstRoot, { reencrypt: { oldPassword: KICA_PASSWORD, newPassword: 'Dojang#2026!x' } });
    const opened = decryptPrivateKey(await fs.readFile(path.join(r.path, 'kmPri.key')), 'Dojang#2026!x');
    expect(opened.privateKeyInfo.equals(await fs.readFile(path.join(KICA_DIR, 'kmPri.key.decrypted.der')))).toBe(true);
  });

  it('wrong old password or a weak new one: error, and nothing at the target', async () => {
    const { src, dstRoot } = await setup(await yessignFiles(false));
    await expect(copyCertificate(src, dstRoot, { reencrypt: { oldPassword: 'wrong-Pass1!', newPassword: 'Dojang#2026!x' } })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
    await expect(copyCertificate(src, dstRoot, { reencrypt: { oldPassword: YESSIGN_PASSWORD, newPassword: 'short' } })).rejects.toMatchObject({
      code: 'PASSWORD_RULES',
    });
    await expect(fs.stat(dstRoot)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('moveCertificate', () => {
  it('moves: target verified, source into recovery (restorable)', async () => {
    const { src, dstRoot, trash } = await setup();
    const before = await snapshot(src);
    const r = await moveCertificate(src, dstRoot, { trash });
    expect(await snapshot(r.path)).toEqual(before);
    await expect(fs.stat(src)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(r.sourceRecoveryId).toBeTruthy();
    expect(await trash.restore(r.sourceRecoveryId!)).toBe(src);
    expect(await snapshot(src)).toEqual(before);
  });

  it('moving onto itself is a CONFLICT and changes nothing', async () => {
    const { src, srcRoot, trash } = await setup();
    await expect(moveCertificate(src, srcRoot, { trash })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await fs.readdir(path.dirname(src))).toEqual([YESSIGN_DN]);
  });
});

describe('copyCertificates (bulk)', () => {
  it('moves many with progress; cancel leaves each item fully moved or untouched', async () => {
    const { dir, dstRoot, trash } = await setup();
    const srcRoot = path.join(dir, 'bulk', 'NPKI');
    const srcs: string[] = [];
    for (let i = 0; i < 8; i++) {
      srcs.push(await writeCertFolder(srcRoot, 'yessign', `cn=${i}`, { 'signCert.der': factory.make({ serial: 500 + i, cn: `b${i}` }), 'signPri.key': 'k' }));
    }
    const ac = new AbortController();
    const seen: string[] = [];
    const summary = await copyCertificates(srcs, dstRoot, {
      move: true,
      trash,
      concurrency: 2,
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(`${p.status}:${path.basename(p.item)}`);
        if (p.finished === 3) ac.abort();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.failed).toEqual([]);
    expect(summary.done + summary.untouched.length).toBe(8);
    expect(summary.done).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBe(summary.done);
    const user = path.join(dstRoot, 'yessign', 'USER');
    for (const s of srcs) {
      const moved = !summary.untouched.includes(s);
      const atTarget = await fs.stat(path.join(user, path.basename(s))).then(
        () => true,
        () => false,
      );
      const atSource = await fs.stat(s).then(
        () => true,
        () => false,
      );
      expect([atTarget, atSource]).toEqual(moved ? [true, false] : [false, true]);
    }
    expect((await trash.list()).length).toBe(summary.done);
    expect((await fs.readdir(user)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('write failures on real file systems (tmpfs; needs mount permission)', () => {
  it('read-only target → READ_ONLY; source intact', async (ctx) => {
    const { src, dir } = await setup();
    const mp = path.join(dir, 'ro');
    const why = await mountTmpfs(mp, 'size=1m');
    needs(ctx, 'tmpfs', why && `cannot mount tmpfs (${why})`);
    mounts.push(mp);
    await fs.mkdir(path.join(mp, 'NPKI'));
    remount(mp, 'ro');
    const before = await snapshot(src);
    await expect(copyCertificate(src, path.join(mp, 'NPKI'))).rejects.toMatchObject({ code: 'READ_ONLY', message: expect.stringContaining('read-only') });
    expect(await snapshot(src)).toEqual(before);
  });

  it('full target → DISK_FULL; no half-written folder, temp removed', async (ctx) => {
    const { src, dir } = await setup();
    const mp = path.join(dir, 'full');
    const why = await mountTmpfs(mp, 'size=64k');
    needs(ctx, 'tmpfs', why && `cannot mount tmpfs (${why})`);
    mounts.push(mp);
    await fs.mkdir(path.join(mp, 'NPKI', 'yessign', 'USER'), { recursive: true });
    // fill it up, leaving room for about one file
    const filler = await fs.open(path.join(mp, 'filler'), 'w');
    try {
      for (;;) await filler.write(Buffer.alloc(4096));
    } catch (e) {
      expect((e as { code: string }).code).toBe('ENOSPC');
    }
    await filler.close();
    await fs.truncate(path.join(mp, 'filler'), (await fs.stat(path.join(mp, 'filler'))).size - 4096);
    await expect(copyCertificate(src, path.join(mp, 'NPKI'))).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(await fs.readdir(path.join(mp, 'NPKI', 'yessign', 'USER'))).toEqual([]);
  });

  it('move from a read-only drive → READ_ONLY, and the new copy is taken back', async (ctx) => {
    const { dir, trash } = await setup();
    const mp = path.join(dir, 'rosrc');
    const why = await mountTmpfs(mp, 'size=1m');
    needs(ctx, 'tmpfs', why && `cannot mount tmpfs (${why})`);
    mounts.push(mp);
    const src = await writeCertFolder(path.join(mp, 'NPKI'), 'yessign', YESSIGN_DN, await yessignFiles());
    remount(mp, 'ro');
    const dst = path.join(dir, 'dst', 'NPKI');
    await fs.mkdir(path.dirname(dst), { recursive: true });
    await expect(moveCertificate(src, dst, { trash })).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(await fs.readdir(path.join(dst, 'yessign', 'USER'))).toEqual([]);
    expect((await fs.readdir(src)).length).toBe(4);
    expect(await trash.list()).toEqual([]);
  });
});

describe('permissions (as an unprivileged user)', () => {
  it('target folder not writable → PERMISSION_DENIED with a clear message', async (ctx) => {
    const runner = await unprivilegedRunner(path.join(import.meta.dirname, 'copy-cli.test-util.ts'));
    needs(ctx, 'unprivileged-user', 'why' in runner && runner.why);
    if ('why' in runner) return;
    const dir = sharedTempDir('dojang-copy-perm-');
    const dst = path.join(dir, 'locked', 'NPKI');
    try {
      const src = await writeCertFolder(path.join(dir, 'src', 'NPKI'), 'yessign', YESSIGN_DN, await yessignFiles());
      await fs.mkdir(dst, { recursive: true });
      const dataDir = path.join(dir, 'child-data');
      await fs.mkdir(dataDir);
      await openToOthers(dir);
      await fs.chmod(dataDir, 0o777);
      // Nobody but root may write here, its owner included.
      await fs.chmod(dst, 0o555);
      const r = runner.run(['copy', src, dst, dataDir]);
      expect(r.status, `copy child as ${runner.who} failed: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { error?: { code: string; key: string; params: { path: string } } };
      expect(out.error).toMatchObject({ code: 'PERMISSION_DENIED', key: 'fs.noWritePermission', params: { path: expect.stringContaining(path.basename(dst)) } });
      expect(await fs.readdir(dst)).toEqual([]);
    } finally {
      await fs.chmod(dst, 0o755).catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
      runner.dispose();
    }
  });
});

describe('cleanupTemp', () => {
  it('removes temp folders and atomic-write temp files of dead processes, keeps a live one', async () => {
    const { dstRoot, src } = await setup();
    const r = await copyCertificate(src, dstRoot);
    const user = path.dirname(r.path);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await fs.mkdir(path.join(user, `.dojang-tmp-${dead}-aaaa`, 'sub'), { recursive: true });
    await fs.writeFile(path.join(user, `.dojang-tmp-${dead}-aaaa`, 'signCert.der'), 'half');
    await fs.writeFile(path.join(r.path, `.dojang-tmp-${dead}-bbbb`), 'half key');
    await fs.mkdir(path.join(user, `.dojang-tmp-${process.pid}-live`));
    await fs.mkdir(path.join(user, '.dojang-tmp-garbage'));
    const { removed } = await cleanupTemp(dstRoot);
    expect(removed.map((p) => path.basename(p)).sort()).toEqual([`.dojang-tmp-${dead}-aaaa`, `.dojang-tmp-${dead}-bbbb`, '.dojang-tmp-garbage']);
    expect((await fs.readdir(user)).sort()).toEqual([`.dojang-tmp-${process.pid}-live`, YESSIGN_DN]);
    expect((await fs.readdir(r.path)).length).toBe(4);
  });
});
