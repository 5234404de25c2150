/** `dojang trust list|add|remove` in-process, on a temp data folder (DOJANG_DATA_DIR). */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KICA, run, tempDir } from '../cli.test-util.js';

let dir: string;
const root7 = path.join(KICA, 'Kisa_Test_RootCA_7.der');
const ROOT7_SHA = '66574bb4488f05a3b9a8983ec6a3c9d92e56eefb4cb132d2fa54d428f54e87c6';

beforeEach(async () => {
  dir = await tempDir('dojang-trust-cli-');
  process.env.DOJANG_DATA_DIR = path.join(dir, 'data');
});
afterEach(async () => {
  delete process.env.DOJANG_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

describe('trust', () => {
  it('list: the bundled roles, the pinned note, test roots not trusted', async () => {
    const r = await run(['trust', 'list', '--json']);
    const all = r.doc<{ subject: string; role: string; trusted: boolean; note: { key: string; message: string } | null }[]>();
    expect(all.find((v) => v.subject.includes('KISA RootCA 4'))).toMatchObject({ role: 'root', trusted: true });
    expect(all.find((v) => v.subject.includes('yessignCA Class 4'))).toMatchObject({
      role: 'pinned',
      note: {
        key: 'anchors.note.pinned',
        params: { root: 'KISA RootCA 5', cn: 'yessignCA Class 4' },
        message: 'KISA RootCA 5 is not installed; anchored at the pinned yessignCA Class 4',
      },
    });
    expect(all.find((v) => v.subject.includes('Kisa Test RootCA 7'))).toMatchObject({ role: 'test', trusted: false });
    const text = await run(['trust', 'list']);
    expect(text.text()).toMatch(/^[✓·] pinned licensed CA {2}CN=yessignCA Class 4/m);
    expect(text.text()).toContain('    KISA RootCA 5 is not installed; anchored at the pinned yessignCA Class 4');
    expect(text.text()).not.toMatch(/[\uac00-\ud7a3]/);
    const ko = await run(['trust', 'list'], { language: 'ko' });
    expect(ko.text()).toMatch(/^[✓·] 고정된 인증기관 {2}CN=yessignCA Class 4/m);
    expect(ko.text()).toContain('    KISA RootCA 5 루트 인증서가 설치되어 있지 않아 고정된 yessignCA Class 4 인증서에서 신뢰를 시작합니다');
    expect(ko.text()).not.toContain('pinned');
  });

  it('add shows subject and SHA-256, installs only after "yes" or a matching --sha256; remove', async () => {
    const declined = await run(['trust', 'add', root7], { answers: ['no'] });
    expect(declined.err.join('\n')).toContain('SHA-256: 66:57:4B:B4');
    expect(declined.code).toBe(3); // CANCELLED
    expect((await run(['trust', 'add', root7])).code).toBe(2); // no terminal, no --sha256
    expect((await run(['trust', 'add', root7, '--sha256', '00'.repeat(32)])).code).toBe(3); // CONFLICT
    const ok = await run(['trust', 'add', root7, '--sha256', ROOT7_SHA, '--json']);
    expect(ok.doc()).toMatchObject({ role: 'added', source: 'user', trusted: true });
    const listed = (await run(['trust', 'list', '--json'])).doc<{ sha256: string; trusted: boolean; role: string }[]>();
    expect(listed.filter((v) => v.sha256 === ROOT7_SHA).map((v) => [v.role, v.trusted])).toEqual([
      ['test', true],
      ['added', true],
    ]);
    expect((await run(['trust', 'remove', ROOT7_SHA])).code).toBe(0);
    expect((await run(['trust', 'add', root7], { answers: ['yes'] })).code).toBe(0);
  });

  it('refuses a certificate that is not a self-signed CA: an intermediate CA, a user certificate, each saying why', async () => {
    const r = await run(['trust', 'add', path.join(KICA, 'signGATE_FTCA06_test.der'), '--sha256', ROOT7_SHA]);
    expect(r.code).toBe(2);
    expect(r.text()).toMatch(/not a self-signed root certificate: .* is issued by /);
    const user = await run(['trust', 'add', path.join(KICA, '..', 'yessign-test', 'signCert.der'), '--sha256', ROOT7_SHA]);
    expect(user.code).toBe(2);
    expect(user.text()).toMatch(/not a CA certificate, so it cannot be a trust anchor/);
  });
});
