/**
 * The certificates area end to end through the dispatcher (as either host calls it), on real
 * files in a temporary HOME: list, test a password, change it, export and import a .pfx, copy with
 * progress events, delete and restore, sign, and the identity check.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Events } from '../../../preload/types.js';
import type { AppContext } from '../../app/context.js';
import { testApp, type TestApp } from '../../app/context.test-util.js';
import { silentLogger } from '../../core/log.js';
import { createDispatcher, type Dispatch } from '../dispatch.js';
import { createHandlers } from './index.js';
import { FIXTURES, KICA_PASSWORD, YESSIGN_PASSWORD, addYessignCopy, openssl } from '../../npki/fixtures.test-util.js';
import { verifyCms } from '../../../common/pki/cms.js';

const NEW_PASSWORD = 'Dojang#2026!x';

let app: TestApp;
let home: string;
let ctx: AppContext;
let dispatch: Dispatch;
let events: { event: keyof Events; payload: unknown }[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are asserted field by field
async function call<T = any>(method: string, request: unknown): Promise<T> {
  const outcome = await dispatch(method, request);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
  return outcome.value as T;
}
/** What the user does in the browser host's chooser: open it for a purpose, pick a place; the answer is a handle. */
async function choose(purpose: string, location: string, name?: string): Promise<string> {
  const opened = await call('choosePath', { purpose });
  const chosen = await call('chooserFinish', { chooserId: opened.chooser.id, location, ...(name ? { name } : {}) });
  return chosen.handle;
}
async function failure(method: string, request: unknown) {
  const outcome = await dispatch(method, request);
  expect(outcome.ok).toBe(false);
  return (outcome as { ok: false; error: { code: string; message: string } }).error;
}

/** The app's clock: 2020-03-01, while the yessign test certificate is valid (until 2020-03-25). */
let now: Date;

beforeEach(() => {
  events = [];
  now = new Date('2020-03-01T00:00:00Z');
  app = testApp('dojang-handlers-', { emit: (event, payload) => events.push({ event, payload }), now: () => now });
  ({ home, ctx } = app);
  dispatch = createDispatcher(createHandlers(ctx), silentLogger);
});
afterEach(() => app.remove());

async function theCertificate() {
  const list = await call('listCertificates', {});
  expect(list.certificates).toHaveLength(1);
  return list.certificates[0];
}

describe('certificates area', () => {
  it('lists the certificate with its holder, usage and days left', async () => {
    const row = await theCertificate();
    expect(row).toMatchObject({ holder: 'HKD', hasKey: true, expiry: 'renewal', daysLeft: 24, policy: { usageKo: '개인 은행·보험용' } });
    expect(row.ca.nameKo).toBe('금융결제원');
  });

  it('tests the password: right, and wrong with WRONG_PASSWORD', async () => {
    const row = await theCertificate();
    await expect(call('testPassword', { id: row.id, password: YESSIGN_PASSWORD })).resolves.toEqual({ keyScheme: 'seedCBCWithSHA1', iterations: 2048, hasRandomNum: true });
    expect((await failure('testPassword', { id: row.id, password: 'not-the-password1!' })).code).toBe('WRONG_PASSWORD');
  });

  it('tries one password on every copy: opens (with or without randomNum), damaged, unreadable; wrong password everywhere', async () => {
    const row = await theCertificate();
    const source = path.join(FIXTURES, 'yessign-test');
    /** A copy of the certificate in ~/<name>/NPKI with this key file. */
    const place = (name: string, key: Buffer) => writeFileSync(path.join(addYessignCopy(path.join(home, name, 'NPKI')), 'signPri.key'), key);
    place('pbes2', readFileSync(path.join(source, 'generated_pbes2_seedcbc_sha1_signPri.key')));
    const flipped = readFileSync(path.join(source, 'signPri.key'));
    flipped[500]! ^= 0x10; // still decrypts with the right password, to a broken key
    place('flipped', flipped);
    place('truncated', readFileSync(path.join(source, 'signPri.key')).subarray(0, 40));
    for (const name of ['pbes2', 'flipped', 'truncated']) await call('addFolder', { folder: await choose('add-folder', `~/${name}/NPKI`) });
    const byFolderIn = (list: { certificates: { id: string; path: string }[] }, name: string) =>
      list.certificates.find((r) => r.path.startsWith(path.join(home, name) + path.sep))!.id;
    const list = await call('listCertificates', {});
    const byFolder = (name: string) => byFolderIn(list, name);
    const ids = [row.id, byFolder('pbes2'), byFolder('flipped'), byFolder('truncated')];
    const right = await call('tryCopies', { ids, password: YESSIGN_PASSWORD });
    expect(right.results).toEqual([
      { id: ids[0], outcome: 'opens', hasRandomNum: true },
      { id: ids[1], outcome: 'opens', hasRandomNum: false },
      { id: ids[2], outcome: 'damaged', hasRandomNum: null },
      { id: ids[3], outcome: 'unreadable', hasRandomNum: null },
    ]);
    const wrong = await call('tryCopies', { ids: ids.slice(0, 2), password: 'not-the-password1!' });
    expect(wrong.results.map((r: { outcome: string }) => r.outcome)).toEqual(['wrongPassword', 'wrongPassword']);
    expect(JSON.stringify(right)).not.toContain(YESSIGN_PASSWORD);

    // Same certificate (same serial), another key: its own password opens a key that does not match.
    place('foreign', readFileSync(path.join(FIXTURES, 'kica-test/kmPri.key')));
    await call('addFolder', { folder: await choose('add-folder', '~/foreign/NPKI') });
    const foreign = byFolderIn(await call('listCertificates', {}), 'foreign');
    const other = await call('tryCopies', { ids: [row.id, foreign], password: KICA_PASSWORD });
    expect(other.results.map((r: { outcome: string }) => r.outcome)).toEqual(['wrongPassword', 'damaged']);
  });

  it('changes the password keeping randomNum; the old one stops working; weak ones are refused', async () => {
    const row = await theCertificate();
    const weak = await failure('changePassword', { id: row.id, oldPassword: YESSIGN_PASSWORD, newPassword: 'abc123' });
    expect(weak.code).toBe('PASSWORD_RULES');
    await call('changePassword', { id: row.id, oldPassword: YESSIGN_PASSWORD, newPassword: NEW_PASSWORD });
    expect((await failure('testPassword', { id: row.id, password: YESSIGN_PASSWORD })).code).toBe('WRONG_PASSWORD');
    expect((await call('testPassword', { id: row.id, password: NEW_PASSWORD })).hasRandomNum).toBe(true);
  });

  it('exports a .pfx that OpenSSL opens, and imports it into another NPKI folder', async () => {
    const row = await theCertificate();
    const out = path.join(home, 'export.pfx');
    const outFile = await choose('export-pfx', '~', 'export.pfx');
    await expect(call('exportPfx', { id: row.id, password: YESSIGN_PASSWORD, pfxPassword: NEW_PASSWORD, outFile })).resolves.toEqual({ path: out, hasRandomNum: true });
    const pem = openssl(['pkcs12', '-in', out, '-nodes', '-passin', `pass:${NEW_PASSWORD}`]).toString();
    expect(pem).toContain('BEGIN PRIVATE KEY');
    const usb = path.join(home, 'usb', 'NPKI');
    mkdirSync(usb, { recursive: true });
    const pfxFile = await choose('import-pfx', '~/export.pfx');
    const imported = await call('importPfx', { pfxFile, pfxPassword: NEW_PASSWORD, target: { folder: await choose('copy-target', '~/usb/NPKI') } });
    expect(imported.hasRandomNum).toBe(true);
    expect(imported.path.startsWith(usb + path.sep)).toBe(true);
    expect(existsSync(path.join(imported.path, 'signPri.key'))).toBe(true);
  });

  it('copies to a USB folder with a progress event, and the copy shows up as a copy', async () => {
    const row = await theCertificate();
    // A freshly formatted stick: the drive is mounted, its NPKI folder does not exist yet.
    mkdirSync(path.join(home, 'usb'));
    const usb = path.join(home, 'usb', 'NPKI');
    // A chosen folder not named NPKI gets its NPKI folder inside, as on a USB drive.
    const summary = await call('copyCertificates', { ids: [row.id], target: { folder: await choose('copy-target', '~/usb') }, operationId: 'op1' });
    expect(summary.done[0].path.startsWith(usb + path.sep)).toBe(true);
    expect(summary).toMatchObject({ failed: [], cancelled: false, untouched: [] });
    expect(readFileSync(path.join(summary.done[0].path, 'signPri.key'))).toEqual(readFileSync(path.join(row.path, 'signPri.key')));
    expect(events).toContainEqual({ event: 'progress', payload: expect.objectContaining({ operationId: 'op1', finished: 1, total: 1, status: 'done' }) });
    const added = await call('addFolder', { folder: await choose('add-folder', '~/usb/NPKI') });
    expect(added).toMatchObject({ folder: usb, settings: { folders: [usb] } });
    const details = await call('getCertificateDetails', { id: row.id });
    // Every copy, this one first: told apart by place; the same key file bytes give the same fingerprint.
    expect(details.copies.map((c: { id: string }) => c.id)[0]).toBe(row.id);
    expect(details.copies).toHaveLength(2);
    expect(details.copies[1].location.kind).toBe('folder');
    expect(details.copies[0].keyFile).toMatchObject({ format: 'seedCBCWithSHA1', iterations: 2048 });
    expect(details.copies[1].keyFile.fingerprint).toBe(details.copies[0].keyFile.fingerprint);
    expect(details.copies[0].keyFile.fingerprint).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(row.path, 'signPri.key')))
        .digest('hex')
        .slice(0, 16),
    );
    // The added folder is now a store the renderer names by id.
    const store = (await call('listCertificates', {})).looked.find((l: { kind: string }) => l.kind === 'folder');
    const again = await call('copyCertificates', { ids: [row.id], target: { store: store.storeId }, operationId: 'op2' });
    expect(again.failed[0].code).toBe('CONFLICT');
  });

  it('deletes into the recovery folder and restores', async () => {
    const row = await theCertificate();
    const deleted = await call('deleteCertificate', { id: row.id });
    expect(deleted.restorable).toBe(true);
    expect(existsSync(row.path)).toBe(false);
    expect((await call('listCertificates', {})).certificates).toHaveLength(0);
    const items = await call('listRecovery', {});
    expect(items[0].originalPath).toBe(row.path);
    await call('restoreCertificate', { recoveryId: deleted.recoveryId });
    expect(existsSync(path.join(row.path, 'signPri.key'))).toBe(true);
  });

  it('signs text (CMS that verifies here and in OpenSSL)', async () => {
    const row = await theCertificate();
    const out = path.join(home, 'signed.p7s');
    const outFile = await choose('sign-output', '~', 'signed.p7s');
    const signed = await call('signWithCertificate', { id: row.id, password: YESSIGN_PASSWORD, content: { text: '이체 확인: 10,000원' }, outFile });
    const cms = Buffer.from(signed.cmsBase64, 'base64');
    expect(verifyCms(cms).valid).toBe(true);
    expect(openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out]).toString('utf8')).toBe('이체 확인: 10,000원');
  });

  it('signs with the issuing CA certificate from the trust list unless includeChain is false; checkSigner before the password', async () => {
    const row = await theCertificate();
    expect(await call('checkSigner', { id: row.id })).toMatchObject({ state: 'ok', reason: null }); // ctx.now is 2020-03-01
    const certs = async (includeChain: boolean) => {
      const signed = await call('signWithCertificate', { id: row.id, password: YESSIGN_PASSWORD, content: { text: 'x' }, includeChain });
      return verifyCms(Buffer.from(signed.cmsBase64, 'base64')).certificatesDer.length;
    };
    expect(await certs(true)).toBe(2);
    expect(await certs(false)).toBe(1);
    // Later, expired: the reason crosses the bridge as a catalog message, and signing is refused before the key is opened.
    now = new Date('2021-01-01T00:00:00Z');
    expect(await call('checkSigner', { id: row.id })).toEqual({
      state: 'expired',
      reason: { key: 'signer.expired', params: { date: '2020-03-25' } },
      notAfter: expect.any(String),
    });
    expect(await failure('signWithCertificate', { id: row.id, password: 'wrong', content: { text: 'x' } })).toMatchObject({ code: 'CERT_EXPIRED', key: 'signer.expired' });
  });

  it('checks identity (VID) against the IDN without storing it', async () => {
    const row = await theCertificate();
    const result = await call('checkVid', { id: row.id, password: YESSIGN_PASSWORD, idn: '8001011234567' });
    expect(result).toEqual({ match: false, hashAlg: 'sha256' });
    expect(JSON.stringify(await ctx.settings.get())).not.toContain('8001011234567');
  });

  it('refuses an unknown certificate id with NOT_FOUND', async () => {
    expect((await failure('testPassword', { id: 'nope', password: 'x' })).code).toBe('NOT_FOUND');
  });
});
