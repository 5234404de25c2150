/**
 * Copies you can tell apart: the same certificate on this computer and in an added folder, the
 * added folder's key file damaged (one byte). The details show both copies side by side with the
 * differing key file marked; the right password on the damaged copy names damage (not the
 * password) and points at the good copy, which opens.
 */
import { expect, test } from './fixtures/app.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate, writeSettings } from './fixtures/home.js';
import { screenshot } from './fixtures/ui.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';
let damagedFolder: string;
let goodFolder: string;

test.beforeEach(({ home }) => {
  goodFolder = addYessignCertificate(home.npkiRoot);
  const extra = path.join(home.home, 'backup', 'NPKI');
  damagedFolder = addYessignCertificate(extra);
  // One changed byte inside the encrypted key: it still decrypts with the right password, to a broken key.
  const key = path.join(damagedFolder, 'signPri.key');
  const bytes = readFileSync(key);
  bytes[500]! ^= 0x10;
  writeFileSync(key, bytes);
  writeSettings(home.dataDir, { folders: [extra] });
});

test('two copies side by side with the differing key file marked; the damaged one says so and points at the good one', async ({ app }) => {
  const { page } = await app.launch();
  // The copy in the added folder.
  const rows = page.getByTestId('cert-row').filter({ hasText: 'HKD' });
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: '추가한 폴더' }).getByRole('button', { name: 'HKD', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HKD' })).toBeVisible();

  const table = page.locator('.copies-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText(goodFolder);
  await expect(table).toContainText(damagedFolder);
  await expect(table.locator('thead')).toContainText('키 파일 지문 다름');
  await expect(table.locator('td.differs')).not.toHaveCount(0);
  await expect(table).toContainText('seedCBCWithSHA1 · 2048');
  await table.scrollIntoViewIfNeeded();
  await screenshot(page, 'copies');

  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '비밀번호 확인', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('인증서 비밀번호', { exact: true }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('개인키 파일이 손상되었습니다');
  await expect(dialog.getByRole('alert')).not.toContainText('비밀번호가 틀렸');
  await expect(dialog.getByRole('status')).toContainText(goodFolder);
  await page.keyboard.press('Escape');

  // The good copy opens with the same password.
  await table.getByRole('button').first().click();
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '비밀번호 확인', exact: true }).click();
  await page.getByRole('dialog').getByLabel('인증서 비밀번호', { exact: true }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('status')).toContainText('비밀번호가 맞습니다');
});
