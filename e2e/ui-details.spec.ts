/**
 * One certificate's details and everything done with its private key, on the real yessign test
 * certificate: test the password, change it (live rule feedback), export a .pfx, sign, check the
 * identity (VID), delete and undo; the expired certificate's "what now" with its CA's page.
 */
import type { Page } from '@playwright/test';
import { expect, test, type AppLauncher } from './fixtures/app.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate } from './fixtures/home.js';
import type { RunningApp } from './fixtures/host.js';
import { choosePath, fileField } from './fixtures/chooser.js';
import { YESSIGN_PASSWORD } from '../fixtures/paths.js';
import { expectAccessible, screenshot, openCertificate } from './fixtures/ui.js';

const PASSWORD = YESSIGN_PASSWORD;

test.beforeEach(({ home }) => {
  addYessignCertificate(home.npkiRoot);
});
test.afterEach(async ({ home, app }) => {
  await app.close();
  // The journeys typed passwords and an ID number: the app's log files (<data folder>/logs) hold none of them.
  const logs = path.join(home.dataDir, 'logs');
  const text = readdirSync(logs)
    .map((f) => readFileSync(path.join(logs, f), 'utf8'))
    .join('');
  expect(text).toContain('Dojang started');
  for (const secret of [PASSWORD, 'not-the-password1!', '8001011234567']) expect(text).not.toContain(secret);
});

async function openDetails(app: AppLauncher): Promise<RunningApp> {
  const running = await app.launch();
  await openCertificate(running.page, 'HKD');
  return running;
}

async function action(page: Page, name: string) {
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('every field in Korean with the English term, the chain, and what to do about an expired certificate', async ({ app }) => {
  const { page, kind } = await openDetails(app);
  const fields = page.locator('.fields');
  await expect(fields).toContainText('일련번호');
  await expect(fields).toContainText('Serial number');
  await expect(fields).toContainText('개인 은행·보험용');
  await expect(fields).toContainText('2020.02.25 – 2020.03.25');
  await expect(fields).toContainText('sha256WithRSAEncryption');
  await expect(fields).toContainText('있음 (signPri.key)');
  await expect(page.locator('.chain li').first()).toBeVisible();

  const problem = page.getByRole('region', { name: '유효기간이 끝난 인증서입니다' });
  await expect(problem).toContainText('갱신할 수 없습니다');
  const open = problem.getByRole('button', { name: '금융결제원 새 발급 안내 열기' });
  await expect(open).toBeVisible();
  if (kind === 'browser') {
    // The request main receives (main opens only its allow-listed origins): answered here, so no browser starts.
    let sent = '';
    await page.route('**/api/openExternal', async (route) => {
      sent = (route.request().postDataJSON() as { url: string }).url;
      await route.fulfill({ json: { ok: true, value: { opened: true } } });
    });
    await open.click();
    await expect.poll(() => sent).toMatch(/^https:\/\/www\.yessign\.or\.kr\//);
  } else console.log('openExternal not intercepted on Electron (no HTTP bridge to intercept): the button is checked only');
  await expectAccessible(page, 'details');
  await screenshot(page, 'details');
});

test('test the password: wrong says what to do, right says how the key is protected', async ({ app }) => {
  const { page } = await openDetails(app);
  const dialog = await action(page, '비밀번호 확인');
  await dialog.getByLabel('인증서 비밀번호').fill('not-the-password1!');
  await dialog.getByRole('button', { name: '확인', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('비밀번호가 맞지 않거나');
  await expect(dialog.getByRole('alert')).toContainText('재발급');
  await dialog.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await dialog.getByRole('button', { name: '확인', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('비밀번호가 맞습니다');
  await expect(dialog.getByRole('status')).toContainText('반복 2048회');
  await expectAccessible(page, 'test password dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('change the password with live rule feedback, then the new one works', async ({ app }) => {
  const { page } = await openDetails(app);
  const dialog = await action(page, '비밀번호 변경');
  await dialog.getByLabel('인증서 비밀번호').fill(PASSWORD);
  const rules = dialog.getByRole('list', { name: '비밀번호 규칙 (공동인증서)' });
  await dialog.getByLabel('새 비밀번호').fill('abc123');
  await expect(rules.locator('.rule.bad')).toContainText(['10자 이상', '특수문자', '연속된 문자']);
  const submit = dialog.getByRole('button', { name: '비밀번호 변경', exact: true });
  await expect(submit).toBeDisabled();
  const next = 'Dojang#2025!q';
  await dialog.getByLabel('새 비밀번호').fill(next);
  await expect(rules.locator('.rule.bad')).toHaveCount(0);
  await expect(rules.locator('.rule.ok')).toHaveCount(7);
  await dialog.getByLabel('비밀번호 다시 입력').fill(next);
  await expectAccessible(page, 'change password dialog');
  await submit.click();
  await expect(page.getByRole('status').filter({ hasText: '비밀번호를 바꿨습니다' })).toBeVisible();

  const check = await action(page, '비밀번호 확인');
  await check.getByLabel('인증서 비밀번호').fill(next);
  await check.getByRole('button', { name: '확인', exact: true }).click();
  await expect(check.getByRole('status')).toContainText('비밀번호가 맞습니다');
});

test('export a .pfx (legacy form, with the CA chain); the expired certificate cannot sign: said before the password', async ({ home, app }) => {
  const { page } = await openDetails(app);
  const pfx = path.join(home.home, 'HKD.pfx');
  const dialog = await action(page, '.pfx로 내보내기');
  await dialog.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await dialog.getByLabel('.pfx 파일 비밀번호').fill('Export#pw2025');
  await dialog.getByLabel('비밀번호 다시 입력').fill('Export#pw2025');
  await choosePath(page, fileField(dialog, '저장할 파일'), '~/HKD.pfx');
  await dialog.getByRole('radio', { name: /호환 \(3DES, SHA-1\)/ }).check();
  await dialog.getByLabel(/인증기관 인증서\(발급기관, 루트\)도 함께 넣기/).check();
  await dialog.getByRole('button', { name: '내보내기', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('내보냈습니다');
  await expect.poll(() => (existsSync(pfx) ? readFileSync(pfx).length : 0)).toBeGreaterThan(1000);
  await dialog.getByRole('button', { name: '닫기', exact: true }).last().click();

  // The yessign test certificate expired in 2020: the dialog says so instead of asking for the password.
  const sign = await action(page, '전자서명');
  await sign.getByLabel('서명할 글').fill('위 내용에 동의합니다.');
  await expect(sign.getByRole('alert')).toContainText('유효기간이 끝나 서명할 수 없습니다');
  await expect(sign.getByLabel('인증서 비밀번호')).toHaveCount(0);
  await expect(sign.getByRole('button', { name: '서명', exact: true })).toBeDisabled();
  await expectAccessible(page, 'sign dialog');
});

test('identity check (VID): another number does not match', async ({ app }) => {
  const { page } = await openDetails(app);
  const dialog = await action(page, '본인확인 (VID)');
  await dialog.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await dialog.getByLabel('주민등록번호 또는 사업자번호').fill('8001011234567');
  await dialog.getByRole('button', { name: '본인확인', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('일치하지 않습니다');
  await expect(dialog.getByRole('status')).toContainText(/sha/i);
});

test('delete, then undo from the message', async ({ app }) => {
  const { page } = await openDetails(app);
  const dialog = await action(page, '삭제');
  await expect(dialog).toContainText('HKD 인증서를');
  await dialog.getByRole('button', { name: '삭제', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('내 인증서');
  await expect(page.getByRole('heading', { name: '인증서를 찾지 못했습니다' })).toBeVisible();
  await page.getByRole('button', { name: '되돌리기' }).click();
  await expect(page.getByTestId('cert-row')).toHaveCount(1);
  await expect(page.getByTestId('cert-row')).toContainText('HKD');
});
