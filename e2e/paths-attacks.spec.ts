/**
 * A compromised renderer on the real browser host (real HTTP, the session cookie, Chromium): the
 * attacks of issue 12 item 4 through window.dojang, each refused, every file as the user left it.
 * main/ipc/handlers/paths.test.ts runs the same attacks on both hosts' contexts (Electron with its
 * dialog service).
 */
import { expect, test } from './fixtures/app.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate, writeSettings } from './fixtures/home.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';
let victims: Record<'bashrc' | 'profile' | 'settings' | 'key' | 'note', string>;

test.beforeEach(({ home }) => {
  addYessignCertificate(home.npkiRoot);
  mkdirSync(path.join(home.home, '.ssh'));
  mkdirSync(path.join(home.home, 'Documents'));
  victims = {
    bashrc: path.join(home.home, '.bashrc'),
    profile: path.join(home.home, '.profile'),
    settings: path.join(home.dataDir, 'settings.json'),
    key: path.join(home.home, '.ssh', 'id_ed25519'),
    note: path.join(home.home, 'Documents', 'note.txt'),
  };
  writeSettings(home.dataDir);
  for (const name of ['bashrc', 'profile', 'key', 'note'] as const) writeFileSync(victims[name], `${name} as the user left it\n`, { mode: 0o600 });
});

test('typed paths and borrowed handles through the bridge are refused; nothing is read or written', async ({ home, app }) => {
  const { page } = await app.launch();
  await expect(page.getByTestId('cert-row')).toHaveCount(1);
  const before = Object.fromEntries(Object.entries(victims).map(([name, file]) => [name, readFileSync(file, 'utf8')]));

  const codes = await page.evaluate(
    async ({ victims, password, home }) => {
      const api = window.dojang as unknown as Record<string, (request: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>;
      const codeOf = async (method: string, request: unknown) => {
        const outcome = await api[method]!(request);
        return outcome.ok ? 'ACCEPTED' : outcome.error!.code;
      };
      const list = (await window.dojang.listCertificates({})) as { ok: true; value: { certificates: { id: string }[] } };
      const id = list.value.certificates[0]!.id;
      const report = { verdict: 'valid' };
      const results: Record<string, string> = {
        'saveReport over ~/.bashrc': await codeOf('saveReport', { report, outFile: victims.bashrc }),
        'saveReport over settings.json': await codeOf('saveReport', { report, outFile: victims.settings }),
        'saveReport, the old outPath field': await codeOf('saveReport', { report, outPath: victims.bashrc }),
        'sign a 0600 file into a CMS': await codeOf('signWithCertificate', { id, password, content: { file: victims.key } }),
        'sign, the old content.path field': await codeOf('signWithCertificate', { id, password, content: { path: victims.key } }),
        'sign outFile over ~/.profile': await codeOf('signWithCertificate', { id, password, content: { text: 'x' }, outFile: victims.profile }),
        'exportPfx over ~/.profile': await codeOf('exportPfx', { id, password, pfxPassword: 'Export#pw2025', outFile: victims.profile }),
        'import a .pfx from any path': await codeOf('importPfx', { pfxFile: victims.key, pfxPassword: 'x', target: { folder: `${home}/.ssh` } }),
        'copy into ~/.ssh': await codeOf('copyCertificates', { ids: [id], target: { folder: `${home}/.ssh` }, operationId: 'attack1' }),
        'copy, the old targetRoot field': await codeOf('copyCertificates', { ids: [id], targetRoot: `${home}/.ssh`, operationId: 'attack2' }),
        'add ~/.ssh as a certificate folder': await codeOf('addFolder', { folder: `${home}/.ssh` }),
        'verify a file that exists': await codeOf('verifySignature', { input: { file: victims.key } }),
        'verify a file that does not': await codeOf('verifySignature', { input: { file: `${home}/.ssh/none` } }),
        'inspect a trust anchor from any path': await codeOf('inspectTrustAnchor', { file: victims.key }),
        'add a trust anchor from any path': await codeOf('addTrustAnchor', { file: victims.key, confirmFingerprintSha256: 'a'.repeat(64) }),
        'list a folder with no chooser open': await codeOf('chooserList', { chooserId: 'c_guess', location: '~' }),
      };
      // The renderer opens a chooser itself (it can): hidden places stay closed to it.
      const opened = (await window.dojang.choosePath({ purpose: 'save-report' })) as { ok: true; value: { status: 'chooser'; chooser: { id: string } } };
      const chooserId = opened.value.chooser.id;
      results['chooser: list ~/.ssh'] = await codeOf('chooserList', { chooserId, location: '~/.ssh' });
      results['chooser: list /etc'] = await codeOf('chooserList', { chooserId, location: '/etc' });
      results['chooser: save as ~/.bashrc'] = await codeOf('chooserFinish', { chooserId, location: '~', name: '.bashrc' });
      results['chooser: save over settings.json'] = await codeOf('chooserFinish', { chooserId, location: victims.settings });
      // A handle chosen to read is no handle to write.
      const read = (await window.dojang.choosePath({ purpose: 'sign-input' })) as { ok: true; value: { chooser: { id: string } } };
      const chosen = (await window.dojang.chooserFinish({ chooserId: read.value.chooser.id, location: '~/Documents', name: 'note.txt' })) as {
        ok: boolean;
        value?: { handle: string };
      };
      results['a read handle used to write'] = chosen.ok ? await codeOf('saveReport', { report, outFile: chosen.value!.handle }) : 'NO HANDLE';
      return results;
    },
    { victims, password: PASSWORD, home: home.home },
  );

  expect(codes).toEqual({
    'saveReport over ~/.bashrc': 'PATH_NOT_CHOSEN',
    'saveReport over settings.json': 'PATH_NOT_CHOSEN',
    'saveReport, the old outPath field': 'INVALID_REQUEST',
    'sign a 0600 file into a CMS': 'PATH_NOT_CHOSEN',
    'sign, the old content.path field': 'INVALID_REQUEST',
    'sign outFile over ~/.profile': 'PATH_NOT_CHOSEN',
    'exportPfx over ~/.profile': 'PATH_NOT_CHOSEN',
    'import a .pfx from any path': 'PATH_NOT_CHOSEN',
    'copy into ~/.ssh': 'PATH_NOT_CHOSEN',
    'copy, the old targetRoot field': 'INVALID_REQUEST',
    'add ~/.ssh as a certificate folder': 'PATH_NOT_CHOSEN',
    'verify a file that exists': 'PATH_NOT_CHOSEN',
    'verify a file that does not': 'PATH_NOT_CHOSEN',
    'inspect a trust anchor from any path': 'PATH_NOT_CHOSEN',
    'add a trust anchor from any path': 'PATH_NOT_CHOSEN',
    'list a folder with no chooser open': 'PATH_NOT_CHOSEN',
    'chooser: list ~/.ssh': 'PATH_NOT_ALLOWED',
    'chooser: list /etc': 'PATH_NOT_ALLOWED',
    'chooser: save as ~/.bashrc': 'PATH_NOT_ALLOWED',
    'chooser: save over settings.json': 'PATH_NOT_ALLOWED',
    'a read handle used to write': 'PATH_NOT_CHOSEN',
  });
  for (const [name, file] of Object.entries(victims)) expect(readFileSync(file, 'utf8'), name).toBe(before[name]);
  expect(existsSync(path.join(home.home, '.ssh', 'NPKI'))).toBe(false);
});
