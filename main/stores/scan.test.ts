import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../../fixtures/environment.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { certFactory, tempDir, writeCertFolder, YESSIGN_DN, YESSIGN_DIR, yessignFiles } from './cert-factory.test-util.js';
import { openToOthers, sharedTempDir, unprivilegedRunner } from './as-user.test-util.js';
import { folderStore } from './roots.js';
import { groupCopies, MAX_CERT_FILE_BYTES, resolveUserFolder, scanStores } from './scan.js';
import { readFileCapped, readFileCappedSync } from './safe-fs.js';
import type { CertificateEntry } from './types.js';

const DAMAGED = { key: 'scan.damaged' };
let base: string;
const factory = certFactory();

beforeAll(async () => {
  base = await tempDir();
});
afterAll(async () => {
  await fs.rm(base, { recursive: true, force: true });
});

async function newRoot(name: string): Promise<string> {
  const root = path.join(base, name, 'NPKI');
  await fs.mkdir(root, { recursive: true });
  return root;
}

describe('scanStores', () => {
  it('reads the yessign fixture folder with its keys and identity', async () => {
    const root = await newRoot('basic');
    await writeCertFolder(root, 'yessign', YESSIGN_DN, await yessignFiles());
    const report = await scanStores([folderStore(root)]);
    expect(report.looked).toEqual([{ store: folderStore(root), present: true }]);
    expect(report.skipped).toEqual([]);
    expect(report.entries).toHaveLength(1);
    const e = report.entries[0]!;
    expect(e.state).toBe('ok');
    expect(e.damaged).toBeNull();
    expect(e.hasKey).toBe(true);
    expect(e.hasKm).toBe(true);
    expect(e.caFolder).toBe('yessign');
    expect(e.relPath).toBe(`yessign/USER/${YESSIGN_DN}`);
    expect(e.path).toBe(path.join(root, 'yessign', 'USER', YESSIGN_DN));
    expect(e.cert?.issuer).toContain('yessignCA-Test Class 4');
    const expected = parseCertificate(await fs.readFile(path.join(YESSIGN_DIR, 'signCert.der')));
    expect(e.copyKey).toBe(`${expected.issuer}|${expected.serialHex.toLowerCase()}`);
    // stable id across scans
    const again = await scanStores([folderStore(root)]);
    expect(again.entries[0]!.id).toBe(e.id);
  });

  it('matches CA and USER folders case-insensitively, accepts unknown CA folders, and key-only folders are damaged', async () => {
    const root = await newRoot('case');
    const a = factory.make({ serial: 1, cn: '홍길동()0001' });
    const b = factory.make({ serial: 2, cn: '김철수()0002' });
    await writeCertFolder(root, 'YESSIGN', 'cn=a', { 'SIGNCERT.DER': a });
    await fs.mkdir(path.join(root, 'NewCA', 'User', 'cn=b'), { recursive: true });
    await fs.writeFile(path.join(root, 'NewCA', 'User', 'cn=b', 'signCert.der'), b);
    await writeCertFolder(root, 'KICA', 'cn=keyonly', { 'signPri.key': Buffer.from('x') });
    await writeCertFolder(root, 'KICA', 'cn=empty', {});
    const report = await scanStores([folderStore(root)]);
    const byRel = new Map(report.entries.map((e) => [e.relPath, e]));
    expect([...byRel.keys()].sort()).toEqual(['KICA/USER/cn=keyonly', 'NewCA/User/cn=b', 'YESSIGN/USER/cn=a']);
    expect(byRel.get('YESSIGN/USER/cn=a')!.cert!.holder).toBe('홍길동');
    expect(byRel.get('NewCA/User/cn=b')!.cert!.holder).toBe('김철수');
    const keyOnly = byRel.get('KICA/USER/cn=keyonly')!;
    expect(keyOnly.state).toBe('damaged');
    expect(keyOnly.hasKey).toBe(true);
    expect(keyOnly.damaged).toEqual({ key: 'scan.noCertFile' });
  });

  it('marks not-DER, truncated, empty and huge certificate files damaged and still loads the rest', async () => {
    const root = await newRoot('damaged');
    const good = await fs.readFile(path.join(YESSIGN_DIR, 'signCert.der'));
    await writeCertFolder(root, 'yessign', 'cn=good', { 'signCert.der': good });
    await writeCertFolder(root, 'yessign', 'cn=text', { 'signCert.der': 'hello, not a certificate' });
    await writeCertFolder(root, 'yessign', 'cn=truncated', { 'signCert.der': good.subarray(0, good.length - 40) });
    await writeCertFolder(root, 'yessign', 'cn=empty', { 'signCert.der': Buffer.alloc(0) });
    const hugeDir = await writeCertFolder(root, 'yessign', 'cn=huge', {});
    // 50 MB, sparse: the scanner must take the size-cap path (checked in the states below), not read it whole.
    const fh = await fs.open(path.join(hugeDir, 'signCert.der'), 'w');
    await fh.write(good, 0, good.length, 0);
    await fh.truncate(50 * 1024 * 1024);
    await fh.close();
    const report = await scanStores([folderStore(root)]);
    const states = Object.fromEntries(report.entries.map((e) => [e.relPath.split('/').pop(), [e.state, e.damaged]]));
    expect(states).toEqual({
      'cn=good': ['ok', null],
      'cn=text': ['damaged', DAMAGED],
      'cn=truncated': ['damaged', DAMAGED],
      'cn=empty': ['damaged', DAMAGED],
      'cn=huge': ['damaged', DAMAGED],
    });
    expect(await readFileCapped(path.join(hugeDir, 'signCert.der'), MAX_CERT_FILE_BYTES)).toEqual({
      ok: false,
      why: 'tooLarge',
    });
  });

  it('never follows links out of the root (folder, CA, USER and file links) and reports them', async () => {
    const root = await newRoot('links');
    const outside = path.join(base, 'links', 'outside');
    const outsideCert = await writeCertFolder(outside, 'yessign', 'cn=secret', {
      'signCert.der': factory.make({ serial: 99, cn: 'outside' }),
    });
    await writeCertFolder(root, 'yessign', 'cn=inside', { 'signCert.der': factory.make({ serial: 3, cn: 'inside' }) });
    await fs.symlink(outsideCert, path.join(root, 'yessign', 'USER', 'cn=link-dn'));
    await fs.symlink(path.join(outside, 'yessign'), path.join(root, 'LinkedCA'));
    await fs.mkdir(path.join(root, 'KICA'));
    await fs.symlink(path.join(outside, 'yessign', 'USER'), path.join(root, 'KICA', 'USER'));
    const fileLinkDir = await writeCertFolder(root, 'yessign', 'cn=file-link', {});
    await fs.symlink(path.join(outsideCert, 'signCert.der'), path.join(fileLinkDir, 'signCert.der'));

    const report = await scanStores([folderStore(root)]);
    const holders = report.entries.filter((e) => e.cert).map((e) => e.cert!.holder);
    expect(holders).toEqual(['inside']);
    const fileLink = report.entries.find((e) => e.relPath.endsWith('cn=file-link'))!;
    expect(fileLink.state).toBe('damaged');
    expect(fileLink.cert).toBeNull();
    const skippedPaths = report.skipped.map((s) => path.relative(root, s.path)).sort();
    expect(skippedPaths).toEqual(['KICA/USER', 'LinkedCA', 'yessign/USER/cn=file-link/signCert.der', 'yessign/USER/cn=link-dn'].sort());
    for (const s of report.skipped) expect(s.reason).toEqual({ key: 'scan.symlink' });
    expect(fileLink.damaged).toEqual({ key: 'scan.symlink' });
  });

  it('keeps odd DN folder names (dots, backslash, newline, Korean) inside the root', async () => {
    const root = await newRoot('odd');
    const names = ['cn=..', 'cn=a..b,ou=..\\..', 'cn=줄\n바꿈', '...', 'cn=홍길동()0001234567890123,ou=KMB,ou=personal4IB,o=yessign,c=kr'];
    for (const [i, n] of names.entries()) {
      await writeCertFolder(root, 'yessign', n, { 'signCert.der': factory.make({ serial: 10 + i, cn: `odd${i}` }) });
    }
    await fs.mkdir(path.join(root, 'yessign', 'USER', '.dojang-tmp-1-abc'), { recursive: true });
    await fs.writeFile(path.join(root, 'yessign', 'USER', '.dojang-tmp-1-abc', 'signCert.der'), factory.make({ serial: 50, cn: 'temp' }));
    const report = await scanStores([folderStore(root)]);
    // "..." is a dot-name: hidden like our temp folders
    expect(report.entries.map((e) => e.cert?.holder).sort()).toEqual(['odd0', 'odd1', 'odd2', 'odd4']);
    for (const e of report.entries) {
      expect(path.relative(root, e.path).startsWith('..')).toBe(false);
      expect(e.state).toBe('ok');
    }
  });

  it('reads a file only while the opened file is inside the store: a folder link out of it is refused (both readers)', async () => {
    const root = await newRoot('opened-inside');
    const realRoot = await fs.realpath(root);
    const outside = await writeCertFolder(path.join(base, 'opened-inside', 'elsewhere'), 'yessign', 'cn=secret', { 'signCert.der': factory.make({ serial: 7, cn: 'secret' }) });
    const inside = await writeCertFolder(root, 'yessign', 'cn=mine', { 'signCert.der': factory.make({ serial: 8, cn: 'mine' }) });
    // A folder link in the middle of the path: O_NOFOLLOW (last component only) lets it through, the check must not.
    await fs.symlink(outside, path.join(root, 'yessign', 'USER', 'cn=swapped'));
    const through = path.join(root, 'yessign', 'USER', 'cn=swapped', 'signCert.der');
    expect(readFileCappedSync(through, MAX_CERT_FILE_BYTES, realRoot)).toEqual({ ok: false, why: 'outside' });
    expect(await readFileCapped(through, MAX_CERT_FILE_BYTES, realRoot)).toEqual({ ok: false, why: 'outside' });
    expect(readFileCappedSync(through, MAX_CERT_FILE_BYTES).ok).toBe(true); // without `within`: no such check
    expect(readFileCappedSync(path.join(inside, 'signCert.der'), MAX_CERT_FILE_BYTES, realRoot).ok).toBe(true);
    expect((await readFileCapped(path.join(inside, 'signCert.der'), MAX_CERT_FILE_BYTES, realRoot)).ok).toBe(true);
  });

  it('does not hang on a FIFO named signCert.der', async () => {
    const root = await newRoot('fifo');
    const dir = await writeCertFolder(root, 'yessign', 'cn=fifo', {});
    execFileSync('mkfifo', [path.join(dir, 'signCert.der')]);
    await writeCertFolder(root, 'yessign', 'cn=ok', { 'signCert.der': factory.make({ serial: 4, cn: 'ok' }) });
    const report = await scanStores([folderStore(root)]);
    expect(report.entries.map((e) => [e.relPath.split('/').pop(), e.state])).toEqual([
      ['cn=fifo', 'damaged'],
      ['cn=ok', 'ok'],
    ]);
  });

  it('reports a missing root as not present and a file-as-root as not present', async () => {
    const missing = path.join(base, 'nope', 'NPKI');
    const file = path.join(base, 'file-root');
    await fs.writeFile(file, 'x');
    const report = await scanStores([folderStore(missing), folderStore(file)]);
    expect(report.looked.map((l) => l.present)).toEqual([false, false]);
    expect(report.entries).toEqual([]);
  });

  it('skips folders without permission and reports them (run as an unprivileged user)', async (ctx) => {
    const runner = await unprivilegedRunner(path.join(import.meta.dirname, 'scan-cli.test-util.ts'));
    needs(ctx, 'unprivileged-user', 'why' in runner && runner.why);
    if ('why' in runner) return;
    const data = sharedTempDir('dojang-scan-perm-');
    const root = path.join(data, 'NPKI');
    const closed: string[] = [];
    try {
      await writeCertFolder(root, 'yessign', 'cn=open', { 'signCert.der': factory.make({ serial: 5, cn: 'open' }) });
      const closedDn = await writeCertFolder(root, 'yessign', 'cn=closed', { 'signCert.der': factory.make({ serial: 6, cn: 'closed' }) });
      await writeCertFolder(root, 'KICA', 'cn=x', { 'signCert.der': factory.make({ serial: 7, cn: 'x' }) });
      const unreadableFileDir = await writeCertFolder(root, 'SignKorea', 'cn=file', { 'signCert.der': factory.make({ serial: 8, cn: 'f' }) });
      // Readable by everyone, then three places closed to everyone but root (mode 000 also stops their owner).
      await openToOthers(data);
      closed.push(closedDn, path.join(root, 'KICA'), path.join(unreadableFileDir, 'signCert.der'));
      for (const p of closed) await fs.chmod(p, 0o000);
      const r = runner.run([root]);
      expect(r.status, `scan child as ${runner.who} failed: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as {
        entries: { relPath: string; state: string; damaged: { key: string } | null }[];
        skipped: { path: string; reason: { key: string } }[];
      };
      expect(out.entries.map((e) => [e.relPath, e.state])).toEqual([
        ['SignKorea/USER/cn=file', 'unreadable'],
        ['yessign/USER/cn=open', 'ok'],
      ]);
      expect(out.skipped.map((s) => path.relative(root, s.path)).sort()).toEqual(['KICA', 'yessign/USER/cn=closed']);
      for (const s of out.skipped) expect(s.reason).toEqual({ key: 'scan.folderDenied' });
      expect(out.entries[0]!.damaged).toEqual({ key: 'scan.unreadable' });
    } finally {
      for (const p of closed) await fs.chmod(p, 0o700);
      await fs.rm(data, { recursive: true, force: true });
      runner.dispose();
    }
  });

  it('streams rows through onEntry before the scan resolves and can be cancelled', async () => {
    const root = await newRoot('stream');
    for (let i = 0; i < 40; i++) {
      await writeCertFolder(root, 'yessign', `cn=${i}`, { 'signCert.der': factory.make({ serial: 100 + i, cn: `s${i}` }) });
    }
    const seen: CertificateEntry[] = [];
    const report = await scanStores([folderStore(root)], { onEntry: (e) => seen.push(e) });
    expect(seen).toHaveLength(40);
    expect(new Set(seen.map((e) => e.id))).toEqual(new Set(report.entries.map((e) => e.id)));

    const ac = new AbortController();
    await expect(scanStores([folderStore(root)], { signal: ac.signal, onEntry: () => ac.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('gives rows of a drive pulled mid-scan a DRIVE_REMOVED state without failing other stores', async () => {
    const usb = await newRoot('pulled');
    const home = await newRoot('home');
    for (let i = 0; i < 80; i++) {
      await writeCertFolder(usb, 'yessign', `cn=${i}`, { 'signCert.der': factory.make({ serial: 200 + i, cn: `u${i}` }) });
    }
    await writeCertFolder(home, 'yessign', 'cn=home', { 'signCert.der': factory.make({ serial: 300, cn: 'home' }) });
    const usbStore = { ...folderStore(usb), kind: 'drive' as const };
    let pulled = false;
    const report = await scanStores([usbStore, folderStore(home)], {
      onEntry: (e) => {
        if (!pulled && e.store.id === usbStore.id) {
          pulled = true;
          // the drive vanishes: the whole mount point goes away at once
          void fs.rename(path.dirname(usb), path.dirname(usb) + '-gone');
        }
      },
    });
    const usbRows = report.entries.filter((e) => e.store.id === usbStore.id);
    expect(usbRows.length).toBeGreaterThan(0);
    for (const e of usbRows) {
      expect(e.state).toBe('removed');
      expect(e.errorCode).toBe('DRIVE_REMOVED');
    }
    expect(report.looked.find((l) => l.store.id === usbStore.id)).toMatchObject({ present: true, removed: true });
    expect(report.entries.find((e) => e.store.id !== usbStore.id)?.state).toBe('ok');
  });
});

describe('groupCopies', () => {
  it('groups the same certificate found in several stores', async () => {
    const r1 = await newRoot('g1');
    const r2 = await newRoot('g2');
    const shared = factory.make({ serial: 400, cn: 'shared' });
    await writeCertFolder(r1, 'yessign', 'cn=shared', { 'signCert.der': shared });
    await writeCertFolder(r2, 'YESSIGN', 'cn=shared-renamed', { 'signCert.der': shared });
    await writeCertFolder(r2, 'yessign', 'cn=other', { 'signCert.der': factory.make({ serial: 401, cn: 'other' }) });
    await writeCertFolder(r2, 'yessign', 'cn=broken', { 'signCert.der': 'x' });
    await writeCertFolder(r1, 'yessign', 'cn=broken', { 'signCert.der': 'x' });
    const report = await scanStores([folderStore(r1), folderStore(r2)]);
    const groups = groupCopies(report.entries);
    const sizes = groups.map((g) => g.entries.length).sort();
    expect(sizes).toEqual([1, 1, 1, 2]);
    const two = groups.find((g) => g.entries.length === 2)!;
    expect(two.entries.map((e) => e.cert!.holder)).toEqual(['shared', 'shared']);
    expect(new Set(two.entries.map((e) => e.store.root))).toEqual(new Set([r1, r2]));
  });
});

describe('resolveUserFolder', () => {
  it('finds the NPKI folder inside a picked folder', async () => {
    const picked = path.join(base, 'picked');
    await fs.mkdir(path.join(picked, 'npki'), { recursive: true });
    expect(await resolveUserFolder(picked)).toBe(path.join(picked, 'npki'));
    expect(await resolveUserFolder(path.join(picked, 'npki'))).toBe(path.join(picked, 'npki'));
    expect(await resolveUserFolder(base)).toBe(base);
  });
});
