/**
 * The web signing agent's app side, on the browser host: a request goes in as the extension's
 * channel hands it over (the test hook's file inbox: no socket, no HTTP), Dojang shows its consent
 * dialog (origin, sign type, the text in full, the matching certificate), the user types the
 * password and signs by keyboard; the page's answer is a CMS that Dojang's verifier and
 * `openssl cms -verify` accept, over the exact text shown. Escape cancels; a page that closes
 * takes the dialog away. (Electron shows the same route in its own window: main/electron/consent-window.ts.)
 */
import { expect, test } from './fixtures/app.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { verifyCms } from '../common/pki/cms.js';
import { closeVerifyStores, verifySignature } from '../main/verify/index.js';
import { addRenewedYessignCertificate } from './fixtures/home.js';
import { pickHost } from './fixtures/host.js';
import { expectAccessible, screenshot } from './fixtures/ui.js';
import { YESSIGN_PASSWORD } from '../fixtures/paths.js';
import type { AgentResponse, SignResult } from '../main/agent/protocol.js';

const BANK = 'https://bank.example';
const TRANSFER = '이체 확인: 50,000원을 김철수(국민 123-456-789)에게 보냅니다';

let inbox: string;
let seq = 0;

test.skip(pickHost() !== 'browser', 'Electron shows consent in its own window; this journey drives the browser host');

test.beforeEach(({ home }) => {
  addRenewedYessignCertificate(home.npkiRoot);
  inbox = path.join(home.dataDir, '..', 'agent-inbox');
  mkdirSync(inbox, { recursive: true });
});
test.afterEach(() => closeVerifyStores());

/** Hands a request to the app as the extension's channel would (renamed in whole: never read half-written). */
function send(params: Record<string, unknown>): string {
  const name = `r${++seq}`;
  const request = { v: 1, id: name, origin: BANK, request: { id: name, method: 'sign', params } };
  writeFileSync(path.join(inbox, `${name}.tmp`), JSON.stringify(request));
  renameSync(path.join(inbox, `${name}.tmp`), path.join(inbox, `${name}.request.json`));
  return name;
}

async function answerTo(name: string): Promise<AgentResponse> {
  const file = path.join(inbox, `${name}.response.json`);
  await expect.poll(() => existsSync(file)).toBe(true);
  return JSON.parse(readFileSync(file, 'utf8')) as AgentResponse;
}

test('a bank page asks; the user reads the text, types the password and signs; the CMS verifies over that text', async ({ app }) => {
  const { page } = await app.launch({ env: { DOJANG_TEST_AGENT_INBOX: inbox } });
  await expect(page.getByRole('heading', { name: '내 인증서' })).toBeVisible();

  const name = send({ content: { texts: [TRANSFER] }, signType: 'transfer', filter: { policyOids: ['1.2.410.200005.1.1.4'] } });
  const dialog = page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.agent-origin')).toContainText(BANK);
  await expect(dialog).toContainText('이체');
  await expect(dialog.getByRole('region', { name: '서명할 내용' })).toHaveText(TRANSFER);
  await expect(dialog).not.toContainText('R 값');
  // Only the matching certificate, already chosen; focus on the first field.
  const choice = dialog.getByRole('radio');
  await expect(choice).toHaveCount(1);
  await expect(choice).toBeChecked();
  await expect(choice).toBeFocused();
  await screenshot(page, 'agent-consent');
  await expectAccessible(page, 'consent dialog');
  await expect(page).toHaveTitle('서명 요청 — 도장');

  // A wrong password stays in the window to retry.
  const password = dialog.getByLabel('인증서 비밀번호', { exact: true });
  await password.fill('not the password');
  await password.press('Enter');
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog).toBeVisible();

  await password.fill(YESSIGN_PASSWORD);
  await dialog.getByRole('checkbox', { name: /허용 목록에 넣기/ }).check();
  await password.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page).toHaveTitle('도장 Dojang — 인증서 관리');
  const response = await answerTo(name);
  expect(response.ok).toBe(true);
  const value = (response as { value: SignResult }).value;
  const cms = Buffer.from(value.signedData[0]!, 'base64url');
  const checked = verifyCms(cms);
  expect(checked.valid).toBe(true);
  expect(checked.content?.toString('utf8')).toBe(TRANSFER);
  // The relying-party engine: signature, digest and signed attributes hold; the test root is not trusted, so "indeterminate".
  const report = await verifySignature(path.join(inbox, 'rp'), { input: { base64: value.signedData[0]! } });
  for (const name of ['signature', 'contentDigest', 'signedAttributes'] as const) expect(report.checks.find((c) => c.name === name)?.ok, name).toBe(true);
  expect(report.verdict).toBe('indeterminate');
  const file = path.join(inbox, 'signed.p7s');
  writeFileSync(file, cms);
  expect(execFileSync('openssl', ['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8')).toBe(TRANSFER);

  // Escape cancels: the page hears USER_CANCELLED.
  const second = send({ content: { texts: ['로그인 확인'] }, signType: 'login', includeR: true });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('본인확인 정보(R 값)도 이 사이트로 보냅니다');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await answerTo(second)).toMatchObject({ ok: false, error: { code: 'USER_CANCELLED' } });

  // The page closes mid-dialog: the dialog goes away by itself.
  const third = send({ content: { binaries: [{ name: '계약서.pdf', data: Buffer.from('%PDF-1.7').toString('base64url') }] }, signType: 'contract' });
  await expect(dialog).toContainText('계약서.pdf');
  writeFileSync(path.join(inbox, `${third}.abort`), '');
  await expect(dialog).toBeHidden();
  expect(await answerTo(third)).toMatchObject({ ok: false, error: { code: 'USER_CANCELLED' } });

  // Settings → Web signing: the request log, with the outcome of each, and no content.
  await page.getByRole('button', { name: '설정' }).click();
  const log = page.locator('table.agent-audit');
  await expect(log.getByRole('row')).toHaveCount(4);
  await expect(log).toContainText('서명함');
  await expect(log).toContainText('취소함');
  await expect(log).toContainText('페이지가 닫힘');
  await expect(log).not.toContainText('김철수');

  // The site list: allowed by the box in the dialog; blocked here → refused without a dialog; removed.
  const sites = page.locator('.agent-sites');
  await expect(sites).toContainText(BANK);
  await expect(sites).toContainText('허용 (매번 확인)');
  await page.getByRole('group', { name: '웹 서명 (브라우저 확장)' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'agent-settings');
  await expectAccessible(page, 'settings with the request log');
  await sites.getByRole('button', { name: '차단', exact: true }).click();
  // Blocked: the switch now offers to allow it again.
  await expect(sites.getByRole('button', { name: '허용', exact: true })).toBeVisible();
  const blocked = send({ content: { texts: ['x'] } });
  expect(await answerTo(blocked)).toMatchObject({ ok: false, error: { code: 'SITE_NOT_ALLOWED' } });
  await expect(dialog).toHaveCount(0);
  await sites.getByRole('button', { name: `${BANK} 목록에서 빼기` }).click();
  await expect(page.getByText('허용하거나 차단한 사이트가 없습니다.')).toBeVisible();
});

test('the consent route alone (what Electron’s consent window loads) shows the request and nothing else', async ({ app }) => {
  const { page } = await app.launch({ env: { DOJANG_TEST_AGENT_INBOX: inbox } });
  await expect(page.getByRole('heading', { name: '내 인증서' })).toBeVisible();
  await page.evaluate(() => {
    window.location.hash = '#agent';
    window.location.reload();
  });
  await expect(page.getByText('기다리는 서명 요청이 없습니다.')).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  const name = send({ content: { texts: ['로그인'] }, signType: 'login', filter: { issuers: ['signGATE FTCA06'] } });
  const dialog = page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
  await expect(dialog).toBeVisible();
  // No matching certificate: said in the window; the page hears it only once the user closes it.
  await expect(dialog).toContainText('이 요청에 맞는 인증서가 없습니다');
  // Nothing to sign with: focus on Cancel (the first button that does something).
  await expect(dialog.getByRole('button', { name: '취소' })).toBeFocused();
  expect(existsSync(path.join(inbox, `${name}.response.json`))).toBe(false);
  await dialog.getByRole('button', { name: '취소' }).click();
  expect(await answerTo(name)).toMatchObject({ ok: false, error: { code: 'NO_MATCHING_CERTIFICATE' } });
  await expect(page.getByText('기다리는 서명 요청이 없습니다.')).toBeVisible();
});
