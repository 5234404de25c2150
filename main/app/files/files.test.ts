/**
 * Paths as capabilities, on real folders in a temporary HOME: the browser host's chooser (what it
 * lists and refuses), handles (one purpose, single-use writes, lapse), and the native-dialog path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDojangError } from '../../../common/errors.js';
import { FileAccess, type NativeDialog, type NativeDialogRequest } from './index.js';
import { HANDLE_TTL_MS } from './handles.js';
import { CHOOSER_TTL_MS } from './chooser.js';

let base: string;
let home: string;
let clock: number;
let drives: { label: string; mountPoint: string }[];

function access(nativeDialog: NativeDialog | null = null, dataDir = path.join(home, '.config', 'Dojang')): FileAccess {
  return new FileAccess({ home, platform: 'linux', env: {}, dataDir, folders: async () => [], drives: () => drives, now: () => clock, nativeDialog });
}

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (e) {
    if (isDojangError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

async function openChooser(files: FileAccess, purpose: Parameters<FileAccess['choose']>[0]) {
  const result = await files.choose(purpose, undefined);
  if (result.status !== 'chooser') throw new Error('expected the browser chooser');
  return result.chooser;
}

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dojang-files-'));
  home = path.join(base, 'home');
  clock = 1_000_000;
  drives = [];
  mkdirSync(path.join(home, 'NPKI', 'yessign'), { recursive: true });
  mkdirSync(path.join(home, 'Documents'), { recursive: true });
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  mkdirSync(path.join(home, '.config', 'Dojang'), { recursive: true });
  writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'secret', { mode: 0o600 });
  writeFileSync(path.join(home, '.bashrc'), 'echo hi\n');
  writeFileSync(path.join(home, 'Documents', 'kim.pfx'), 'pfx');
  writeFileSync(path.join(home, 'Documents', 'contract.txt'), 'text');
  symlinkSync(path.join(home, '.ssh'), path.join(home, 'Documents', 'keys'));
  writeFileSync(path.join(base, 'outside.txt'), 'not in home');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('the browser host chooser', () => {
  it('offers NPKI folders and drives before home, and lists names without hidden ones', async () => {
    const usb = path.join(base, 'usb');
    mkdirSync(path.join(usb, 'NPKI'), { recursive: true });
    drives = [{ label: 'MYUSB', mountPoint: usb }];
    const chooser = await openChooser(access(), 'copy-target');
    expect(chooser.places.map((p) => p.kind)).toEqual(['npki', 'drive', 'home']);
    expect(chooser.places[0]).toMatchObject({ location: '~/NPKI' });
    expect(chooser.listing.location).toBe('~/NPKI');
    const files = access();
    const open = await openChooser(files, 'sign-input');
    expect(open.listing.location).toBe('~');
    expect(open.listing.entries).toEqual([
      { name: 'Documents', kind: 'folder' },
      { name: 'NPKI', kind: 'folder' },
    ]);
    const docs = await files.list(open.id, '~/Documents');
    expect(docs.entries.map((e) => e.name)).toEqual(['keys', 'contract.txt', 'kim.pfx']);
    expect(docs.parent).toBe('~');
    expect((await files.list(open.id, usb)).entries).toEqual([{ name: 'NPKI', kind: 'folder' }]);
  });

  it('refuses hidden folders, places outside its roots, links out of them, and Dojang’s data folder', async () => {
    const files = access(null, path.join(home, 'Dojang data'));
    mkdirSync(path.join(home, 'Dojang data'));
    const { id } = await openChooser(files, 'sign-input');
    for (const where of ['~/.ssh', '~/.config', '/etc', base, '~/..', '~/Documents/keys', '~/Dojang data']) {
      expect(await codeOf(files.list(id, where)), where).toBe('PATH_NOT_ALLOWED');
    }
    expect(await codeOf(files.finish(id, '~', '.bashrc'))).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(files.finish(id, '~/Documents/keys/id_ed25519', undefined))).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(files.finish(id, path.join(base, 'outside.txt'), undefined))).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(files.finish(id, '~', '../outside.txt'))).toBe('PATH_NOT_ALLOWED');
  });

  it('lists only while a chooser main opened is open: not before, not after it is used, cancelled or replaced, not after it lapses', async () => {
    const files = access();
    expect(await codeOf(files.list('c_guess', '~'))).toBe('PATH_NOT_CHOSEN');
    const first = await openChooser(files, 'sign-input');
    const second = await openChooser(files, 'verify-input');
    expect(await codeOf(files.list(first.id, '~'))).toBe('PATH_NOT_CHOSEN');
    await files.finish(second.id, '~/Documents', 'contract.txt');
    expect(await codeOf(files.list(second.id, '~'))).toBe('PATH_NOT_CHOSEN');
    const third = await openChooser(files, 'sign-input');
    expect(files.cancel(third.id)).toEqual({ cancelled: true });
    expect(await codeOf(files.list(third.id, '~'))).toBe('PATH_NOT_CHOSEN');
    const fourth = await openChooser(files, 'sign-input');
    clock += CHOOSER_TTL_MS;
    expect(await codeOf(files.list(fourth.id, '~'))).toBe('PATH_NOT_CHOSEN');
  });

  it('accepts ~ in a typed location and gives a save the purpose’s file ending', async () => {
    const files = access();
    const { id } = await openChooser(files, 'save-report');
    const chosen = await files.finish(id, '~/Documents', 'report');
    expect(chosen).toMatchObject({ purpose: 'save-report', name: 'report.json', where: '~/Documents' });
    expect(files.handles.resolve(chosen.handle, 'save-report')).toBe(path.join(home, 'Documents', 'report.json'));
    expect(chosen.handle).not.toContain(home);
  });

  it('refuses a file of the wrong kind for the purpose', async () => {
    const files = access();
    const pfx = await openChooser(files, 'import-pfx');
    expect(await codeOf(files.finish(pfx.id, '~/Documents', 'contract.txt'))).toBe('INVALID_REQUEST');
    const folder = await openChooser(files, 'add-folder');
    expect(await codeOf(files.finish(folder.id, '~/Documents/kim.pfx', undefined))).toBe('NOT_FOUND');
    const open = await openChooser(files, 'sign-input');
    expect(await codeOf(files.finish(open.id, '~/Documents', 'missing.txt'))).toBe('NOT_FOUND');
  });
});

describe('handles', () => {
  it('bind one purpose: a typed path, another purpose’s handle or a lapsed one is PATH_NOT_CHOSEN', async () => {
    const files = access();
    const { id } = await openChooser(files, 'sign-input');
    const chosen = await files.finish(id, '~/Documents', 'contract.txt');
    expect(files.handles.resolve(chosen.handle, 'sign-input')).toBe(path.join(home, 'Documents', 'contract.txt'));
    expect(await codeOf(() => files.handles.resolve(chosen.handle, 'sign-output'))).toBe('PATH_NOT_CHOSEN');
    expect(await codeOf(() => files.handles.resolve(path.join(home, 'Documents', 'contract.txt'), 'sign-input'))).toBe('PATH_NOT_CHOSEN');
    clock += HANDLE_TTL_MS;
    expect(await codeOf(() => files.handles.resolve(chosen.handle, 'sign-input'))).toBe('PATH_NOT_CHOSEN');
  });

  it('spend a write on its first success, not on a failure', async () => {
    const files = access();
    const { id } = await openChooser(files, 'export-pfx');
    const chosen = await files.finish(id, '~/Documents', 'new');
    await expect(files.use(chosen.handle, 'export-pfx', async () => Promise.reject(new Error('wrong password')))).rejects.toThrow('wrong password');
    await expect(files.use(chosen.handle, 'export-pfx', async (p) => p)).resolves.toBe(path.join(home, 'Documents', 'new.pfx'));
    expect(await codeOf(files.use(chosen.handle, 'export-pfx', async (p) => p))).toBe('PATH_NOT_CHOSEN');
  });
});

describe('with a native dialog (Electron)', () => {
  it('asks the dialog for the purpose and turns its answer into a handle; there is no chooser to list through', async () => {
    const asked: NativeDialogRequest[] = [];
    const answers = [path.join(home, 'Documents', 'backup'), null];
    const files = access({ choose: async (request) => (asked.push(request), answers.shift() ?? null) });
    const saved = await files.choose('export-pfx', '홍길동.pfx');
    expect(asked[0]).toEqual({ mode: 'save', extensions: ['pfx', 'p12'], defaultName: '홍길동.pfx' });
    expect(saved).toMatchObject({ status: 'chosen', chosen: { purpose: 'export-pfx', name: 'backup.pfx' } });
    await expect(files.choose('sign-input', undefined)).resolves.toEqual({ status: 'cancelled' });
    expect(await codeOf(files.list('c_any', '~'))).toBe('FORBIDDEN');
    expect(await codeOf(files.finish('c_any', '~/.bashrc', undefined))).toBe('FORBIDDEN');
  });
});

describe('program folders in home', () => {
  it('hides ~/Library on macOS but keeps its NPKI folder reachable as a root of its own', async () => {
    mkdirSync(path.join(home, 'Library', 'Keychains'), { recursive: true });
    mkdirSync(path.join(home, 'Library', 'Preferences', 'NPKI', 'yessign'), { recursive: true });
    const files = new FileAccess({
      home,
      platform: 'darwin',
      env: {},
      dataDir: path.join(home, 'Library', 'Application Support', 'Dojang'),
      folders: async () => [],
      drives: () => [],
      now: () => clock,
      nativeDialog: null,
    });
    const { id, places } = await openChooser(files, 'copy-target');
    expect(places[0]).toMatchObject({ kind: 'npki', location: '~/Library/Preferences/NPKI' });
    expect((await files.list(id, '~/Library/Preferences/NPKI')).entries).toEqual([{ name: 'yessign', kind: 'folder' }]);
    expect((await files.list(id, '~')).entries.map((e) => e.name)).toEqual(['Documents', 'NPKI']);
    expect(await codeOf(files.list(id, '~/Library'))).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(files.list(id, '~/Library/Keychains'))).toBe('PATH_NOT_ALLOWED');
  });
});
