/**
 * Paths as capabilities through the bridge, on each host's context: a compromised renderer's
 * attacks (typed paths into every path-taking method, handles of another purpose, spent handles,
 * the chooser used as a directory oracle) are refused and leave every file as it was. Electron
 * runs with its dialog service over a stand-in for `electron`'s dialog; the browser host with
 * main's chooser. e2e/paths-attacks.spec.ts repeats the attacks against the real browser host.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testContext } from '../../app/context.test-util.js';
import { silentLogger } from '../../core/log.js';
import { YESSIGN_PASSWORD, addYessignCopy } from '../../npki/fixtures.test-util.js';
import { nativeDialog, type DialogApi } from '../../electron/dialog.js';
import { createDispatcher, type Dispatch } from '../dispatch.js';
import { createHandlers } from './index.js';

const REPORT = { verdict: 'valid' };

let base: string;
let home: string;
let dataDir: string;
let victims: { bashrc: string; profile: string; settings: string; key: string; contract: string };
/** What the stand-in system dialog answers next (Electron). */
let dialogAnswer: string | null;

function makeDispatch(host: 'electron' | 'browser'): Dispatch {
  const dialogApi = {
    showOpenDialog: async () => ({ canceled: dialogAnswer === null, filePaths: dialogAnswer ? [dialogAnswer] : [] }),
    showSaveDialog: async () => ({ canceled: dialogAnswer === null, filePath: dialogAnswer ?? '' }),
  } as unknown as DialogApi;
  const ctx = testContext({
    host,
    home,
    dataDir,
    now: () => new Date('2020-03-01T00:00:00Z'),
    ...(host === 'electron' ? { nativeDialog: nativeDialog(dialogApi, () => ({}) as NonNullable<ReturnType<Parameters<typeof nativeDialog>[1]>>) } : {}),
  });
  return createDispatcher(createHandlers(ctx), silentLogger);
}

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dojang-paths-'));
  home = path.join(base, 'home');
  dataDir = path.join(home, '.config', 'Dojang');
  addYessignCopy(path.join(home, 'NPKI'));
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  mkdirSync(path.join(home, 'Documents'), { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  victims = {
    bashrc: path.join(home, '.bashrc'),
    profile: path.join(home, '.profile'),
    settings: path.join(dataDir, 'settings.json'),
    key: path.join(home, '.ssh', 'id_ed25519'),
    contract: path.join(home, 'Documents', 'contract.txt'),
  };
  for (const [name, file] of Object.entries(victims)) writeFileSync(file, `${name} as the user left it\n`, { mode: 0o600 });
  dialogAnswer = null;
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function unchanged() {
  for (const [name, file] of Object.entries(victims)) expect(readFileSync(file, 'utf8'), name).toBe(`${name} as the user left it\n`);
}

describe.each(['browser', 'electron'] as const)('on the %s host', (host) => {
  let dispatch: Dispatch;
  beforeEach(() => {
    dispatch = makeDispatch(host);
  });

  async function refused(method: string, request: unknown): Promise<string> {
    const outcome = await dispatch(method, request);
    expect(outcome.ok, `${method} ${JSON.stringify(request)}`).toBe(false);
    return (outcome as { ok: false; error: { code: string } }).error.code;
  }
  async function value<T = Record<string, never>>(method: string, request: unknown): Promise<T> {
    const outcome = await dispatch(method, request);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.value as T;
  }
  /** A legitimate choice by the user: the system dialog (Electron) or main's chooser (browser). */
  async function userChooses(purpose: string, target: string): Promise<string> {
    dialogAnswer = target;
    const result = await value<{ status: string; chosen?: { handle: string }; chooser?: { id: string } }>('choosePath', { purpose });
    if (result.status === 'chosen') return result.chosen!.handle;
    return (await value<{ handle: string }>('chooserFinish', { chooserId: result.chooser!.id, location: target })).handle;
  }
  const certificateId = async () => (await value<{ certificates: { id: string }[] }>('listCertificates', {})).certificates[0]!.id;

  it('refuses a typed path in every field that used to take one, in the old shape and in the handle field', async () => {
    const id = await certificateId();
    // The old request shapes: unknown fields, refused by the schema before any handler runs.
    expect(await refused('saveReport', { report: REPORT, outPath: victims.bashrc })).toBe('INVALID_REQUEST');
    expect(await refused('signWithCertificate', { id, password: YESSIGN_PASSWORD, content: { path: victims.key } })).toBe('INVALID_REQUEST');
    expect(await refused('copyCertificates', { ids: [id], targetRoot: path.join(home, '.ssh'), operationId: 'a' })).toBe('INVALID_REQUEST');
    expect(await refused('addFolder', { path: path.join(home, '.ssh') })).toBe('INVALID_REQUEST');
    // A path where a handle goes: not chosen.
    const attacks: [string, unknown][] = [
      ['saveReport', { report: REPORT, outFile: victims.bashrc }],
      ['saveReport', { report: REPORT, outFile: victims.settings }],
      ['signWithCertificate', { id, password: YESSIGN_PASSWORD, content: { file: victims.key } }],
      ['signWithCertificate', { id, password: YESSIGN_PASSWORD, content: { text: 'x' }, outFile: victims.profile }],
      ['cloudSign', { credentialId: 'c', pin: '123456', content: { file: victims.key } }],
      ['exportPfx', { id, password: YESSIGN_PASSWORD, pfxPassword: 'Dojang#2026!x', outFile: victims.profile }],
      ['importPfx', { pfxFile: victims.key, pfxPassword: 'x', target: { store: 'none' } }],
      ['copyCertificates', { ids: [id], target: { folder: path.join(home, '.ssh') }, operationId: 'b' }],
      ['moveCertificates', { ids: [id], target: { folder: '/tmp' }, operationId: 'c' }],
      ['addFolder', { folder: path.join(home, '.ssh') }],
      ['verifySignature', { input: { file: victims.key } }],
      ['verifySignature', { input: { base64: 'MA==' }, contentFile: victims.key }],
      ['verifyCertificate', { input: { file: victims.key } }],
      ['inspectTrustAnchor', { file: victims.key }],
      ['addTrustAnchor', { file: victims.key, confirmFingerprintSha256: 'a'.repeat(64) }],
      ['importCrl', { file: victims.key }],
    ];
    for (const [method, request] of attacks) expect(await refused(method, request), method).toBe('PATH_NOT_CHOSEN');
    unchanged();
    expect(existsSync(path.join(home, '.ssh', 'NPKI'))).toBe(false);
  });

  it('gives the same answer for a path that exists and one that does not (no existence oracle)', async () => {
    const answers = await Promise.all(
      [victims.key, path.join(home, '.ssh', 'missing'), '/etc/passwd', '/no/such/file'].map((file) => dispatch('verifySignature', { input: { file } })),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it('refuses a handle chosen for another purpose, and a spent write handle', async () => {
    const readOnly = await userChooses('sign-input', victims.contract);
    expect(await refused('saveReport', { report: REPORT, outFile: readOnly })).toBe('PATH_NOT_CHOSEN');
    expect(await refused('exportPfx', { id: await certificateId(), password: YESSIGN_PASSWORD, pfxPassword: 'Dojang#2026!x', outFile: readOnly })).toBe('PATH_NOT_CHOSEN');
    expect(await refused('copyCertificates', { ids: [await certificateId()], target: { folder: readOnly }, operationId: 'd' })).toBe('PATH_NOT_CHOSEN');
    unchanged();
    const report = await userChooses('save-report', path.join(home, 'Documents', 'report.json'));
    await value('saveReport', { report: REPORT, outFile: report });
    expect(JSON.parse(readFileSync(path.join(home, 'Documents', 'report.json'), 'utf8'))).toEqual(REPORT);
    expect(await refused('saveReport', { report: { verdict: 'invalid' }, outFile: report })).toBe('PATH_NOT_CHOSEN');
    expect(JSON.parse(readFileSync(path.join(home, 'Documents', 'report.json'), 'utf8'))).toEqual(REPORT);
  });

  it('keeps a save to the purpose’s file ending', async () => {
    const report = await userChooses('save-report', path.join(home, 'Documents', 'notes'));
    await value('saveReport', { report: REPORT, outFile: report });
    expect(existsSync(path.join(home, 'Documents', 'notes.json'))).toBe(true);
    expect(existsSync(path.join(home, 'Documents', 'notes'))).toBe(false);
  });

  if (host === 'browser') {
    it('the chooser lists nothing unless main opened it, and never a hidden folder or Dojang’s data', async () => {
      expect(await refused('chooserList', { chooserId: 'c_guess', location: '~' })).toBe('PATH_NOT_CHOSEN');
      const opened = await value<{ chooser: { id: string; listing: { entries: { name: string }[] } } }>('choosePath', { purpose: 'save-report' });
      expect(opened.chooser.listing.entries.map((e) => e.name)).toEqual(['Documents', 'NPKI']);
      const chooserId = opened.chooser.id;
      for (const location of ['~/.ssh', '~/.config/Dojang', '/etc', '~/..']) expect(await refused('chooserList', { chooserId, location }), location).toBe('PATH_NOT_ALLOWED');
      expect(await refused('chooserFinish', { chooserId, location: '~', name: '.bashrc' })).toBe('PATH_NOT_ALLOWED');
      expect(await refused('chooserFinish', { chooserId, location: victims.settings })).toBe('PATH_NOT_ALLOWED');
      unchanged();
    });
  } else {
    it('has no chooser to list through: only the system dialog makes handles', async () => {
      expect(await refused('chooserList', { chooserId: 'c_any', location: '~' })).toBe('FORBIDDEN');
      expect(await refused('chooserFinish', { chooserId: 'c_any', location: victims.bashrc })).toBe('FORBIDDEN');
      dialogAnswer = null;
      expect(await value('choosePath', { purpose: 'save-report' })).toEqual({ status: 'cancelled' });
    });
  }
});
