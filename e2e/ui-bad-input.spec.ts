/**
 * Bad input a bank customer meets: the USB stick pulled while its copy is open, the certificate's
 * folder renamed while its details are open. Each says what happened and where, and loses nothing:
 * the other copy is offered, the files are untouched.
 */
import { expect, test } from './fixtures/app.js';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate } from './fixtures/home.js';
import { expectAccessible, testDrives } from './fixtures/ui.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';

test('the USB stick pulled while its copy is open: the details say which stick, and offer the copy on this computer', async ({ home, app }) => {
  addYessignCertificate(home.npkiRoot);
  const drives = testDrives(home.home);
  const usb = drives.plug('KIMUSB', (mount) => addYessignCertificate(path.join(mount, 'NPKI')));
  const { page } = await app.launch({ env: drives.env });
  const rows = page.getByTestId('cert-row').filter({ hasText: 'HKD' });
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: 'KIMUSB' }).getByRole('button', { name: 'HKD', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HKD' })).toBeVisible();

  writeFileSync(path.join(home.home, 'mounts'), ''); // the stick is pulled out
  const notice = page.getByRole('status').filter({ hasText: 'USB(KIMUSB)가 빠졌습니다' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('다시 꽂으면 목록에 돌아옵니다');
  await expectAccessible(page, 'details of a pulled USB copy');
  await notice.getByRole('button', { name: /이 컴퓨터/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HKD' })).toBeVisible();
  expect(existsSync(path.join(usb, 'NPKI'))).toBe(true);
});

test('the folder renamed while its details are open: the next action says where it was, nothing is lost', async ({ home, app }) => {
  const folder = addYessignCertificate(home.npkiRoot);
  const { page } = await app.launch();
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HKD' })).toBeVisible();
  const renamed = `${folder}-old`;
  renameSync(folder, renamed);

  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '비밀번호 확인', exact: true }).click();
  await page.getByRole('dialog').getByLabel('인증서 비밀번호', { exact: true }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  const notice = page.getByRole('status').filter({ hasText: '인증서 폴더를 더 이상 찾을 수 없습니다' });
  await expect(notice).toContainText(folder);
  await expect(notice).toContainText('이름이 바뀌었거나');
  expect(existsSync(path.join(renamed, 'signPri.key'))).toBe(true);
});
