/**
 * Import and export: a USB drive plugged in while the app runs, copying to this computer with a
 * conflict (keep both / replace), a .pfx imported (and the R-value warning), a .pfx dropped on the
 * window (no path in a page: the typed-path field), copies sent to a folder.
 */
import { expect, test } from './fixtures/app.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addYessignCertificate, FIXTURES_NPKI } from './fixtures/home.js';
import { choosePath, fileField } from './fixtures/chooser.js';
import { certMaker, expectAccessible, openScreen, sampleSpecs, screenshot, testDrives, writeCertificates } from './fixtures/ui.js';

const userFolders = (root: string, ca: string) => (existsSync(path.join(root, ca, 'USER')) ? readdirSync(path.join(root, ca, 'USER')) : []);

test('a USB drive plugged in appears; its certificates copy to this computer; a second copy asks keep both or replace', async ({ home, app }) => {
  const drives = testDrives(home.home);
  const { page } = await app.launch({ env: drives.env });
  await openScreen(page, '가져오기·내보내기');
  await expect(page.getByText('연결된 USB가 없습니다')).toBeVisible();

  drives.plug('MYUSB', (usb) => writeCertificates(path.join(usb, 'NPKI'), sampleSpecs(3)));
  await expect(page.getByRole('group', { name: '어느 USB에서 가져올까요?' }).getByRole('radio', { name: /MYUSB/ })).toBeChecked();
  const pick = page.getByRole('group', { name: '가져올 인증서' });
  await expect(pick.getByRole('checkbox')).toHaveCount(3);
  await pick.getByRole('button', { name: '모두 선택' }).click();
  await expect(page.getByRole('radio', { name: /이 컴퓨터/ })).toBeChecked();
  await expectAccessible(page, 'import from USB');
  await screenshot(page, 'transfer');
  await page.getByRole('button', { name: '3개 복사' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3개를 복사했습니다' })).toBeVisible();
  await expect.poll(() => userFolders(home.npkiRoot, 'yessign')).toHaveLength(1);
  await expect.poll(() => userFolders(home.npkiRoot, 'SignKorea')).toHaveLength(1);

  // Again: the same certificates are already there.
  await page.getByRole('button', { name: '3개 복사' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: '같은 인증서가 이미 있습니다' });
  await expect(conflict).toContainText('3개');
  await conflict.getByRole('button', { name: '둘 다 두기' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3개를 복사했습니다' })).toBeVisible();
  await expect.poll(() => userFolders(home.npkiRoot, 'yessign')).toHaveLength(2);

  // A third time, replacing: what held that certificate at the target (both copies) gives way to one new copy.
  await page.getByRole('button', { name: '3개 복사' }).click();
  await page.getByRole('alert').filter({ hasText: '같은 인증서가 이미 있습니다' }).getByRole('button', { name: '바꾸기' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3개를 복사했습니다' })).toBeVisible();
  await expect.poll(() => userFolders(home.npkiRoot, 'yessign')).toHaveLength(1);

  await openScreen(page, '인증서');
  await expect(page.getByTestId('cert-row')).toHaveCount(6);
});

test('a stick plugged before the start, its drives listed slowly (PowerShell on Windows): the list comes at once, the stick joins it', async ({ home, app }) => {
  addYessignCertificate(home.npkiRoot);
  const drives = testDrives(home.home);
  drives.plug('SLOWUSB', (usb) => addYessignCertificate(path.join(usb, 'NPKI')));
  const listed = path.join(home.home, 'drives-listed');
  const { page } = await app.launch({ env: { ...drives.env, DOJANG_TEST_DRIVES_HELD: listed } });
  const rows = page.getByTestId('cert-row');
  await expect(rows).toHaveCount(1); // the first drive listing is still held: this computer's copy only
  await expect(rows).toContainText(['HKD']);
  writeFileSync(listed, ''); // the listing ends: the stick comes as a drive change, the list refreshes
  await expect(rows.filter({ hasText: 'SLOWUSB' })).toHaveCount(1);
  await expect(rows).toHaveCount(2);
});

test('a slow copy shows its progress item by item and can be cancelled; what was not started is untouched', async ({ home, app }) => {
  writeCertificates(home.npkiRoot, sampleSpecs(6), certMaker());
  // Wide enough (6 × 2 s) that the axe scan of the running copy ends before the copy does, on a loaded machine.
  const { page } = await app.launch({ env: { DOJANG_TEST_COPY_DELAY_MS: '2000' } });
  await page.getByRole('checkbox', { name: /선택/ }).first().waitFor();
  for (const box of await page.getByTestId('cert-row').getByRole('checkbox').all()) await box.check();
  await page.getByRole('button', { name: '선택한 인증서 복사·내보내기' }).click();
  await page.getByRole('radio', { name: '다른 폴더' }).check();
  const target = path.join(home.home, 'slow', 'NPKI');
  mkdirSync(path.dirname(target));
  await choosePath(page, fileField(page, '보낼 폴더'), '~/slow');
  await page.getByRole('button', { name: '6개 복사' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByText(/6개 중 [1-5]개 끝남/)).toBeVisible();
  await expect(page.locator('.progress-log')).toContainText('완료:');
  await expectAccessible(page, 'copy in progress');
  await page.locator('.progress-view').getByRole('button', { name: '취소' }).click();
  const result = page.getByRole('status').filter({ hasText: '취소했습니다' });
  await expect(result).toBeVisible();
  const copied = ['yessign', 'SignKorea', 'KICA', 'CrossCert', 'TradeSign'].flatMap((ca) => userFolders(target, ca)).length;
  expect(copied).toBeGreaterThan(0);
  expect(copied).toBeLessThan(6);
  await expect(result).toContainText(`${copied}개를 복사했습니다`);
});

/** The yessign test key without its attributes, packed by OpenSSL: a .pfx with no randomNum (R value). */
function pfxWithoutRandomNum(dir: string): string {
  const key = path.join(dir, 'key.pem');
  const out = path.join(dir, 'noR.pfx');
  execFileSync('openssl', ['pkey', '-inform', 'DER', '-in', path.join(FIXTURES_NPKI, 'yessign-test/plainSignPri_pkcs8_noattrs.der'), '-out', key]);
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', path.join(FIXTURES_NPKI, 'yessign-test/signCert.pem'), '-passout', 'pass:Pfx#pass2025', '-out', out]);
  return out;
}

test('import a .pfx: the key is re-encrypted into NPKI files and a missing R value is said plainly', async ({ home, app }) => {
  const pfx = pfxWithoutRandomNum(home.home);
  const { page } = await app.launch();
  await openScreen(page, '가져오기·내보내기');
  await page.getByRole('tab', { name: '.pfx 가져오기' }).click();
  await choosePath(page, fileField(page, '.pfx 파일'), `~/${path.basename(pfx)}`);
  await page.getByLabel('.pfx 파일 비밀번호').fill('Pfx#pass2025');
  await page.getByLabel('가져온 인증서에 쓸 비밀번호 (선택)').fill('short');
  await expect(page.getByRole('list', { name: '비밀번호 규칙 (공동인증서)' }).locator('.rule.bad').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '가져오기', exact: true })).toBeDisabled();
  await page.getByLabel('가져온 인증서에 쓸 비밀번호 (선택)').fill('');
  await expectAccessible(page, 'import pfx');
  await page.getByRole('button', { name: '가져오기', exact: true }).click();
  const done = page.getByRole('status').filter({ hasText: '인증서를 가져왔습니다' }).first();
  await expect(done).toContainText('본인확인용 난수(R값)가 없습니다');
  await expect.poll(() => userFolders(home.npkiRoot, 'yessign')).toHaveLength(1);
  await openScreen(page, '인증서');
  await expect(page.getByTestId('cert-row')).toContainText('HKD');

  // The same again: already there.
  await openScreen(page, '가져오기·내보내기');
  await page.getByRole('tab', { name: '.pfx 가져오기' }).click();
  await choosePath(page, fileField(page, '.pfx 파일'), `~/${path.basename(pfx)}`);
  await page.getByLabel('.pfx 파일 비밀번호').fill('Pfx#pass2025');
  await page.getByRole('button', { name: '가져오기', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('같은 소유자의 인증서가 이미 그곳에 있습니다');
});

test('a .pfx dropped on the window: the page cannot see its path, so it says so and offers the chooser', async ({ app }) => {
  const { page } = await app.launch();
  await expect(page.getByRole('heading', { name: '인증서를 찾지 못했습니다' })).toBeVisible();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array([48, 130])], 'bank.pfx', { type: 'application/x-pkcs12' }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('tab', { name: '.pfx 가져오기', selected: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '"bank.pfx"을(를) 받았습니다' })).toContainText('"파일 선택…"으로');
  await expect(fileField(page, '.pfx 파일').getByRole('button', { name: '파일 선택…' })).toBeVisible();
});

test('export: copy chosen certificates to a folder', async ({ home, app }) => {
  writeCertificates(home.npkiRoot, sampleSpecs(4), certMaker());
  const { page } = await app.launch();
  await page.getByTestId('cert-row').first().getByRole('checkbox').check();
  await page.getByTestId('cert-row').nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: '선택한 인증서 복사·내보내기' }).click();
  await expect(page.getByRole('tab', { name: 'USB·폴더로 내보내기', selected: true })).toBeVisible();
  await expect(page.getByText('2개 선택됨')).toBeVisible();
  await page.getByRole('radio', { name: '다른 폴더' }).check();
  const target = path.join(home.home, 'backup', 'NPKI');
  mkdirSync(path.dirname(target));
  await choosePath(page, fileField(page, '보낼 폴더'), '~/backup');
  await page.getByRole('button', { name: '2개 복사' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2개를 복사했습니다' })).toBeVisible();
  await expect.poll(() => ['yessign', 'SignKorea', 'KICA', 'CrossCert'].flatMap((ca) => userFolders(target, ca))).toHaveLength(2);
});
