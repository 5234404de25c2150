/**
 * A 공동인증서 its CA has revoked, known on this computer (its CA in the trust list, the CA's CRL
 * imported): the sign dialog says so before the password, with the answer it rests on (which list,
 * when, why), and offers no way to sign; the certificate details keep working.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/app.js';
import { addBankTestCertificate } from './fixtures/bank.js';
import { expectAccessible, openCertificate } from './fixtures/ui.js';
import { importCrl, TrustStore } from '../main/verify/index.js';

const KEY_COMPROMISE = 1;

test('a revoked certificate cannot sign: the dialog gives the CRL’s answer before any password', async ({ home, app }) => {
  const files = path.join(path.dirname(home.home), 'ca-files');
  const cert = addBankTestCertificate(home.npkiRoot, files, { date: new Date('2026-01-15T03:00:00Z'), reason: KEY_COMPROMISE });
  await new TrustStore(home.dataDir).add(readFileSync(cert.rootFile, 'utf8'));
  await importCrl(home.dataDir, { path: cert.crlFile });

  const { page } = await app.launch();
  await openCertificate(page, '홍길동');
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '전자서명', exact: true }).click();
  const sign = page.getByRole('dialog');
  await sign.getByLabel('서명할 글').fill('위 내용에 동의합니다.');
  const alert = sign.getByRole('alert');
  await expect(alert).toContainText('폐지된 인증서로는 서명하지 않습니다');
  await expect(alert).toContainText('폐지 시각 2026-01-15');
  await expect(alert).toContainText('개인키 유출');
  await expect(sign.getByLabel('인증서 비밀번호')).toHaveCount(0);
  await expect(sign.getByRole('button', { name: '서명', exact: true })).toBeDisabled();
  await expectAccessible(page, 'sign dialog, revoked certificate');
});
