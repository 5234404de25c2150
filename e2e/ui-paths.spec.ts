/**
 * Open and save like a desktop app in the browser host: the chooser main serves (NPKI folders and
 * drives first, home-relative, `~` accepted, default names, hidden folders never shown), used to
 * sign a file and verify it, and an added folder offered as a copy destination.
 */
import { expect, test } from './fixtures/app.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addRenewedYessignCertificate, writeSettings } from './fixtures/home.js';
import { choosePath, fileField } from './fixtures/chooser.js';
import { expectAccessible, openScreen } from './fixtures/ui.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';

test.beforeEach(({ home }) => {
  // Valid today (the fixture itself expired in 2020, and an expired certificate may not sign).
  addRenewedYessignCertificate(home.npkiRoot);
  mkdirSync(path.join(home.home, 'Documents'));
  mkdirSync(path.join(home.home, '.ssh'));
  writeFileSync(path.join(home.home, '.ssh', 'id_ed25519'), 'secret', { mode: 0o600 });
  writeFileSync(path.join(home.home, 'Documents', '계약서.txt'), '위 계약에 동의합니다.\n');
});

test('the chooser: NPKI folder first, home without hidden folders, a default name to save as', async ({ home, app }) => {
  const { page } = await app.launch();
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '.pfx로 내보내기', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await fileField(dialog, '저장할 파일').getByRole('button', { name: '저장 위치 선택…' }).click();
  const chooser = page.getByRole('dialog', { name: '저장할 파일: 저장할 위치' });
  await expect(chooser).toBeVisible();
  const places = chooser.getByRole('navigation', { name: '자주 쓰는 위치' }).getByRole('button');
  await expect(places.first()).toContainText('NPKI 폴더');
  await expect(places.last()).toContainText('홈 폴더');
  const entries = chooser.getByRole('list', { name: '~ 안의 항목' });
  await expect(entries.getByRole('button', { name: /Documents/ })).toBeVisible();
  await expect(entries.getByRole('button', { name: /NPKI/ })).toBeVisible();
  await expect(entries).not.toContainText('.ssh');
  await expect(chooser.getByLabel('저장할 파일 이름')).toHaveValue('HKD.pfx');
  await expectAccessible(page, 'chooser');

  // A hidden folder typed by hand is refused in words, at the chooser.
  await chooser.getByRole('textbox', { name: '위치', exact: true }).fill('~/.ssh');
  await chooser.getByRole('button', { name: '이동' }).click();
  await expect(chooser.getByRole('alert')).toContainText('이 위치는 고를 수 없습니다');
  await entries.getByRole('button', { name: /Documents/ }).click();
  await expect(chooser.getByRole('list', { name: '~/Documents 안의 항목' })).toContainText('계약서.txt');
  await chooser.getByRole('button', { name: '여기에 저장' }).click();
  await expect(chooser).toHaveCount(0);
  await expect(fileField(dialog, '저장할 파일')).toContainText('HKD.pfx');
  await expect(fileField(dialog, '저장할 파일')).toContainText('~/Documents');

  await dialog.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await dialog.getByLabel('.pfx 파일 비밀번호').fill('Export#pw2025');
  await dialog.getByLabel('비밀번호 다시 입력').fill('Export#pw2025');
  await dialog.getByRole('button', { name: '내보내기', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('내보냈습니다');
  expect(readFileSync(path.join(home.home, 'Documents', 'HKD.pfx')).length).toBeGreaterThan(1000);
  // The save was spent by the export: a second one chooses again.
  await expect(fileField(dialog, '저장할 파일')).toContainText('아직 고르지 않았습니다');
});

test('sign a file chosen in the chooser, save the signature, verify that file and save the report', async ({ home, app }) => {
  const { page } = await app.launch();
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  const lastUsed = page.locator('.field-line').filter({ has: page.getByRole('term').filter({ hasText: '마지막 사용' }) });
  await expect(lastUsed).toContainText('도장으로 서명한 적 없음');
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '전자서명', exact: true }).click();
  const sign = page.getByRole('dialog');
  await sign.getByRole('radio', { name: '파일' }).check();
  await choosePath(page, fileField(sign, '서명할 파일'), '~/Documents/계약서.txt');
  await choosePath(page, fileField(sign, '서명 파일 저장 위치 (선택)'), '~/Documents/계약서');
  await sign.getByLabel('인증서 비밀번호').fill(PASSWORD);
  await sign.getByRole('button', { name: '서명', exact: true }).click();
  await expect(sign.getByText('서명했습니다.')).toBeVisible();
  // The purpose's file ending was added to the typed name.
  const signature = path.join(home.home, 'Documents', '계약서.p7s');
  await expect.poll(() => existsSync(signature)).toBe(true);
  await page.keyboard.press('Escape');
  // 마지막 사용: main recorded the signature; details and the list show today.
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}.${String(d.getMonth() + 1).padStart(2, '0')}.${String(d.getDate()).padStart(2, '0')}`;
  });
  await expect(lastUsed).toContainText(today);
  await openScreen(page, '인증서');
  await expect(page.getByTestId('cert-row').filter({ hasText: 'HKD' })).toContainText(`마지막 사용 ${today}`);

  await openScreen(page, '서명 검증');
  await page.getByRole('radio', { name: '도장에서 파일 고르기' }).first().check();
  await choosePath(page, fileField(page, '서명 파일'), '~/Documents/계약서.p7s');
  await page.getByRole('button', { name: '검증', exact: true }).click();
  await expect(page.locator('.check').filter({ hasText: '서명 값' })).toContainText('통과');
  await choosePath(page, fileField(page, '보고서(JSON) 저장 위치'), '~/Documents/검증');
  await page.getByRole('button', { name: '보고서 저장' }).click();
  await expect(page.getByRole('status').filter({ hasText: '저장했습니다' })).toBeVisible();
  const saved = path.join(home.home, 'Documents', '검증.json');
  await expect.poll(() => existsSync(saved)).toBe(true);
  const report = JSON.parse(readFileSync(saved, 'utf8')) as { checks: { name: string }[] };
  expect(report.checks.map((c) => c.name)).toContain('signature');
});

test('a folder added in Settings is offered as a copy destination', async ({ home, app }) => {
  const usbLike = path.join(home.home, 'backup', 'NPKI');
  mkdirSync(usbLike, { recursive: true });
  const { page } = await app.launch();
  await openScreen(page, '설정');
  await choosePath(page, fileField(page, '추가할 폴더'), '~/backup/NPKI');
  await page.getByRole('button', { name: '추가', exact: true }).click();
  await expect(page.locator('.folders')).toContainText(usbLike);

  await openScreen(page, '인증서');
  await page.getByTestId('cert-row').first().getByRole('checkbox').check();
  await page.getByRole('button', { name: '선택한 인증서 복사·내보내기' }).click();
  await page.getByRole('radio', { name: /추가한 폴더 ~\/backup\/NPKI/ }).check();
  await page.getByRole('button', { name: '1개 복사' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1개를 복사했습니다' })).toBeVisible();
  expect(readdirSync(path.join(usbLike, 'yessign', 'USER'))).toHaveLength(1);
});

test('details: a copy made while they are open shows at once among the other places', async ({ home, app }) => {
  const backup = path.join(home.home, 'backup', 'NPKI');
  mkdirSync(backup, { recursive: true });
  writeSettings(home.dataDir, { folders: [backup] });
  const { page } = await app.launch();
  await page.getByRole('button', { name: 'HKD', exact: true }).click();
  await expect(page.getByText('다른 곳에서 같은 인증서를 찾지 못했습니다')).toBeVisible();
  await page.getByRole('group', { name: '이 인증서로 할 일' }).getByRole('button', { name: '복사·이동', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: /추가한 폴더 ~\/backup\/NPKI/ }).check();
  await dialog.getByRole('button', { name: '1개 복사' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: '1개를 복사했습니다' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.copies-table tbody tr')).toHaveCount(2);
  await expect(page.locator('.copies-table')).toContainText(path.join(backup, 'yessign'));
});
