/**
 * The relying-party screens with the real cloud service (issue 15): the sign-in demo answered with
 * a 금융인증서 carries the R value, so the identity check runs; the cloud's root is offered for
 * pinning on first use with its address and SHA-256, after which the app's own cloud signature is
 * valid (its policy named, not "unknown"); the same answer checked twice is a replay; a wrong ID
 * number is headlined as the identity check, not the signature.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/cloud-app.js';
import { newPerson, type CloudService, type Person } from './fixtures/cloud.js';
import { writeSettings } from './fixtures/home.js';
import { expectAccessible, openScreen } from './fixtures/ui.js';

const PIN = '802413';

test.describe.configure({ mode: 'serial' });
test.beforeEach(({ home, cloud }) => {
  writeSettings(home.dataDir, { cloudUrl: cloud.url });
});

/** Connects this app (this time only) and issues the person's 금융인증서 with PIN. */
async function connectAndIssue(cloud: CloudService, page: Page, p: Person): Promise<void> {
  const registration = await cloud.register(p);
  await openScreen(page, '금융인증서');
  await page.getByLabel('이름').fill(p.name);
  await page.getByLabel('휴대폰 번호').fill(p.mobile);
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
  await issue.getByLabel('새 PIN 다시 입력').fill(PIN);
  await issue.getByRole('button', { name: '발급', exact: true }).click();
  await expect(page.locator('.cloud-cert')).toContainText(p.name);
}

const check = (page: Page, name: string) => page.locator('.check').filter({ has: page.getByText(name, { exact: true }) });

/** A new challenge, answered with the 금융인증서 and its PIN; then checked with `idn`. */
async function signIn(page: Page, idn: string): Promise<void> {
  await page.getByRole('button', { name: '새 챌린지' }).click();
  await expect(page.locator('.challenge')).toContainText('일회용 값');
  const select = page.getByLabel('서명할 인증서');
  await select.selectOption((await select.locator('option', { hasText: '금융인증서 클라우드' }).getAttribute('value'))!);
  await page.getByLabel('PIN 6자리').fill(PIN);
  await page.getByRole('button', { name: '서명해서 답하기' }).click();
  await expect(page.getByText(/서명했습니다 \(\d+바이트\)/)).toBeVisible();
  // The R value came with the answer (from the cloud's signHash includeR); it is not shown.
  await expect(page.getByText('답에 R값(본인확인 값)이 함께 있습니다')).toBeVisible();
  await page.getByLabel('본인확인할 주민등록번호 (선택)').fill(idn);
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(page.locator('.verdict')).toBeVisible();
}

test('sign-in with a 금융인증서: the cloud root pinned on first use, the identity checked, a replay refused', async ({ app, cloud }) => {
  const p = newPerson();
  const { page } = await app.launch();
  await connectAndIssue(cloud, page, p);
  await openScreen(page, '서명 검증');
  await page.getByRole('tab', { name: '로그인 서명 체험' }).click();

  // First use: the chain ends at the cloud's root, which is offered with its address and fingerprint.
  await signIn(page, p.idn);
  const offer = page.getByRole('group', { name: '금융인증서 서비스의 루트 인증서' });
  await expect(offer).toContainText(`이 서명은 ${new URL(cloud.url).origin}의 금융인증서 서비스에서 왔습니다`);
  await expect(offer).toContainText('Dojang Cloud Root');
  await expect(offer).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  await expect(page.locator('.verdict').getByRole('heading')).toContainText('인증 경로');
  await expect(check(page, '본인확인 (VID)')).toContainText('통과');
  await expectAccessible(page, 'sign-in demo (cloud root offered)');
  await offer.getByRole('button', { name: '이 루트를 신뢰' }).click();
  await expect(page.getByText('루트를 신뢰 목록에 넣었습니다')).toBeVisible();

  // The same answer checked again: a replay, never "first use".
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(check(page, '로그인 챌린지')).toContainText('실패');
  await expect(check(page, '로그인 챌린지')).toContainText('재사용 거부');
  await expect(page.locator('.verdict').getByRole('heading')).toContainText('로그인 챌린지');

  // A new challenge: valid, the identity checked with the R value, the policy named.
  await signIn(page, p.idn);
  await expect(page.locator('.verdict').getByRole('heading')).toHaveText('유효한 서명입니다');
  await expect(check(page, '본인확인 (VID)')).toContainText('통과');
  await expect(check(page, '인증서 정책')).toContainText('금융인증서 (Dojang 클라우드)');
  await expect(offer).toHaveCount(0);

  // A wrong ID number: the headline names the identity check; the signature itself passed.
  await signIn(page, '8001011234568');
  await expect(page.locator('.verdict').getByRole('heading')).toContainText('본인확인');
  await expect(page.locator('.verdict').getByRole('heading')).not.toContainText('유효하지 않은 서명');
  await expect(check(page, '서명 값')).toContainText('통과');
  await expect(check(page, '본인확인 (VID)')).toContainText('실패');

  // The trust settings list the pinned root as the cloud's, and offer nothing more.
  await page.getByRole('tab', { name: '신뢰 기관·CRL' }).click();
  await expect(page.locator('.anchors li').filter({ hasText: 'Dojang Cloud Root' })).toContainText('금융인증서 클라우드');
  await expect(page.getByRole('group', { name: '금융인증서 서비스의 루트 인증서' })).toHaveCount(0);
});

test('the trust settings offer the configured cloud’s root before any signature; trusting it lists it', async ({ app, cloud }) => {
  const { page } = await app.launch();
  await openScreen(page, '서명 검증');
  await page.getByRole('tab', { name: '신뢰 기관·CRL' }).click();
  const offer = page.getByRole('group', { name: '금융인증서 서비스의 루트 인증서' });
  await expect(offer).toContainText(`설정된 금융인증서 서비스 ${new URL(cloud.url).origin}의 루트 인증서입니다`);
  const fingerprint = (await offer.locator('code').textContent())!;
  await offer.getByRole('button', { name: '이 루트를 신뢰' }).click();
  await expect(offer).toHaveCount(0);
  const pinned = page.locator('.anchors li').filter({ hasText: 'Dojang Cloud Root' });
  await expect(pinned).toContainText('금융인증서 클라우드');
  await expect(pinned).toContainText(fingerprint.slice(0, 23));
  // Removing it offers it again.
  await pinned.getByRole('button', { name: '빼기' }).click();
  await expect(pinned).toHaveCount(0);
  await expect(offer).toContainText(fingerprint);
});
