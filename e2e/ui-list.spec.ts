/**
 * The certificate list and the timeline with many certificates from several CAs and places:
 * search, filters, grouping, keyboard, the picture of what expires when, light and dark, axe.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app.js';
import path from 'node:path';
import { addYessignCertificate, writeSettings } from './fixtures/home.js';
import { certMaker, expectAccessible, openScreen, sampleSpecs, screenshot, writeCertificates } from './fixtures/ui.js';

const specs = sampleSpecs(60);

test.beforeEach(({ home }) => {
  const maker = certMaker();
  writeCertificates(home.npkiRoot, specs.slice(0, 50), maker);
  // A "USB stick" folder (added in settings) with 10 more and a copy of the first one.
  const usb = path.join(home.home, 'usb', 'NPKI');
  writeCertificates(usb, [...specs.slice(50), specs[0]!], maker);
  addYessignCertificate(home.npkiRoot);
  writeSettings(home.dataDir, { folders: [usb] });
});

const rows = (page: Page) => page.getByTestId('cert-row');

test('search, filter, group and sort 62 certificates; days left in words; the timeline shows what expires when', async ({ app }) => {
  const { page } = await app.launch();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('62개');
  await expect(page.getByText('62개 중 62개')).toBeVisible();

  // Search by holder (Korean), then by serial number typed with colons.
  const search = page.getByLabel('검색');
  const target = specs[7]!;
  await search.fill(target.name);
  const byName = specs.filter((s) => s.name.includes(target.name)).length + (target === specs[0] ? 1 : 0);
  await expect(rows(page)).toHaveCount(byName);
  await expect(rows(page).first()).toContainText(target.name);
  const serial = target.serial
    .toString(16)
    .padStart(8, '0')
    .toUpperCase()
    .replace(/(..)(?=.)/g, '$1:');
  await search.fill(serial);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(target.name);
  await search.fill('');

  // Filter by CA and by state; the state chip is a one-click filter.
  await page.getByLabel('발급기관').selectOption({ label: `코스콤 (${specs.filter((s) => s.ca === 1).length})` });
  await expect(rows(page)).toHaveCount(specs.filter((s) => s.ca === 1).length);
  for (const text of await rows(page).allInnerTexts()) expect(text).toContain('코스콤');
  await page.getByRole('button', { name: '조건 지우기' }).click();
  const expired = page.getByRole('group', { name: '확인이 필요한 인증서' }).getByRole('button', { name: /만료됨/ });
  await expired.click();
  await expect(expired).toHaveAttribute('aria-pressed', 'true');
  for (const text of await rows(page).allInnerTexts()) expect(text).toMatch(/만료됨 · \d+일 지남/);
  await expired.click();

  // The renewal window: colour, a shape and words.
  const renewalChip = page.getByRole('group', { name: '확인이 필요한 인증서' }).getByRole('button', { name: /갱신 기간/ });
  await renewalChip.click();
  await expect(rows(page).first().locator('.badge-renewal')).toContainText(/갱신 필요 · (\d+일 남음|오늘 만료)/);
  await renewalChip.click();

  // Group by location: this computer, then the added folder (which holds a copy of the first one).
  await page.getByLabel('묶어 보기').selectOption('location');
  const groups = page.locator('.group-row');
  await expect(groups.first()).toContainText('이 컴퓨터');
  await expect(groups.first()).toContainText('51개');
  await page.getByLabel('묶어 보기').selectOption('none');
  await expectAccessible(page, 'list');
  await screenshot(page, 'list');

  // The timeline: one bar per certificate, today marked, a bar opens its details.
  await openScreen(page, '유효기간 한눈에');
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  await expect(page.locator('.tl-today-label')).toContainText('오늘');
  await expect(page.locator('rect.tl-renewal').first()).toBeAttached();
  await expectAccessible(page, 'timeline');
  await screenshot(page, 'timeline');
  // The near view: today sits a quarter of the way in, so what expires soon is spread out.
  await page.getByRole('radio', { name: /가까운 기간/ }).check();
  const todayAt = await page.locator('.tl-today-label').evaluate((el) => parseFloat((el as HTMLElement).style.left));
  expect(todayAt).toBeGreaterThan(20);
  expect(todayAt).toBeLessThan(30);
  await page.getByLabel('검색').fill(target.name);
  await page.getByTestId('timeline-row').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.name);
});

test('keyboard alone: search, arrow down the list, open details, back', async ({ app }) => {
  const { page } = await app.launch();
  await expect(rows(page).first()).toBeVisible();
  await page.getByLabel('검색').focus();
  await page.keyboard.type(specs[3]!.name);
  // Tab from the search through the filters into the table's first row.
  const first = page.locator('.row-open').first();
  for (let i = 0; i < 12 && !(await first.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  await page.getByLabel('검색').fill('');
  // The whole list back before the walk: focusing a row of the filtered list that the re-render replaces loses focus.
  await expect(page.getByText('62개 중 62개')).toBeVisible();
  await first.focus();
  // On a CPU slowed 8× (a busy machine: this walk once ended short of row 30 under CI load), no step may be lost.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator('.row-open[data-row-index="30"]')).toBeFocused();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const name = await page.locator('.row-open[data-row-index="30"]').innerText();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: /뒤로/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('내 인증서');
});

test('dark theme follows the OS and stays readable', async ({ app }) => {
  const { page } = await app.launch();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(rows(page).first()).toBeVisible();
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(27, 26, 25)');
  await expectAccessible(page, 'list (dark)');
  await screenshot(page, 'list-dark');
  await openScreen(page, '유효기간 한눈에');
  await expectAccessible(page, 'timeline (dark)');
  await rows(page).count();
  await openScreen(page, '인증서');
  await page.getByLabel('검색').fill('HKD');
  await page.locator('.row-open').first().click();
  await expectAccessible(page, 'details (dark)');
  await screenshot(page, 'details-dark');
});
