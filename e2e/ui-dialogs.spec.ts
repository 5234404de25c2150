/**
 * Every action dialog by keyboard alone, as a screen-reader user meets it: Enter on the action
 * opens it with focus on its first field (never on ×), typing goes there, Enter submits, Escape
 * cancels, and focus returns to the button that opened it. On the real yessign test certificate.
 */
import type { Page } from '@playwright/test';
import { expect, test, type AppLauncher } from './fixtures/app.js';
import { addYessignCertificate } from './fixtures/home.js';
import { openCertificate } from './fixtures/ui.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';

test.beforeEach(({ home }) => {
  addYessignCertificate(home.npkiRoot);
});

async function openDetails(app: AppLauncher): Promise<Page> {
  const { page } = await app.launch();
  await openCertificate(page, 'HKD');
  return page;
}

/** Focuses the action button and presses Enter; answers the dialog and the opener. */
async function openByKeyboard(page: Page, name: string) {
  const opener = page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name, exact: true });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return { dialog, opener };
}

// [action, the field that must have focus first (its label), the safe button when there is no field]
const DIALOGS: [string, string | null, string | null][] = [
  ['비밀번호 확인', '인증서 비밀번호', null],
  ['비밀번호 변경', '인증서 비밀번호', null],
  ['.pfx로 내보내기', '인증서 비밀번호', null],
  ['본인확인 (VID)', '인증서 비밀번호', null],
  ['삭제', null, '취소'],
];

for (const [action, field, safe] of DIALOGS) {
  test(`"${action}": focus on the first field, Escape cancels, focus returns to the opener`, async ({ app }) => {
    const page = await openDetails(app);
    const { dialog, opener } = await openByKeyboard(page, action);
    if (field) {
      await expect(dialog.getByLabel(field, { exact: true })).toBeFocused();
      await page.keyboard.type('typed');
      await expect(dialog.getByLabel(field, { exact: true })).toHaveValue('typed');
    } else {
      await expect(dialog.getByRole('button', { name: safe!, exact: true })).toBeFocused();
    }
    await expect(dialog.getByRole('button', { name: '닫기', exact: true }).and(page.locator('.dialog-header button'))).not.toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
  });
}

test('the sign dialog opens on its first field; Enter submits the password dialog and shows the answer', async ({ app }) => {
  const page = await openDetails(app);
  const sign = await openByKeyboard(page, '전자서명');
  await expect(sign.dialog.locator(':focus')).toHaveCount(1);
  await expect(sign.dialog.locator('.dialog-header button')).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(sign.opener).toBeFocused();

  const { dialog } = await openByKeyboard(page, '비밀번호 확인');
  await page.keyboard.type('wrong-password-1');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('비밀번호');
  await expect(dialog).toBeVisible(); // Enter submitted; it did not close the dialog
  await dialog.getByLabel('인증서 비밀번호', { exact: true }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toBeVisible();
});

test('"복사·이동": focus on the first choice, arrows change it, Escape cancels, focus returns to the opener', async ({ app }) => {
  const page = await openDetails(app);
  const { dialog, opener } = await openByKeyboard(page, '복사·이동');
  const copy = dialog.getByRole('radio', { name: '복사 (원본 유지)' });
  await expect(copy).toBeFocused();
  await expect(copy).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(copy).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});
