/**
 * Compare: two copies of one certificate, then a certificate of another CA beside them; differences
 * marked in words as well as colour; the general 금융인증서 vs 공동인증서 facts.
 */
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate, makeHome, type TempHome } from './fixtures/home.js';
import { launchApp, type RunningApp } from './fixtures/host.js';
import { expectAccessible, openScreen, sampleSpecs, screenshot, writeCertificates } from './fixtures/ui.js';

let home: TempHome;
let app: RunningApp | null = null;

test.beforeEach(() => {
  home = makeHome();
  addYessignCertificate(home.npkiRoot);
  const usb = path.join(home.home, 'usb', 'NPKI');
  addYessignCertificate(usb);
  writeCertificates(home.npkiRoot, sampleSpecs(6).slice(1, 3));
  writeFileSync(path.join(home.dataDir, 'settings.json'), JSON.stringify({ language: 'ko', folders: [usb], cloudUrl: null, notifications: true }));
});
test.afterEach(async () => {
  await app?.close();
  app = null;
  home.dispose();
});

test('two copies side by side, then another CA: what differs is marked', async () => {
  app = await launchApp(home.home, home.dataDir);
  const { page } = app;
  await openScreen(page, '비교');
  await expect(page.getByText('비교하려면 인증서를 두 개 이상 고르세요')).toBeVisible();
  await page.getByRole('button', { name: '같은 인증서의 사본끼리 비교' }).click();
  await expect(page.getByRole('status').filter({ hasText: '같은 인증서' })).toContainText('사본마다 비밀번호는 다를 수 있습니다');
  const table = page.locator('.compare-table');
  const line = (name: string) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
  await expect(line('보관 위치')).toContainText('다름');
  await expect(line('보관 위치')).toHaveClass(/differs/);
  await expect(line('일련번호')).not.toHaveClass(/differs/);
  await expect(line('갱신 방법')).toContainText('직접 갱신: 만료 30일 전부터 만료일까지');
  await expect(line('키')).toContainText('RSA');

  // A certificate of another CA joins, chosen with the keyboard.
  const add = page.getByLabel('비교할 인증서 추가');
  await add.focus();
  await add.selectOption({ index: 1 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(table.locator('thead th')).toHaveCount(4);
  await expect(line('발급기관')).toHaveClass(/differs/);
  await expect(page.getByRole('status').filter({ hasText: '같은 인증서' })).toHaveCount(0);

  const facts = page.locator('.facts-table');
  await expect(facts).toContainText('금융결제원만');
  await expect(facts).toContainText('3년');
  await expect(page.getByText('여러 사람이 나눠 쓰는 인증서가 아닙니다')).toBeVisible();
  await expectAccessible(page, 'compare');
  await screenshot(page, 'compare');
});
