import { expect, test } from './fixtures/app.js';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { choosePath, fileField } from './fixtures/chooser.js';
import { addYessignCertificate } from './fixtures/home.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

test('lists the yessign test certificate found on this computer', async ({ home, app }) => {
  addYessignCertificate(home.npkiRoot);
  const { page } = await app.launch();

  const row = page.getByTestId('cert-row').first();
  await expect(row).toContainText('HKD');
  await expect(row).toContainText('금융결제원');
  await expect(row).toContainText('개인 은행·보험용');
  await expect(row).toContainText('2020.02.25 – 2020.03.25');
  await expect(row).toContainText('만료됨');
  await expect(row).toContainText('이 컴퓨터');
  await expect(page.getByTestId('cert-row')).toHaveCount(1);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'certificates.png') });
});

test('says where it looked when there is no certificate', async ({ home, app }) => {
  const { page } = await app.launch();
  await expect(page.getByRole('heading', { name: '인증서를 찾지 못했습니다' })).toBeVisible();
  await expect(page.locator('.looked')).toContainText(home.npkiRoot);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'empty.png') });
});

test('a damaged certificate file gets its own row and the rest still loads; a skipped link says why in the user’s language only', async ({ home, app }) => {
  addYessignCertificate(home.npkiRoot);
  const broken = path.join(home.npkiRoot, 'yessign', 'USER', 'cn=broken,o=yessign,c=kr');
  mkdirSync(broken, { recursive: true });
  writeFileSync(path.join(broken, 'signCert.der'), Buffer.from('this is not DER'));
  symlinkSync(broken, path.join(home.npkiRoot, 'yessign', 'USER', 'cn=link'));
  const keyOnly = path.join(home.npkiRoot, 'yessign', 'USER', 'cn=keyonly,o=yessign,c=kr');
  mkdirSync(keyOnly, { recursive: true });
  writeFileSync(path.join(keyOnly, 'signPri.key'), Buffer.from('x'));
  const { page } = await app.launch();
  await expect(page.getByTestId('cert-row')).toHaveCount(3);
  await expect(page.getByTestId('cert-row').filter({ hasText: keyOnly })).toContainText(`인증서 파일(signCert.der)이 없습니다 · ${keyOnly}`);
  await expect(page.getByText('손상된 인증서 파일')).toHaveCount(2);
  await expect(page.getByText('HKD', { exact: true })).toBeVisible();
  const skipped = page.locator('details.skipped');
  await skipped.locator('summary').click();
  await expect(skipped.locator('li')).toHaveText(`${path.join(home.npkiRoot, 'yessign', 'USER', 'cn=link')} — 바로 가기(심볼릭 링크)는 따라가지 않습니다`);
});

test('a folder added in settings is searched, and English is one click away', async ({ home, app }) => {
  const usb = path.join(home.home, 'usb', 'NPKI');
  addYessignCertificate(usb);
  const { page } = await app.launch();
  await expect(page.getByRole('heading', { name: '인증서를 찾지 못했습니다' })).toBeVisible();
  await page.getByRole('button', { name: '설정' }).click();
  await choosePath(page, fileField(page, '추가할 폴더'), '~/usb/NPKI');
  await page.getByRole('button', { name: '추가', exact: true }).click();
  await expect(page.locator('.folders')).toContainText(usb);
  await page.getByLabel('English').click();
  await expect(page.getByLabel('English')).toBeChecked();
  await page.getByRole('button', { name: 'Certificates' }).click();
  const row = page.getByTestId('cert-row').first();
  await expect(row).toContainText('Banking & insurance (personal)');
  await expect(row).toContainText('Added folder');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'certificates-en.png') });
});
