/**
 * Dojang as a relying party: a signature made with the yessign test certificate is verified from a
 * chosen file and from a file dropped on the window; the verdict comes first, each check below it;
 * the report is saved as JSON; the sign-in challenge demo; trust anchors.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app.js';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addRenewedYessignCertificate, FIXTURES_NPKI } from './fixtures/home.js';
import { choosePath, fileField } from './fixtures/chooser.js';
import { YESSIGN_PASSWORD } from '../fixtures/paths.js';
import { expectAccessible, openScreen, screenshot } from './fixtures/ui.js';

const PASSWORD = YESSIGN_PASSWORD;

test.beforeEach(({ home }) => {
  // Signing needs a certificate valid today: the yessign test key with a renewed, self-signed certificate.
  addRenewedYessignCertificate(home.npkiRoot);
});

/** Signs a text with the yessign certificate from its details screen, into `out`. */
async function signToFile(page: Page, out: string): Promise<void> {
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '전자서명' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('서명할 글').fill('계약서 확인: 위 내용에 동의합니다.');
  await choosePath(page, fileField(dialog, '서명 파일 저장 위치 (선택)'), `~/${path.basename(out)}`);
  await dialog.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await dialog.getByRole('button', { name: '서명', exact: true }).click();
  await expect(dialog.getByText('서명했습니다.')).toBeVisible();
  await page.keyboard.press('Escape');
}

const check = (page: Page, name: string) => page.locator('.check').filter({ has: page.getByText(name, { exact: true }) });

test('verify a signature file: verdict first, each check explained, the report saved as JSON', async ({ home, app }) => {
  const { page } = await app.launch();
  const signed = path.join(home.home, 'contract.p7s');
  await signToFile(page, signed);

  await openScreen(page, '서명 검증');
  await page.locator('input[type=file]').setInputFiles(signed);
  await expect(page.getByText(/contract\.p7s \(\d+바이트\)/)).toBeVisible();
  await page.getByRole('button', { name: '검증', exact: true }).click();
  const verdict = page.locator('.verdict');
  await expect(verdict).toBeVisible();
  // The signature itself is sound; its self-signed certificate chains to no trusted root: the headline names the
  // checks that could not finish, not "invalid signature".
  await expect(verdict.getByRole('heading')).toContainText('인증 경로');
  await expect(verdict.getByRole('heading')).not.toContainText('유효하지 않은 서명');
  await expect(check(page, '서명 값')).toContainText('통과');
  await expect(check(page, '내용 변경 여부')).toContainText('통과');
  await expect(check(page, '서명 값')).toContainText('공개키로 검증되는지');
  // The renewed test certificate is self-signed: its chain ends at a root no one trusts.
  await expect(check(page, '현재 유효기간')).toContainText('통과');
  await expect(check(page, '인증 경로')).not.toContainText('통과');
  // Policy and revocation are said from the catalog too, Korean only.
  await expect(check(page, '인증서 정책')).toContainText(/용도(를 알 수 없음)?: /);
  await expect(check(page, '인증서 정책')).not.toContainText(/usage|policy|General|Banking/);
  await expect(check(page, '폐지 여부')).toContainText('발급자 인증서가 없어 폐지 여부를 확인할 수 없음');
  await expect(check(page, '폐지 여부')).not.toContainText('revocation unknown');
  await expect(page.locator('.report')).toContainText('HKD');
  // Each link of the path with where it came from and its revocation line.
  const chainSection = page.getByRole('region', { name: '인증 경로와 폐지 확인' });
  await expect(chainSection.locator('.chain-link').first()).toContainText('확인한 인증서');
  await expect(chainSection.locator('.link-revocation').first()).toContainText(/폐지되지 않음|폐지됨|폐지 여부 알 수 없음|폐지 여부 확인 안 함/);
  await expectAccessible(page, 'verify');
  await screenshot(page, 'verify');

  const report = path.join(home.home, 'report.json');
  await choosePath(page, fileField(page, '보고서(JSON) 저장 위치'), '~/report.json');
  await page.getByRole('button', { name: '보고서 저장' }).click();
  await expect(page.getByRole('status').filter({ hasText: '저장했습니다' })).toContainText(report);
  await expect.poll(() => existsSync(report)).toBe(true);
  const saved = JSON.parse(readFileSync(report, 'utf8')) as { verdict: string; checks: { name: string }[] };
  expect(['valid', 'invalid', 'indeterminate']).toContain(saved.verdict);
  expect(saved.checks.map((c) => c.name)).toContain('signature');
});

test('a signature file dropped on the window is read in the page and verified (no path needed)', async ({ home, app }) => {
  const { page } = await app.launch();
  const signed = path.join(home.home, 'dropped.p7s');
  await signToFile(page, signed);
  await expect.poll(() => existsSync(signed)).toBe(true);
  const bytes = [...readFileSync(signed)];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped.p7s'));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  }, bytes);
  await expect(page.getByRole('tab', { name: '서명 파일 검증', selected: true })).toBeVisible();
  await expect(page.getByText(/dropped\.p7s \(\d+바이트\)/)).toBeVisible();
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(check(page, '서명 값')).toContainText('통과');
});

test('sign-in demo: a fresh challenge, answered with the local certificate and its password, checked', async ({ app }) => {
  const { page } = await app.launch();
  await openScreen(page, '서명 검증');
  await page.getByRole('tab', { name: '로그인 서명 체험' }).click();
  await page.getByLabel('서명할 안내 문구 (선택)').fill('도장 로그인');
  await page.getByRole('button', { name: '새 챌린지' }).click();
  await expect(page.locator('.challenge')).toContainText('일회용 값');
  await page.getByLabel('서명할 인증서').selectOption({ index: 0 });
  await page.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '서명해서 답하기' }).click();
  await expect(page.getByText(/서명했습니다 \(\d+바이트\)/)).toBeVisible();
  // The key's randomNum came with the answer (opened with the password), so the identity check runs.
  await expect(page.getByText('답에 R값(본인확인 값)이 함께 있습니다')).toBeVisible();
  await page.getByLabel('본인확인할 주민등록번호 (선택)').fill('8001011234567');
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(check(page, '로그인 챌린지')).toContainText('통과');
  // The renewed test certificate carries no VID: the check ran (an R value was there) and says so; the headline names it.
  // Said in the user's language only (the English half of the detail has parentheses of its own).
  await expect(check(page, '본인확인 (VID)')).toContainText('인증서에 본인확인 정보(VID)가 없음');
  await expect(check(page, '본인확인 (VID)')).not.toContainText('identity data');
  await expect(page.locator('.verdict').getByRole('heading')).toContainText('본인확인');
  await expect(page.locator('.verdict').getByRole('heading')).not.toContainText('유효하지 않은 서명');
  await expectAccessible(page, 'sign-in demo');
  // The same answer checked again: a replay.
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(check(page, '로그인 챌린지')).toContainText('재사용 거부');
});

test('trust anchors: add the test root, see it marked as added, remove it', async ({ home, app }) => {
  // Files the user has at hand: the chooser offers the home folder, not the shared fixtures.
  cpSync(path.join(FIXTURES_NPKI, 'kica-test/Kisa_Test_RootCA_7.der'), path.join(home.home, 'Kisa_Test_RootCA_7.der'));
  cpSync(path.join(FIXTURES_NPKI, 'yessign-test/signCert.der'), path.join(home.home, 'signCert.der'));
  cpSync(path.join(FIXTURES_NPKI, 'kica-test/signGATE_FTCA06_test.der'), path.join(home.home, 'signGATE_FTCA06_test.der'));
  const { page } = await app.launch();
  await openScreen(page, '서명 검증');
  await page.getByRole('tab', { name: '신뢰 기관·CRL' }).click();
  const anchors = page.locator('.anchors li');
  await expect(anchors.first()).toBeVisible();
  const before = await anchors.count();
  // The trust list's notes in the user's language only (they came as "한국어 (English)" before).
  const pinned = anchors.filter({ hasText: 'CN=yessignCA Class 4' });
  await expect(pinned).toContainText('KISA RootCA 5 루트 인증서가 설치되어 있지 않아 고정된 yessignCA Class 4 인증서에서 신뢰를 시작합니다');
  await expect(pinned).not.toContainText('anchored at');
  await expect(anchors.filter({ hasText: '시험용: 직접 추가하기 전에는 신뢰하지 않음' }).first()).toBeVisible();

  // Only a self-signed CA certificate can be a root: a user certificate and an intermediate CA are refused, each saying why.
  await choosePath(page, fileField(page, '추가할 루트 인증서 파일'), '~/signCert.der');
  await page.getByRole('button', { name: '추가', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('인증기관(CA) 인증서가 아니라서');
  await choosePath(page, fileField(page, '추가할 루트 인증서 파일'), '~/signGATE_FTCA06_test.der');
  await page.getByRole('button', { name: '추가', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('자체 서명된 최상위 인증서가 아닙니다');
  await expect(page.getByRole('group', { name: '설치하기 전에 이 루트 인증서를 확인하세요' })).toHaveCount(0);
  await expect(anchors).toHaveCount(before);
  await choosePath(page, fileField(page, '추가할 루트 인증서 파일'), '~/Kisa_Test_RootCA_7.der');
  await page.getByRole('button', { name: '추가', exact: true }).click();
  // Nothing is installed before the user compares the SHA-256 and confirms.
  const confirm = page.getByRole('group', { name: '설치하기 전에 이 루트 인증서를 확인하세요' });
  await expect(confirm).toContainText('66:57:4B:B4:48:8F:05:A3');
  await expect(anchors).toHaveCount(before);
  await confirm.getByRole('button', { name: 'SHA-256이 같습니다: 설치' }).click();
  await expect(anchors).toHaveCount(before + 1);
  const added = anchors.filter({ has: page.locator('.tag', { hasText: /^직접 추가$/ }) });
  await expect(added).toContainText('Test');
  await expectAccessible(page, 'trust anchors');
  await added.getByRole('button', { name: '빼기' }).click();
  await expect(anchors).toHaveCount(before);

  // A file that is not a CRL: said plainly, nothing imported.
  await choosePath(page, fileField(page, 'CRL 파일'), '~/signCert.der');
  await page.getByRole('button', { name: '가져오기', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'CRL을 가져왔습니다' })).toHaveCount(0);
});
