/**
 * A .p7s opened from the file manager (Dojang on its command line, as a file association starts
 * it): the app opens on Verify with that file already chosen, and verifies it. The signature is
 * made by OpenSSL with the yessign test key (not by Dojang).
 */
import { expect, test } from './fixtures/app.js';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_NPKI } from './fixtures/home.js';

test('a .p7s opened from the file manager opens Verify with that file chosen, and it verifies', async ({ home, app }) => {
  const content = path.join(home.home, '계약서.txt');
  writeFileSync(content, '계약서 확인: 위 내용에 동의합니다.');
  const signature = path.join(home.home, '계약서.p7s');
  const yessign = path.join(FIXTURES_NPKI, 'yessign-test');
  execFileSync('openssl', [
    'cms',
    '-sign',
    '-binary',
    '-nodetach',
    '-md',
    'sha256',
    '-outform',
    'DER',
    '-signer',
    path.join(yessign, 'signCert.pem'),
    '-inkey',
    path.join(yessign, 'signPri.key.decrypted.der'),
    '-keyform',
    'DER',
    '-in',
    content,
    '-out',
    signature,
  ]);
  const { page } = await app.launch({ files: [signature] });
  await expect(page.getByRole('heading', { level: 1, name: '서명 검증' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '도장에서 파일 고르기' }).first()).toBeChecked();
  await expect(page.getByRole('group', { name: '서명 파일' })).toContainText('계약서.p7s');
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(page.locator('.check').filter({ has: page.getByText('서명 값', { exact: true }) })).toContainText('통과');
});
