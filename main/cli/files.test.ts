/**
 * The file commands in-process: scan, show, cp, mv, rm, restore, drives. Real fixture files in
 * temp dirs; the recovery folder in a temp DOJANG_DATA_DIR.
 */
import { cp as fsCp, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_PASSWORD, YESSIGN, YESSIGN_DN, YESSIGN_PASSWORD, run, tempDir, yessignFolder } from './cli.test-util.js';

let dir: string;
let src: string;
let folder: string;
let dest: string;
beforeEach(async () => {
  dir = await tempDir();
  process.env.DOJANG_DATA_DIR = path.join(dir, 'data');
  src = path.join(dir, 'pc', 'NPKI');
  folder = await yessignFolder(src);
  dest = path.join(dir, 'usb', 'NPKI');
  await mkdir(path.dirname(dest));
});
afterEach(async () => {
  delete process.env.DOJANG_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('scan / show', () => {
  it('scan ROOT --json lists each certificate with the show fields', async () => {
    const r = await run(['scan', src, '--json']);
    expect(r.code).toBe(0);
    const doc = r.doc<{ certificates: Record<string, unknown>[]; looked: unknown[] }>();
    expect(doc.certificates).toHaveLength(1);
    expect(doc.certificates[0]).toMatchObject({
      path: folder,
      state: 'ok',
      hasKey: true,
      holder: 'HKD',
      serial: '459c75',
      ca: '금융결제원',
      policyOid: '1.2.410.200005.1.1.4',
      notAfter: '2020-03-25T14:59:59.000Z',
      hasVid: true,
      vidHashAlg: 'sha256',
    });
    expect(doc.looked).toEqual([{ root: src, present: true }]);
  });

  it('scan --json: a damaged folder and a skipped link carry a message key and its text in the CLI language only', async () => {
    const broken = path.join(src, 'yessign', 'USER', 'cn=broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'signCert.der'), 'not DER');
    await symlink(folder, path.join(src, 'yessign', 'USER', 'cn=link'));
    for (const [language, damaged, symlinks] of [
      ['en', 'Damaged certificate file', 'Symbolic links are not followed'],
      ['ko', '손상된 인증서 파일', '바로 가기(심볼릭 링크)는 따라가지 않습니다'],
    ] as const) {
      const r = await run(['scan', src, '--json'], { language });
      expect(r.code).toBe(0);
      const doc = r.doc<{ certificates: { path: string; damaged: unknown }[]; skipped: unknown[] }>();
      expect(doc.certificates.find((c) => c.path === broken)!.damaged).toEqual({ key: 'scan.damaged', message: damaged });
      expect(doc.skipped).toEqual([{ path: path.join(src, 'yessign', 'USER', 'cn=link'), reason: { key: 'scan.symlink', message: symlinks } }]);
      const text = await run(['scan', src], { language });
      expect(text.out.find((l) => l.endsWith(broken))).toBe(`${damaged}\t\t\t\t${broken}`);
    }
  });

  it('scan of a folder holding NPKI (a USB drive root) finds the NPKI folder in it; text mode: a header, then one line each, expired marked', async () => {
    const r = await run(['scan', path.dirname(src)]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(2);
    expect(r.out[0]!.split('\t')).toHaveLength(5);
    expect(r.out[1]).toContain('HKD');
    expect(r.out[1]).toContain(folder);
    expect(r.out[0]).toBe('HOLDER\tISSUER\tUSAGE\tNOT AFTER\tPATH');
    expect(r.out[1]).toMatch(/2020-03-25 \(expired\)/);
    const ko = await run(['scan', path.dirname(src)], { language: 'ko' });
    expect(ko.out[0]).toBe('소유자\t발급기관\t용도\t만료일\t경로');
    expect(ko.out[1]).toMatch(/2020-03-25 \(만료\)/);
    const none = await run(['scan', dest]);
    expect(none.out.join()).toMatch(/No certificates found/);
  });

  it('show --json gives the stable fields; missing → 3; a damaged certificate → 3', async () => {
    const r = await run(['show', folder, '--json']);
    expect(Object.keys(r.doc()).sort()).toEqual(
      ['holder', 'subject', 'issuer', 'ca', 'serial', 'notBefore', 'notAfter', 'policyOid', 'usage', 'keyAlgorithm', 'keyBits', 'fingerprintSha256', 'hasVid', 'vidHashAlg'].sort(),
    );
    expect(r.doc()).toMatchObject({ keyAlgorithm: 'RSA', keyBits: 2048, notBefore: '2020-02-24T15:00:00.000Z' });
    expect((await run(['show', path.join(dir, 'none')])).code).toBe(3);
    await writeFile(path.join(folder, 'signCert.der'), Buffer.from('not a certificate'));
    const bad = await run(['show', folder, '--json']);
    expect(bad.code).toBe(3);
    expect(bad.doc()).toMatchObject({ error: { code: 'FILE_DAMAGED' } });
    expect((await run(['show'])).code).toBe(2);
  });

  it('file names match in any letter case (SIGNCERT.DER on a FAT drive)', async () => {
    const upper = path.join(dir, 'upper');
    await mkdir(upper);
    await fsCp(path.join(YESSIGN, 'signCert.der'), path.join(upper, 'SIGNCERT.DER'));
    await fsCp(path.join(YESSIGN, 'signPri.key'), path.join(upper, 'SIGNPRI.KEY'));
    expect((await run(['unlock', upper, '--password-stdin'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(0);
  });
});

describe('cp / mv', () => {
  it('cp copies the folder under the same CA into DEST_ROOT, byte for byte', async () => {
    const r = await run(['cp', folder, dest, '--json']);
    expect(r.code).toBe(0);
    const target = path.join(dest, 'yessign', 'USER', YESSIGN_DN);
    expect(r.doc()).toEqual({ path: target, replaced: false, replacedFolders: [] });
    for (const f of ['signCert.der', 'signPri.key']) {
      expect((await readFile(path.join(target, f))).equals(await readFile(path.join(folder, f)))).toBe(true);
    }
    expect(await exists(folder)).toBe(true);
  });

  it('a second cp conflicts (exit 3); --keep-both adds " (2)"; --replace sends the old copy to recovery', async () => {
    await run(['cp', folder, dest]);
    const again = await run(['cp', folder, dest, '--json']);
    expect(again.code).toBe(3);
    expect(again.doc()).toMatchObject({ error: { code: 'CONFLICT' } });
    const both = await run(['cp', folder, dest, '--keep-both', '--json']);
    expect(both.doc<{ path: string }>().path).toBe(path.join(dest, 'yessign', 'USER', `${YESSIGN_DN} (2)`));
    const repl = await run(['cp', folder, dest, '--replace', '--json']);
    expect(repl.code).toBe(0);
    const d = repl.doc<{ replaced: boolean; replacedFolders: { path: string; recoveryId: string }[] }>();
    expect(d.replaced).toBe(true);
    expect(d.replacedFolders.map((f) => f.path).sort()).toEqual([path.join(dest, 'yessign', 'USER', YESSIGN_DN), path.join(dest, 'yessign', 'USER', `${YESSIGN_DN} (2)`)].sort());
    expect(d.replacedFolders.every((f) => /^\d{8}T/.test(f.recoveryId))).toBe(true);
  });

  it('cp --new-password-stdin re-encrypts the copy only: the copy opens with the new password, the source with the old', async () => {
    const r = await run(['cp', folder, dest, '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, NEW_PASSWORD] });
    expect(r.code).toBe(0);
    const copy = r.doc<{ path: string }>().path;
    expect((await run(['unlock', copy, '--password-stdin', '--json'], { stdin: [NEW_PASSWORD] })).doc()).toMatchObject({ ok: true, hasRandomNum: true });
    expect((await run(['unlock', folder, '--password-stdin'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(0);
    const wrong = await run(['cp', folder, path.join(dir, 'pc2'), '--new-password-stdin'], { stdin: ['wrong-pass-1!', NEW_PASSWORD] });
    expect(wrong.code).toBe(1);
    expect(await exists(path.join(dir, 'pc2'))).toBe(false);
  });

  it('mv moves: the copy is in place, the source is in the recovery folder and restores', async () => {
    const r = await run(['mv', folder, dest, '--json']);
    expect(r.code).toBe(0);
    const d = r.doc<{ path: string; recoveryId: string }>();
    expect(await exists(d.path)).toBe(true);
    expect(await exists(folder)).toBe(false);
    const list = await run(['restore', '--json']);
    expect(list.doc<{ items: { id: string; originalPath: string }[] }>().items).toEqual([expect.objectContaining({ id: d.recoveryId, originalPath: folder })]);
    expect((await run(['restore', d.recoveryId])).code).toBe(0);
    expect(await exists(path.join(folder, 'signPri.key'))).toBe(true);
  });

  it('usage and input errors: one argument → 2, both conflict options → 2, not a certificate folder → 3', async () => {
    expect((await run(['cp', folder])).code).toBe(2);
    expect((await run(['cp', folder, dest, '--keep-both', '--replace'])).code).toBe(2);
    const notCert = await run(['cp', dir, dest]);
    expect(notCert.code).toBe(3);
    expect(notCert.err.join()).toMatch(/Not a certificate folder/);
    expect((await run(['mv', path.join(src, 'yessign', 'USER', 'nope'), dest])).code).toBe(3);
  });

  it('several PATHs: each is tried, the answer lists each, the exit code is the first failure’s', async () => {
    const second = await yessignFolder(path.join(dir, 'other', 'NPKI'), 'cn=second,o=yessign,c=kr');
    const ok = await run(['cp', folder, second, dest, '--keep-both', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.doc()).toMatchObject({
      done: 2,
      failed: 0,
      items: [
        { source: folder, ok: true },
        { source: second, ok: true },
      ],
    });
    const missing = path.join(src, 'yessign', 'USER', 'gone');
    const mixed = await run(['cp', missing, folder, path.join(dir, 'usb2'), '--json']);
    expect(mixed.code).toBe(3);
    expect(mixed.doc()).toMatchObject({
      done: 1,
      failed: 1,
      items: [
        { source: missing, ok: false, error: { code: 'NOT_FOUND' } },
        { source: folder, ok: true },
      ],
    });
  });
});

describe('rm / restore', () => {
  it('rm sends the folder to the recovery folder; restore ID puts it back unchanged', async () => {
    const before = await readFile(path.join(folder, 'signPri.key'));
    const r = await run(['rm', folder, '--json']);
    expect(r.code).toBe(0);
    const { recoveryId, restorable } = r.doc<{ recoveryId: string; restorable: boolean }>();
    expect(restorable).toBe(true);
    expect(await exists(folder)).toBe(false);
    expect(await readdir(path.join(dir, 'data', 'recovery'))).toEqual([recoveryId]);

    const listed = await run(['restore']);
    expect(listed.out.join()).toContain(recoveryId);
    const back = await run(['restore', recoveryId, '--json']);
    expect(back.doc()).toEqual({ id: recoveryId, path: folder });
    expect((await readFile(path.join(folder, 'signPri.key'))).equals(before)).toBe(true);
    expect((await run(['restore', '--json'])).doc()).toEqual({ items: [] });
  });

  it('restore: an unknown id → 3; something back at the place → 3 (CONFLICT), the item kept', async () => {
    expect((await run(['restore', '20200101T000000000Z-deadbeef'])).code).toBe(3);
    expect((await run(['restore', '../../etc'])).code).toBe(3);
    const { recoveryId } = (await run(['rm', folder, '--json'])).doc<{ recoveryId: string }>();
    await yessignFolder(src);
    const r = await run(['restore', recoveryId, '--json']);
    expect(r.code).toBe(3);
    expect(r.doc()).toMatchObject({ error: { code: 'CONFLICT' } });
    expect((await run(['restore', '--json'])).doc<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('rm refuses what is not a certificate folder (exit 3) and needs a PATH (exit 2)', async () => {
    expect((await run(['rm', src])).code).toBe(3);
    expect(await exists(src)).toBe(true);
    expect((await run(['rm'])).code).toBe(2);
  });
});

describe('drives', () => {
  it('drives --json is one document with a drives array', async () => {
    const r = await run(['drives', '--json']);
    expect(r.code).toBe(0);
    const doc = r.doc<{ drives: { mountPoint: string; npki: string | null }[] }>();
    expect(Array.isArray(doc.drives)).toBe(true);
    for (const d of doc.drives) expect(typeof d.mountPoint).toBe('string');
  });
});

describe('help', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['scan', 'show', 'unlock', 'vid', 'passwd', 'export-pfx', 'import-pfx', 'sign', 'drives', 'cp', 'mv', 'rm', 'restore']) {
      expect(r.out.join('\n')).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect((await run(['nonsense'])).code).toBe(2);
  });
});
