/**
 * The key commands in-process (runCli with a recording CliIo): unlock, vid, passwd, export-pfx,
 * import-pfx, sign. Real fixture files in temp dirs; OpenSSL as the independent peer.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeVid } from '../../common/pki/vid.js';
import { KICA, KICA_PASSWORD, NEW_PASSWORD, YESSIGN, YESSIGN_PASSWORD, certWithVidFor, openssl, run, tempDir, yessignFolder } from './cli.test-util.js';

const RANDOM_NUM = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');
const IDN = '8001011234567';

let dir: string;
let folder: string;
beforeEach(async () => {
  dir = await tempDir();
  process.env.DOJANG_DATA_DIR = path.join(dir, 'data');
  folder = await yessignFolder(path.join(dir, 'NPKI'));
});
afterEach(async () => {
  delete process.env.DOJANG_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('unlock', () => {
  it('opens the key with --password-stdin and describes it', async () => {
    const r = await run(['unlock', folder, '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.code).toBe(0);
    expect(r.doc()).toEqual({
      ok: true,
      path: path.join(folder, 'signPri.key'),
      keyFormat: 'seedCBCWithSHA1',
      cipher: 'seed-cbc',
      prf: null,
      iterations: 2048,
      hasRandomNum: true,
    });
  });

  it('asks on the terminal without the password ever reaching the output', async () => {
    const r = await run(['unlock', folder], { answers: [YESSIGN_PASSWORD] });
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual(['certificate password: ']);
    expect(r.text()).toContain('The password is right: it opens the key');
    const ko = await run(['unlock', folder], { answers: [YESSIGN_PASSWORD], language: 'ko' });
    expect(ko.prompts).toEqual(['인증서 비밀번호: ']);
    expect(ko.out[0]).toBe('비밀번호가 맞습니다');
    expect(r.text()).not.toContain(YESSIGN_PASSWORD);
  });

  it('wrong password: exit 1, {ok:false} with WRONG_PASSWORD, a clear message, nothing echoed', async () => {
    const j = await run(['unlock', folder, '--password-stdin', '--json'], { stdin: ['not-it-123!'] });
    expect(j.code).toBe(1);
    expect(j.doc()).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    const t = await run(['unlock', folder, '--password-stdin'], { stdin: ['not-it-123!'] });
    expect(t.code).toBe(1);
    expect(t.err.join('\n')).toMatch(/Wrong password, or a damaged key file/);
    expect(t.text()).not.toContain('not-it-123!');
  });

  it('a certificate file finds its key beside it; kmCert.der finds kmPri.key', async () => {
    const y = await run(['unlock', path.join(folder, 'signCert.der'), '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(y.code).toBe(0);
    const kica = path.join(dir, 'kica');
    await mkdir(kica);
    await cp(path.join(KICA, 'kmCert.der'), path.join(kica, 'kmCert.der'));
    await cp(path.join(KICA, 'kmPri.key'), path.join(kica, 'kmPri.key'));
    const k = await run(['unlock', path.join(kica, 'kmCert.der'), '--password-stdin', '--json'], { stdin: [KICA_PASSWORD] });
    expect(k.doc()).toMatchObject({ ok: true, iterations: 1024, hasRandomNum: false });
    // A folder with only the km pair is read as that pair.
    expect((await run(['unlock', kica, '--password-stdin', '--json'], { stdin: [KICA_PASSWORD] })).code).toBe(0);
  });

  it('--key names another key file: PBES2 / SEED-CBC written by OpenSSL (no randomNum)', async () => {
    const r = await run(['unlock', folder, '--key', path.join(YESSIGN, 'generated_pbes2_seedcbc_sha1_signPri.key'), '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.doc()).toMatchObject({ ok: true, keyFormat: 'pbes2', cipher: 'seed-cbc', prf: 'sha1', hasRandomNum: false });
  });

  it('missing path, missing key, damaged key: exit 3 before asking anything', async () => {
    const missing = await run(['unlock', path.join(dir, 'nope'), '--password-stdin'], { stdin: ['x'] });
    expect(missing.code).toBe(3);
    expect(missing.err.join()).toMatch(/No such path/);
    await rm(path.join(folder, 'signPri.key'));
    const noKey = await run(['unlock', folder], { answers: [] });
    expect(noKey.code).toBe(3);
    expect(noKey.prompts).toEqual([]);
    expect(noKey.err.join()).toMatch(/No private key/);
    await writeFile(path.join(folder, 'signPri.key'), Buffer.from('garbage, not DER'));
    const bad = await run(['unlock', folder, '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(bad.code).toBe(3);
    expect(bad.doc()).toMatchObject({ error: { code: 'FILE_DAMAGED' } });
  });

  it('usage: no terminal and no --password-stdin, an empty stdin, an unknown option → exit 2', async () => {
    const noTty = await run(['unlock', folder]);
    expect(noTty.code).toBe(2);
    expect(noTty.err.join()).toMatch(/--password-stdin/);
    const empty = await run(['unlock', folder, '--password-stdin'], { stdin: [] });
    expect(empty.code).toBe(2);
    expect(empty.err.join()).toMatch(/stdin must hold 1 line/);
    expect((await run(['unlock', folder, '--password', 'x'])).code).toBe(2);
    expect((await run(['unlock'])).code).toBe(2);
  });
});

describe('vid', () => {
  it('the fixture does not belong to the SPEC check IDN: exit 1, {match:false}', async () => {
    const r = await run(['vid', folder, '--idn-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, IDN] });
    expect(r.code).toBe(1);
    expect(r.doc()).toEqual({ match: false, hashAlg: 'sha256' });
    expect(r.text()).not.toContain(IDN);
  });

  it('matches a certificate issued for that IDN (the key’s randomNum), asked on the terminal', async () => {
    const vidHex = computeVid(IDN, RANDOM_NUM, 'sha256').toString('hex');
    const certDer = await certWithVidFor(dir, vidHex);
    const own = path.join(dir, 'own');
    await mkdir(own);
    await writeFile(path.join(own, 'signCert.der'), certDer);
    await cp(path.join(YESSIGN, 'signPri.key'), path.join(own, 'signPri.key'));
    const r = await run(['vid', own, '--json'], { answers: [YESSIGN_PASSWORD, '800101-1234567'] });
    expect(r.code).toBe(0);
    expect(r.doc()).toEqual({ match: true, hashAlg: 'sha256' });
    expect(r.prompts).toHaveLength(2);
    expect(r.text()).not.toMatch(/8001011234567|800101-1234567/);
    const other = await run(['vid', own], { answers: [YESSIGN_PASSWORD, '8001011234568'] });
    expect(other.code).toBe(1);
    expect(other.out).toEqual(['No match']);
    const ko = await run(['vid', own], { answers: [YESSIGN_PASSWORD, '800101-1234567'], language: 'ko' });
    expect(ko.prompts).toEqual(['인증서 비밀번호: ', '주민등록번호 또는 사업자등록번호: ']);
    expect(ko.out).toEqual(['일치합니다: 이 주민등록번호(사업자등록번호)의 인증서입니다']);
  });

  it('a malformed IDN is a usage error that does not repeat it', async () => {
    const r = await run(['vid', folder, '--idn-stdin'], { stdin: [YESSIGN_PASSWORD, '12345x'] });
    expect(r.code).toBe(2);
    expect(r.text()).not.toContain('12345x');
  });

  it('no identity data in the certificate, or no randomNum in the key: exit 3', async () => {
    const plain = path.join(dir, 'plain');
    await mkdir(plain);
    await writeFile(path.join(plain, 'signCert.der'), await certWithVidFor(dir, null));
    await cp(path.join(YESSIGN, 'signPri.key'), path.join(plain, 'signPri.key'));
    const noVid = await run(['vid', plain], { answers: [] });
    expect(noVid.code).toBe(3);
    expect(noVid.prompts).toEqual([]);
    expect(noVid.err.join()).toMatch(/no identity data/);
    const noR = await run(['vid', folder, '--key', path.join(YESSIGN, 'generated_pbes2_seedcbc_sha1_signPri.key'), '--idn-stdin'], {
      stdin: [YESSIGN_PASSWORD, IDN],
    });
    expect(noR.code).toBe(3);
    expect(noR.err.join()).toMatch(/randomNum/);
    // kmPri.key never carries randomNum (the KICA pair has identity data but no R value).
    const kica = path.join(dir, 'kica');
    await mkdir(kica);
    await cp(path.join(KICA, 'kmCert.der'), path.join(kica, 'kmCert.der'));
    await cp(path.join(KICA, 'kmPri.key'), path.join(kica, 'kmPri.key'));
    expect((await run(['vid', kica, '--idn-stdin'], { stdin: [KICA_PASSWORD, IDN] })).code).toBe(3);
  });
});

describe('passwd', () => {
  it('changes the password: the old one stops working, the new one opens, randomNum is kept', async () => {
    const key = path.join(folder, 'signPri.key');
    const before = await sha(key);
    const r = await run(['passwd', folder, '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, NEW_PASSWORD] });
    expect(r.code).toBe(0);
    expect(r.doc()).toMatchObject({ ok: true, keyFormat: 'seedCBCWithSHA1', iterations: 2048, hasRandomNum: true, changed: [key] });
    expect(await sha(key)).not.toBe(before);
    const old = await run(['unlock', folder, '--password-stdin'], { stdin: [YESSIGN_PASSWORD] });
    expect(old.code).toBe(1);
    const now = await run(['unlock', folder, '--password-stdin', '--json'], { stdin: [NEW_PASSWORD] });
    expect(now.doc()).toMatchObject({ ok: true, hasRandomNum: true, keyFormat: 'seedCBCWithSHA1' });
    expect(r.text() + JSON.stringify(r.json)).not.toContain(NEW_PASSWORD);
  });

  it('--pbes2-seed rewrites it as PBES2/SEED-CBC, which OpenSSL (legacy provider) opens with the new password', async () => {
    const r = await run(['passwd', folder, '--pbes2-seed', '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, NEW_PASSWORD] });
    expect(r.doc()).toMatchObject({ keyFormat: 'pbes2', cipher: 'seed-cbc', prf: 'sha1', iterations: 2048 });
    const pem = openssl([
      'pkcs8',
      '-inform',
      'DER',
      '-in',
      path.join(folder, 'signPri.key'),
      '-passin',
      `pass:${NEW_PASSWORD}`,
      '-provider',
      'legacy',
      '-provider',
      'default',
    ]).toString();
    expect(pem).toContain('BEGIN PRIVATE KEY');
    const now = await run(['unlock', folder, '--password-stdin', '--json'], { stdin: [NEW_PASSWORD] });
    expect(now.doc()).toMatchObject({ keyFormat: 'pbes2', hasRandomNum: true });
  });

  it('a weak new password (exit 2) or a wrong current one (exit 1) leaves the file as it was', async () => {
    const key = path.join(folder, 'signPri.key');
    const before = await sha(key);
    const weak = await run(['passwd', folder, '--new-password-stdin'], { stdin: [YESSIGN_PASSWORD, 'abc123'] });
    expect(weak.code).toBe(2);
    expect(weak.err.join('\n')).toMatch(/at least 10 characters/);
    const wrong = await run(['passwd', folder, '--new-password-stdin'], { stdin: ['wrong-pass-1!', NEW_PASSWORD] });
    expect(wrong.code).toBe(1);
    expect(await sha(key)).toBe(before);
  });

  it('on a terminal the new password is asked twice; two different entries change nothing (exit 2)', async () => {
    const key = path.join(folder, 'signPri.key');
    const before = await sha(key);
    const r = await run(['passwd', folder], { answers: [YESSIGN_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + 'x'] });
    expect(r.code).toBe(2);
    expect(r.prompts).toHaveLength(3);
    expect(r.err.join()).toMatch(/differ/);
    expect(await sha(key)).toBe(before);
    const ok = await run(['passwd', folder], { answers: [YESSIGN_PASSWORD, NEW_PASSWORD, NEW_PASSWORD] });
    expect(ok.code).toBe(0);
  });

  it('in a folder, kmPri.key changes too when the same password opens it; one with its own password is kept', async () => {
    await cp(path.join(YESSIGN, 'signCert.der'), path.join(folder, 'kmCert.der'));
    await cp(path.join(YESSIGN, 'signPri.key'), path.join(folder, 'kmPri.key'));
    const r = await run(['passwd', folder, '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, NEW_PASSWORD] });
    expect(r.doc<{ changed: string[] }>().changed).toEqual([path.join(folder, 'signPri.key'), path.join(folder, 'kmPri.key')]);
    const km = await run(['unlock', path.join(folder, 'kmCert.der'), '--password-stdin'], { stdin: [NEW_PASSWORD] });
    expect(km.code).toBe(0);

    const other = await yessignFolder(path.join(dir, 'NPKI2'));
    await cp(path.join(KICA, 'kmCert.der'), path.join(other, 'kmCert.der'));
    await cp(path.join(KICA, 'kmPri.key'), path.join(other, 'kmPri.key'));
    const kmBefore = await sha(path.join(other, 'kmPri.key'));
    const r2 = await run(['passwd', other, '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, NEW_PASSWORD] });
    expect(r2.code).toBe(0);
    expect(r2.doc()).toMatchObject({ changed: [path.join(other, 'signPri.key')], kept: [{ path: path.join(other, 'kmPri.key') }] });
    expect(await sha(path.join(other, 'kmPri.key'))).toBe(kmBefore);
  });
});

describe('export-pfx / import-pfx', () => {
  it('exports a PFX that openssl pkcs12 opens, and that imports back with randomNum', async () => {
    const out = path.join(dir, 'backup.pfx');
    const pfxPassword = 'pfx-Secret-9';
    const r = await run(['export-pfx', folder, out, '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, pfxPassword] });
    expect(r.code).toBe(0);
    expect(r.doc()).toEqual({ path: out, hasRandomNum: true, format: 'modern', chain: 0 });
    expect((await stat(out)).mode & 0o077).toBe(0);
    const pem = openssl(['pkcs12', '-in', out, '-nodes', '-passin', `pass:${pfxPassword}`]).toString();
    expect(pem).toContain('BEGIN PRIVATE KEY');
    expect(pem).toContain('BEGIN CERTIFICATE');
    expect(pem).toContain('friendlyName: HKD');

    const root = path.join(dir, 'usb', 'NPKI');
    await mkdir(path.dirname(root));
    const imp = await run(['import-pfx', out, '--to', root, '--password-stdin', '--json'], { stdin: [pfxPassword] });
    expect(imp.code).toBe(0);
    const doc = imp.doc<{ path: string; hasRandomNum: boolean }>();
    expect(doc.hasRandomNum).toBe(true);
    expect(imp.err).toEqual([]);
    const back = await run(['unlock', doc.path, '--password-stdin', '--json'], { stdin: [pfxPassword] });
    expect(back.doc()).toMatchObject({ ok: true, hasRandomNum: true, keyFormat: 'seedCBCWithSHA1' });
  });

  it('--legacy --with-chain: 3DES bags and a SHA-1 MAC, with the CA and root from the trust list', async () => {
    const out = path.join(dir, 'legacy.pfx');
    const r = await run(['export-pfx', folder, out, '--legacy', '--with-chain', '--new-password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD, 'pfx-Secret-9'] });
    expect(r.doc()).toEqual({ path: out, hasRandomNum: true, format: 'legacy', chain: 2 });
    const info = spawnSync('openssl', ['pkcs12', '-in', out, '-info', '-nodes', '-passin', 'pass:pfx-Secret-9'], { encoding: 'utf8' });
    expect(info.stderr).toMatch(/MAC: sha1/);
    expect(info.stderr).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
    expect(info.stdout).toContain('subject=C = KR, O = KISA, OU = Korea Certification Authority Central, CN = Kisa Test RootCA 7');
  });

  it('export: an existing OUT is kept unless --force (exit 3, nothing asked); a wrong password writes nothing', async () => {
    const out = path.join(dir, 'x.pfx');
    await writeFile(out, 'keep me');
    const r = await run(['export-pfx', folder, out], { answers: [] });
    expect(r.code).toBe(3);
    expect(r.prompts).toEqual([]);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const forced = await run(['export-pfx', folder, out, '--force'], { answers: [YESSIGN_PASSWORD, 'pfx-pass-1', 'pfx-pass-1'] });
    expect(forced.code).toBe(0);
    expect(forced.prompts).toHaveLength(3);
    const out2 = path.join(dir, 'y.pfx');
    const wrong = await run(['export-pfx', folder, out2, '--new-password-stdin'], { stdin: ['nope-nope-1!', 'pfx-pass-1'] });
    expect(wrong.code).toBe(1);
    await expect(stat(out2)).rejects.toThrow();
    const empty = await run(['export-pfx', folder, out2, '--new-password-stdin'], { stdin: [YESSIGN_PASSWORD, ''] });
    expect(empty.code).toBe(2);
  });

  it('imports a PFX into ROOT/yessign/USER/<DN>; one made by OpenSSL from a key without attributes warns that it has no randomNum', async () => {
    // The fixture's cert.pfx keeps randomNum in its key bag (its README says otherwise):
    const root = path.join(dir, 'store', 'NPKI');
    await mkdir(path.dirname(root));
    const fixturePfx = await run(['import-pfx', path.join(YESSIGN, 'cert.pfx'), '--to', root, '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(fixturePfx.code).toBe(0);
    expect(fixturePfx.doc()).toMatchObject({ hasRandomNum: true, replaced: false });
    expect(fixturePfx.err).toEqual([]);

    // What most tools export: no randomNum.
    const keyPem = path.join(dir, 'k.pem');
    openssl(['pkey', '-inform', 'DER', '-in', path.join(YESSIGN, 'plainSignPri_pkcs8_noattrs.der'), '-out', keyPem]);
    const plainPfx = path.join(dir, 'plain.pfx');
    openssl(['pkcs12', '-export', '-inkey', keyPem, '-in', path.join(YESSIGN, 'signCert.pem'), '-passout', 'pass:pfx-pass-1', '-out', plainPfx]);
    const root2 = path.join(dir, 'store2', 'NPKI');
    await mkdir(path.dirname(root2));
    const r = await run(['import-pfx', plainPfx, '--to', root2, '--password-stdin', '--json'], { stdin: ['pfx-pass-1'] });
    expect(r.code).toBe(0);
    const doc = r.doc<{ path: string; hasRandomNum: boolean; replaced: boolean }>();
    expect(doc).toMatchObject({ hasRandomNum: false, replaced: false });
    expect(path.dirname(path.dirname(path.dirname(doc.path)))).toBe(root2);
    expect(path.basename(path.dirname(path.dirname(doc.path)))).toBe('yessign');
    expect(r.err.join()).toMatch(/This PFX carries no randomNum/);
    expect(await readFile(path.join(doc.path, 'signCert.der'))).toEqual(await readFile(path.join(YESSIGN, 'signCert.der')));
    const u = await run(['unlock', doc.path, '--password-stdin', '--json'], { stdin: ['pfx-pass-1'] });
    expect(u.doc()).toMatchObject({ ok: true, hasRandomNum: false, keyFormat: 'seedCBCWithSHA1' });
    const scan = await run(['scan', root2, '--json']);
    expect(scan.doc<{ certificates: { path: string }[] }>().certificates.map((c) => c.path)).toEqual([doc.path]);
  });

  it('import: --new-password-stdin protects the key with the new password; ROOT may be the folder holding NPKI', async () => {
    const usb = path.join(dir, 'usb');
    await mkdir(path.join(usb, 'NPKI'), { recursive: true });
    const r = await run(['import-pfx', path.join(YESSIGN, 'cert.pfx'), '--to', usb, '--new-password-stdin', '--json'], {
      stdin: [YESSIGN_PASSWORD, NEW_PASSWORD],
    });
    expect(r.code).toBe(0);
    const p = r.doc<{ path: string }>().path;
    expect(p.startsWith(path.join(usb, 'NPKI', 'yessign', 'USER') + path.sep)).toBe(true);
    expect((await run(['unlock', p, '--password-stdin'], { stdin: [NEW_PASSWORD] })).code).toBe(0);
    expect((await run(['unlock', p, '--password-stdin'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(1);
    const weak = await run(['import-pfx', path.join(YESSIGN, 'cert.pfx'), '--to', usb, '--new-password-stdin'], { stdin: [YESSIGN_PASSWORD, 'weak'] });
    expect(weak.code).toBe(2);
  });

  it('import conflicts: exit 3 by default, --keep-both adds " (2)", --replace moves the old one to recovery', async () => {
    const root = path.join(dir, 'NPKI');
    const pfx = path.join(YESSIGN, 'cert.pfx');
    // `folder` already holds the same certificate (issuer + serial) under root.
    const again = await run(['import-pfx', pfx, '--to', root, '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(again.code).toBe(3);
    expect(again.doc()).toMatchObject({ error: { code: 'CONFLICT' } });
    const both = await run(['import-pfx', pfx, '--to', root, '--keep-both', '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(both.code).toBe(0);
    expect(both.doc<{ path: string }>().path).toMatch(/ \(2\)$/);
    const repl = await run(['import-pfx', pfx, '--to', root, '--replace', '--password-stdin', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(repl.code).toBe(0);
    const d = repl.doc<{ replaced: boolean; replacedFolders: { path: string; recoveryId: string }[] }>();
    expect(d.replaced).toBe(true);
    expect(d.replacedFolders.length).toBeGreaterThanOrEqual(1);
    const list = await run(['restore', '--json']);
    expect(list.doc<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual(expect.arrayContaining(d.replacedFolders.map((f) => f.recoveryId)));
    expect((await run(['import-pfx', pfx, '--to', root, '--keep-both', '--replace'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(2);
  });

  it('import: wrong password → 1, missing file → 3, no --to → 2', async () => {
    const root = path.join(dir, 'x', 'NPKI');
    expect((await run(['import-pfx', path.join(YESSIGN, 'cert.pfx'), '--to', root, '--password-stdin'], { stdin: ['wrong'] })).code).toBe(1);
    expect((await run(['import-pfx', path.join(dir, 'none.pfx'), '--to', root, '--password-stdin'], { stdin: ['x'] })).code).toBe(3);
    expect((await run(['import-pfx', path.join(YESSIGN, 'cert.pfx')], { stdin: ['x'] })).code).toBe(2);
    await expect(stat(root)).rejects.toThrow();
  });
});

// The yessign fixture expired in 2020: these signing tests say --allow-expired (refusal is tested below).
describe('sign', () => {
  const text = '본인은 위 거래에 동의합니다. nonce=4f2a';

  async function input(name: string, data: string | Buffer): Promise<string> {
    const f = path.join(dir, name);
    await writeFile(f, data);
    return f;
  }

  it('attached CMS: openssl cms -verify returns the content', async () => {
    const inFile = await input('doc.txt', text);
    const out = path.join(dir, 'doc.p7s');
    const r = await run(['sign', folder, inFile, '--out', out, '--password-stdin', '--allow-expired', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.code).toBe(0);
    expect(r.doc()).toMatchObject({ path: out, format: 'cms', detached: false, encoding: null });
    const content = openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out]);
    expect(content.toString('utf8')).toBe(text);
  });

  it('detached CMS: openssl accepts it with the content and refuses other content', async () => {
    const inFile = await input('doc.bin', Buffer.from([0, 1, 2, 255, 254]));
    const out = path.join(dir, 'doc.p7s');
    const r = await run(['sign', folder, inFile, '--detached', '--out', out, '--password-stdin', '--allow-expired'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.code).toBe(0);
    openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out, '-content', inFile, '-out', '/dev/null']);
    const other = await input('other.bin', 'other');
    expect(() => openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out, '-content', other, '-out', '/dev/null'])).toThrow();
  });

  it('--encoding euc-kr signs the text as EUC-KR (CP949) bytes; --text signs a string', async () => {
    const inFile = await input('doc.txt', text);
    const out = path.join(dir, 'euckr.p7s');
    const r = await run(['sign', folder, inFile, '--encoding', 'euc-kr', '--out', out, '--password-stdin', '--allow-expired', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.doc()).toMatchObject({ encoding: 'euc-kr' });
    const content = openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out]);
    expect(content.equals(iconv.encode(text, 'cp949'))).toBe(true);
    expect(iconv.decode(content, 'cp949')).toBe(text);

    const out2 = path.join(dir, 'text.p7s');
    await run(['sign', folder, '--text', text, '--out', out2, '--password-stdin', '--allow-expired'], { stdin: [YESSIGN_PASSWORD] });
    expect(openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out2]).toString('utf8')).toBe(text);
  });

  it('--pkcs1 writes a raw RSASSA-PKCS1-v1_5 / SHA-256 signature that openssl dgst verifies', async () => {
    const inFile = await input('doc.txt', text);
    const out = path.join(dir, 'doc.sig');
    const r = await run(['sign', folder, inFile, '--pkcs1', '--out', out, '--password-stdin', '--allow-expired', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.doc()).toMatchObject({ format: 'pkcs1', bytes: 256 });
    const pub = path.join(dir, 'pub.pem');
    await writeFile(pub, openssl(['x509', '-inform', 'DER', '-in', path.join(folder, 'signCert.der'), '-pubkey', '-noout']));
    expect(openssl(['dgst', '-sha256', '-verify', pub, '-signature', out, inFile]).toString()).toMatch(/Verified OK/);
  });

  it('wrong password → 1 and no signature file; bad input and bad usage', async () => {
    const inFile = await input('doc.txt', text);
    const out = path.join(dir, 'doc.p7s');
    expect((await run(['sign', folder, inFile, '--out', out, '--password-stdin', '--allow-expired'], { stdin: ['wrong-pass-1!'] })).code).toBe(1);
    await expect(stat(out)).rejects.toThrow();
    expect((await run(['sign', folder, path.join(dir, 'missing'), '--out', out, '--password-stdin', '--allow-expired'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(3);
    const latin1 = await input('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect((await run(['sign', folder, latin1, '--encoding', 'utf-8', '--out', out, '--password-stdin', '--allow-expired'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(3);
    expect((await run(['sign', folder, inFile, '--password-stdin'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(2); // no --out
    expect((await run(['sign', folder, inFile, '--text', 'x', '--out', out], { stdin: [] })).code).toBe(2);
    expect((await run(['sign', folder, '--out', out], { stdin: [] })).code).toBe(2);
    expect((await run(['sign', folder, inFile, '--pkcs1', '--detached', '--out', out])).code).toBe(2);
    expect((await run(['sign', folder, inFile, '--encoding', 'latin1', '--out', out])).code).toBe(2);
  });

  it('refuses an expired certificate before asking the password, with the reason; --allow-expired warns and signs', async () => {
    const inFile = await input('doc.txt', text);
    const out = path.join(dir, 'doc.p7s');
    const refused = await run(['sign', folder, inFile, '--out', out, '--password-stdin'], { stdin: [] });
    expect(refused.code).toBe(1);
    expect(refused.text()).toMatch(/expired on 2020-03-25/);
    await expect(stat(out)).rejects.toThrow();
    const r = await run(['sign', folder, inFile, '--out', out, '--password-stdin', '--allow-expired'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.code).toBe(0);
    expect(r.err).toContain('Warning (--allow-expired): The certificate expired on 2020-03-25: it must not sign.');
  });

  it("carries the issuing CA's certificate from the trust list (yessignCA-Test Class 4); --no-chain leaves it out", async () => {
    const inFile = await input('doc.txt', text);
    const count = (f: string) =>
      (
        openssl(['pkcs7', '-inform', 'DER', '-in', f, '-print_certs', '-noout'])
          .toString()
          .match(/^subject=/gm) ?? []
      ).length;
    const withCa = path.join(dir, 'with.p7s');
    const r = await run(['sign', folder, inFile, '--out', withCa, '--password-stdin', '--allow-expired', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(r.doc()).toMatchObject({ caIncluded: expect.stringContaining('yessignCA-Test Class 4') });
    expect(count(withCa)).toBe(2);
    const without = path.join(dir, 'without.p7s');
    const n = await run(['sign', folder, inFile, '--out', without, '--password-stdin', '--allow-expired', '--no-chain', '--json'], { stdin: [YESSIGN_PASSWORD] });
    expect(n.doc()).toMatchObject({ caIncluded: null });
    expect(count(without)).toBe(1);
  });
});

describe('DN folder names', () => {
  it('a DN folder with Hangul and parentheses works like any other', async () => {
    const f = await yessignFolder(path.join(dir, 'NPKI3'), 'cn=홍길동()0001234567890123,ou=KMB,ou=personal4IB,o=yessign,c=kr');
    expect((await run(['unlock', f, '--password-stdin'], { stdin: [YESSIGN_PASSWORD] })).code).toBe(0);
  });
});
