/**
 * Settings (language, folders, cloud address, notifications, deleted certificates) and a journey
 * through every screen with the keyboard alone: each screen's heading takes focus, axe finds nothing serious.
 */
import { expect, test } from './fixtures/app.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate, type TempHome } from './fixtures/home.js';
import { expectAccessible, openScreen, screenshot } from './fixtures/ui.js';

test.beforeEach(({ home }) => {
  addYessignCertificate(home.npkiRoot);
});

/** settings.json as the app last wrote it, or null before its first write (poll on it, never read once). */
const saved = (home: TempHome): { language: string; cloudUrl: string | null; notifications: boolean; theme?: string } | null => {
  try {
    return JSON.parse(readFileSync(path.join(home.dataDir, 'settings.json'), 'utf8'));
  } catch {
    return null;
  }
};

test('settings are saved; a bad cloud address is refused with a reason; a deleted certificate comes back', async ({ home, app }) => {
  const { page } = await app.launch();
  // Delete the certificate first (it goes to the recovery folder).
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '삭제' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '삭제', exact: true }).click();
  await expect(page.getByRole('heading', { name: '인증서를 찾지 못했습니다' })).toBeVisible();

  await page.getByRole('navigation').getByRole('button', { name: '설정' }).click();
  const notify = page.getByLabel('인증서 만료가 다가오면 알려 주기');
  await expect(notify).toBeChecked();
  await notify.uncheck();
  await expect.poll(() => saved(home)?.notifications).toBe(false);

  await page.getByLabel('클라우드 서비스 주소').fill('ftp://example.test');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('이 주소는 저장하지 않았습니다');
  // Plain http:// to another computer: refused at the field with the reason, not "saved".
  await page.getByLabel('클라우드 서비스 주소').fill('http://cloud.example.test');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('http://는 이 컴퓨터(127.0.0.1)의 클라우드에만');
  await expect(page.getByLabel('클라우드 서비스 주소')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('저장했습니다')).toHaveCount(0);
  expect(saved(home)?.cloudUrl ?? null).toBeNull();
  await page.getByLabel('클라우드 서비스 주소').fill('https://cloud.example.test');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect.poll(() => saved(home)?.cloudUrl).toBe('https://cloud.example.test');

  const deleted = page.getByRole('group', { name: '삭제한 인증서' });
  await expect(deleted).toContainText('HKD');
  await expectAccessible(page, 'settings');
  await screenshot(page, 'settings');
  await deleted.getByRole('button', { name: '되살리기' }).click();
  await expect(deleted).toContainText('되살릴 인증서가 없습니다');
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^인증서/ })
    .click();
  await expect(page.getByTestId('cert-row')).toHaveCount(1);

  await page.getByRole('navigation').getByRole('button', { name: '설정' }).click();
  await page.getByLabel('English').check();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect.poll(() => saved(home)?.language).toBe('en');
});

test('every screen by keyboard alone: skip link, sidebar, focus lands on the heading; no serious axe finding', async ({ app }) => {
  const { page } = await app.launch();
  await expect(page.getByTestId('cert-row')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '본문으로 건너뛰기' })).toBeFocused();
  const screens = ['유효기간 한눈에', '비교', '가져오기·내보내기', '금융인증서', '서명 검증', '설정'];
  for (const name of screens) {
    const button = page.getByRole('navigation').getByRole('button', { name, exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name === '가져오기·내보내기' ? name : new RegExp(name === '서명 검증' ? '서명 검증' : '.'));
    await expectAccessible(page, name);
  }
});

test('the theme chosen in Settings applies at once, overrides the OS, is kept after a restart, and both themes pass axe', async ({ home, app }) => {
  const LIGHT_BG = 'rgb(247, 245, 242)';
  const DARK_BG = 'rgb(27, 26, 25)';
  let { page } = await app.launch();
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  await openScreen(page, '설정');
  const theme = () => page.getByRole('group', { name: '화면 테마' });
  await expect(theme().getByRole('radio', { name: '운영체제 설정을 따름' })).toBeChecked();
  await expect.poll(background).toBe(LIGHT_BG);

  await theme().getByRole('radio', { name: '어두운 화면' }).check();
  await expect.poll(background).toBe(DARK_BG);
  await expect.poll(() => saved(home)?.theme).toBe('dark');
  await expectAccessible(page, 'settings (dark chosen)');
  await openScreen(page, '인증서');
  await expectAccessible(page, 'list (dark chosen)');

  // Light chosen while the OS is dark: the choice wins.
  await page.emulateMedia({ colorScheme: 'dark' });
  await openScreen(page, '설정');
  await theme().getByRole('radio', { name: '밝은 화면' }).check();
  await expect.poll(background).toBe(LIGHT_BG);
  await expectAccessible(page, 'settings (light chosen, OS dark)');
  await openScreen(page, '인증서');
  await expectAccessible(page, 'list (light chosen, OS dark)');

  await app.close();
  ({ page } = await app.launch());
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId('cert-row')).toHaveCount(1);
  await expect.poll(background).toBe(LIGHT_BG);
  await openScreen(page, '설정');
  await expect(theme().getByRole('radio', { name: '밝은 화면' })).toBeChecked();
  await theme().getByRole('radio', { name: '운영체제 설정을 따름' }).check();
  await expect.poll(background).toBe(DARK_BG);
});

test('a certificate restored in Settings takes away the delete message and its undo (no stale message)', async ({ app }) => {
  const { page } = await app.launch();
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '삭제' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '삭제', exact: true }).click();
  const undo = page.locator('.toast').getByRole('button', { name: '되돌리기' });
  await expect(undo).toBeVisible();
  await openScreen(page, '설정');
  await page.getByRole('group', { name: '삭제한 인증서' }).getByRole('button', { name: '되살리기' }).click();
  await expect(page.locator('.toast')).toHaveText([/인증서를 되살렸습니다/]);
  await expect(undo).toHaveCount(0);
});
