/**
 * Compare: two copies of one certificate, then a certificate of another CA beside them; differences
 * marked in words as well as colour; the general 금융인증서 vs 공동인증서 facts.
 */
import { expect, test } from './fixtures/app.js';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_NPKI, addYessignCertificate, type TempHome, writeSettings } from './fixtures/home.js';
import { expectAccessible, openScreen, sampleSpecs, screenshot, testDrives, writeCertificates } from './fixtures/ui.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';

/** The yessign certificate on this computer and in an added folder (~/usb/NPKI), beside two certificates of other CAs. */
function twoCopiesAndOthers(home: TempHome): void {
  addYessignCertificate(home.npkiRoot);
  const usb = path.join(home.home, 'usb', 'NPKI');
  addYessignCertificate(usb);
  writeCertificates(home.npkiRoot, sampleSpecs(6).slice(1, 3));
  writeSettings(home.dataDir, { folders: [usb] });
}

test('two copies side by side, then another CA: what differs is marked', async ({ home, app }) => {
  twoCopiesAndOthers(home);
  const { page } = await app.launch();
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

test('compare copies: only what differs, and which copies open with one password (one re-encrypted on a USB stick, one damaged)', async ({ home, app }) => {
  // The same certificate on this computer, on a USB stick (the key re-encrypted as PBES2, without
  // randomNum) and in an added folder (one byte of the key changed).
  addYessignCertificate(home.npkiRoot);
  const drives = testDrives(home.home);
  const backup = path.join(home.home, 'backup', 'NPKI');
  const damaged = path.join(addYessignCertificate(backup), 'signPri.key');
  const bytes = readFileSync(damaged);
  bytes[500]! ^= 0x10;
  writeFileSync(damaged, bytes);
  writeSettings(home.dataDir, { folders: [backup] });
  drives.plug('KIMUSB', (usb) => {
    const folder = addYessignCertificate(path.join(usb, 'NPKI'));
    copyFileSync(path.join(FIXTURES_NPKI, 'yessign-test/generated_pbes2_seedcbc_sha1_signPri.key'), path.join(folder, 'signPri.key'));
  });
  const { page } = await app.launch({ env: drives.env });
  await expect(page.getByTestId('cert-row').filter({ hasText: 'HKD' })).toHaveCount(3);
  await openScreen(page, '비교');
  await page.getByRole('button', { name: '같은 인증서의 사본끼리 비교' }).click();

  const panel = page.getByRole('region', { name: '사본 비교' });
  const table = panel.locator('table');
  const line = (name: string) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
  // Columns in folder order: this computer (~/NPKI), the added folder (~/backup), the stick (~/media).
  const columns = [/항목/, /^이 컴퓨터/, /^추가한 폴더/, /^이동식 디스크 · KIMUSB/];
  await expect(table.locator('thead th')).toHaveText(columns);
  await expect(line('키 파일 지문')).toContainText('다름');
  await expect(line('키 파일 형식')).toContainText('PBES2');
  await expect(line('키 파일 형식')).toContainText('seedCBCWithSHA1');
  await expect(line('폴더')).toContainText(backup);
  await expect(line('저장 매체')).toContainText('이동식 디스크 · KIMUSB');
  // Lines that are the same everywhere are not shown; randomNum is unknown until a copy opens.
  await expect(line('반복 횟수')).toHaveCount(0);
  await expect(line('본인확인 값')).toHaveCount(0);

  const password = panel.getByLabel('인증서 비밀번호 (사본 모두에 한 번에 시험)');
  // Disabled without a password, and it says why.
  await expect(panel.getByRole('button', { name: '어느 사본이 열리는지 확인' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: '어느 사본이 열리는지 확인' })).toHaveAccessibleDescription('비밀번호를 넣으면 확인할 수 있습니다.');
  await password.fill('not-the-password1!');
  await password.press('Enter');
  await expect(panel.getByRole('status')).toHaveText('3개 사본 중 0개가 이 비밀번호로 열립니다.');
  await expect(line('이 비밀번호로')).toContainText(['비밀번호가 틀립니다']);

  await password.fill(PASSWORD);
  await password.press('Enter');
  await expect(panel.getByRole('status')).toHaveText('3개 사본 중 2개가 이 비밀번호로 열립니다.');
  await expect(password).toHaveValue('');
  await expect(line('이 비밀번호로').locator('td')).toHaveText([/열립니다/, /손상: 풀리지만 키가 인증서와 맞지 않습니다/, /열립니다/]);
  await expect(line('본인확인 값').locator('td')).toHaveText(['있음', '알 수 없음 (열리지 않음)', '없음']);
  await expectAccessible(page, 'compare copies');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'compare-copies');

  // The same order on the next visit.
  await openScreen(page, '인증서');
  await openScreen(page, '비교');
  await expect(table.locator('thead th')).toHaveText(columns);
});
