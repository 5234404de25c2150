/**
 * The 금융인증서 screens on the real cloud service (e2e/fixtures/cloud.ts): connecting, the PIN
 * pad used with the keyboard alone, the certificate beside a 공동인증서 in the list and in compare;
 * axe on each, light and dark. (The cloud's own journeys — lock, devices, outage — are in cloud.spec.ts.)
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/cloud-app.js';
import { newPerson } from './fixtures/cloud.js';
import { addYessignCertificate, writeSettings } from './fixtures/home.js';
import { expectAccessible, openScreen, screenshot } from './fixtures/ui.js';

const PIN = '802413';

test.describe.configure({ mode: 'serial' });
test.beforeEach(({ home, cloud }) => {
  addYessignCertificate(home.npkiRoot);
  writeSettings(home.dataDir, { cloudUrl: cloud.url });
});

/** Types the PIN on the on-screen pad with Tab / Enter only. */
async function pinByKeyboard(page: Page, pad: ReturnType<Page['locator']>, pin: string): Promise<void> {
  for (const digit of pin) {
    await pad.getByRole('button', { name: digit, exact: true }).focus();
    await page.keyboard.press('Enter');
  }
}

test('connect, issue, sign with the PIN pad by keyboard; the 금융인증서 in the list and beside a 공동인증서', async ({ app, cloud }) => {
  const p = newPerson();
  const registration = await cloud.register(p);
  const { page } = await app.launch();
  await openScreen(page, '금융인증서');
  await expect(page.getByText('이 기기는 클라우드에 연결되어 있지 않습니다')).toBeVisible();
  await expectAccessible(page, 'cloud (connect)');

  await page.getByLabel('이름').fill(p.name);
  await page.getByLabel('휴대폰 번호').fill(p.mobile);
  await page.getByLabel('생년월일 8자리').fill('1985');
  await expect(page.getByRole('button', { name: '인증번호 받기' })).toBeDisabled();
  await page.getByLabel('생년월일 8자리').fill(p.birthDate);
  await page.getByRole('button', { name: '인증번호 받기' }).click();
  await expect(page.getByLabel('인증번호 6자리')).toBeVisible();
  await page.getByLabel('인증번호 6자리').fill(cloud.lastCode(p.mobile));
  await page.getByLabel('이 기기 기억하기 (자동 연결)').uncheck();
  await page.getByRole('button', { name: '연결', exact: true }).click();
  await expect(page.getByText('이 기기는 클라우드에 연결되어 있습니다')).toBeVisible();

  await page.getByRole('button', { name: '발급·재발급' }).click();
  const issue = page.getByRole('dialog');
  await issue.getByLabel('참조번호').fill(registration.refNum);
  await issue.getByLabel('인가코드').fill(registration.authCode);
  await issue.getByLabel('새 PIN 6자리').fill(PIN);
  await issue.getByLabel('새 PIN 다시 입력').fill('802414');
  await expect(issue.getByText('두 PIN이 같지 않습니다.')).toBeVisible();
  await issue.getByLabel('새 PIN 다시 입력').fill(PIN);
  await issue.getByRole('button', { name: '발급', exact: true }).click();
  await expect(issue).toHaveCount(0);
  const card = page.locator('.cloud-cert');
  await expect(card).toContainText(p.name);
  await expect(card).toContainText('남은 시도 5회');
  // Not remembered (the default): a one-time connection, no device in the list.
  await expect(page.getByText('이번만 연결됨')).toBeVisible();
  await expect(page.locator('.devices li')).toHaveCount(0);
  await expectAccessible(page, 'cloud (connected)');
  await screenshot(page, 'cloud');

  await card.getByRole('button', { name: '전자서명' }).click();
  const sign = page.getByRole('dialog');
  await sign.getByLabel('서명할 글').fill('이체에 동의합니다.');
  const pad = sign.getByRole('toolbar', { name: 'PIN 숫자 패드' });
  await pinByKeyboard(page, pad, PIN.slice(0, 5) + '9');
  await expect(sign.getByText('6자리 중 6자리 입력')).toBeVisible();
  await expect(sign.locator('.pin-dot.filled')).toHaveCount(6);
  await pad.getByRole('button', { name: '한 자리 지우기' }).focus();
  await page.keyboard.press('Enter');
  await pinByKeyboard(page, pad, PIN.slice(5));
  await expect(sign.getByLabel('PIN 6자리')).toHaveValue(PIN);
  await expectAccessible(page, 'cloud sign dialog');
  await sign.getByRole('button', { name: '서명', exact: true }).click();
  await expect(sign.getByText('서명했습니다.')).toBeVisible();
  await page.keyboard.press('Escape');

  // One list: the 금융인증서 beside the local 공동인증서; then compared.
  await openScreen(page, '인증서');
  await page.getByLabel('종류').selectOption({ label: '금융인증서 (1)' });
  await expect(page.getByTestId('cert-row')).toHaveCount(1);
  await expect(page.getByTestId('cert-row')).toContainText('금융인증서 클라우드');
  // 마지막 사용: main recorded the PIN signature.
  await expect(page.getByTestId('cert-row')).toContainText(/마지막 사용 \d{4}\.\d{2}\.\d{2}/);
  await openScreen(page, '비교');
  await page.getByRole('button', { name: '금융인증서와 공동인증서 비교' }).click();
  const table = page.locator('.compare-table');
  await expect(table).toContainText('자동 갱신');
  await expect(table).toContainText('직접 갱신');
  await expect(table).toContainText('6자리 PIN (남은 시도 5회)');
  await expect(table).toContainText('3년');
  await screenshot(page, 'compare-mixed');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'compare (dark)');
  await openScreen(page, '금융인증서');
  await expectAccessible(page, 'cloud (dark)');
});
