/**
 * The demo bank's pages in Chromium, with the SDK file stood in for (the real extension journey is
 * e2e/agent.spec.ts): the page script asks the server for the text, "signs" through the stand-in —
 * whose signatures this test makes with the signing modules, over the page's own origin — posts the
 * answer and shows the server's verdict. Sign-in, 타기관 등록 with the ID number and the R value, a
 * transfer whose text the server wrote, and the refusals a page shows: a wrong ID number, a changed
 * amount, a bad field. axe on each page. Then `rp serve` as its own process with the local test
 * certificate (e2e/fixtures/bank.ts) signed by Dojang's own signing path.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures/app.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signCms, signPkcs1 } from '../common/pki/cms.js';
import { computeVid } from '../common/pki/vid.js';
import { DemoBank } from '../main/rp/bank.js';
import { startBankServer, type BankServer } from '../main/rp/server.js';
import { openPgliteStore, type SqlRegistrationStore } from '../main/verify/registration-store.js';
import { RevocationChecker } from '../main/verify/revocation.js';
import { makeCrl, makePki, type TestPki } from '../main/verify/test-pki.test-util.js';
import { YESSIGN_PASSWORD } from '../fixtures/paths.js';
import { addBankTestCertificate, BANK_RANDOM_NUM, BANK_TEST_IDN, startDemoBank } from './fixtures/bank.js';
import { CHROMIUM, CHROMIUM_ARGS } from './fixtures/host.js';
import { expectAccessible } from './fixtures/ui.js';

const idn = '8001011234567';
const r = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');
/** Stands in for dojang-web: sign() posts the request to /test-sign (same origin), which the test answers. */
const FAKE_SDK = `export async function isAvailable() { return true; }
export async function sign(options) {
  const r = await fetch('/test-sign', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
  return r.json();
}
`;

let pki: TestPki;
let store: SqlRegistrationStore;
let server: BankServer;
let browser: Browser;
let dir: string;
/** A change the stand-in applies to the text before signing (a page that alters what it was given). */
let tamper: (text: string) => string = (t) => t;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-e2e-bank-'));
  pki = makePki({ crlUrls: ['http://127.0.0.1:9/ca.crl'], identify: { realName: '홍길동', vid: computeVid(idn, r, 'sha256') } });
  const revocation = new RevocationChecker({ crls: [makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 3600_000) })], offline: true });
  store = await openPgliteStore(path.join(dir, 'db'));
  const bank = new DemoBank({ store, verifyOptions: async () => ({ anchors: [pki.root.der], intermediates: [pki.ca.der], revocation }) });
  server = await startBankServer({ bank, sdkFile: null, roots: [{ subject: 'CN=Dojang Test Root,O=Dojang Test,C=KR', fingerprintSha256: '00'.repeat(32), source: 'test' }] });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openPage(name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.route('**/sdk/dojang-web.js', (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_SDK }));
  await page.route('**/test-sign', async (route) => {
    const o = JSON.parse(route.request().postData()!) as { content: { texts: string[] }; includeR?: boolean };
    const cms = await signCms({
      content: Buffer.from(tamper(o.content.texts[0]!), 'utf8'),
      detached: false,
      certDer: pki.leaf.der,
      chainDer: [pki.ca.der],
      signer: (d) => signPkcs1(pki.leaf.key.privateKey, d),
    });
    await route.fulfill({
      json: { signedData: [cms.toString('base64url')], rValue: o.includeR ? r.toString('base64url') : null, certificate: pki.leaf.der.toString('base64url') },
    });
  });
  await page.goto(`${server.url}/${name}`);
  await expect(page.locator('#agent')).toContainText('Dojang is available');
  return page;
}

const verdict = (page: Page) => page.locator('#verdict');

test('sign in: the verdict with every check; the roots the bank trusts are listed', async () => {
  const page = await openPage('login');
  await expect(page.getByRole('region', { name: '이 은행이 신뢰하는 루트 (roots this bank trusts)' })).toContainText('CN=Dojang Test Root');
  await expectAccessible(page, 'demo bank login');
  await page.getByRole('button', { name: '인증서로 로그인 (sign in)' }).click();
  await expect(verdict(page)).toHaveAttribute('data-accepted', 'true');
  await expect(verdict(page)).toContainText('받아들였습니다');
  await expect(verdict(page)).toContainText('✓ replay');
  await page.context().close();
});

test('타기관 등록: a wrong ID number is refused as the identity check; the right one registers', async () => {
  const page = await openPage('register');
  await expectAccessible(page, 'demo bank register');
  await page.getByLabel('고객 ID (customer id)').fill('hong');
  await page.getByLabel('주민등록번호 13자리 (ID number, 13 digits)').fill('800101-1234568');
  await page.getByRole('button', { name: '인증서 등록 (register)' }).click();
  await expect(verdict(page)).toHaveAttribute('data-accepted', 'false');
  await expect(verdict(page).locator('.reason')).toContainText('본인확인 (VID)');
  await expect(verdict(page)).toContainText('✓ signature');
  // The number is cleared from the page once sent.
  await expect(page.getByLabel('주민등록번호 13자리 (ID number, 13 digits)')).toHaveValue('');
  await page.getByLabel('주민등록번호 13자리 (ID number, 13 digits)').fill(idn);
  await page.getByRole('button', { name: '인증서 등록 (register)' }).click();
  await expect(verdict(page)).toHaveAttribute('data-accepted', 'true');
  await expect(verdict(page)).toContainText('✓ vid');
  await page.context().close();
});

test('transfer: the server writes the text; the page signs it; a changed amount and a bad field are refused', async () => {
  const page = await openPage('transfer');
  await expectAccessible(page, 'demo bank transfer');
  await page.getByRole('button', { name: '이체 내용 받기 (get the text to sign)' }).click();
  await expect(page.locator('#transfer-text')).toContainText('금액 (amount): 50,000원 (KRW 50000)');
  await page.getByRole('button', { name: '이 글에 서명 (sign this text)' }).click();
  await expect(verdict(page)).toHaveAttribute('data-accepted', 'true');

  tamper = (t) => t.replace('50,000원 (KRW 50000)', '5,000,000원 (KRW 5000000)');
  try {
    await page.getByRole('button', { name: '이체 내용 받기 (get the text to sign)' }).click();
    await page.getByRole('button', { name: '이 글에 서명 (sign this text)' }).click();
    await expect(verdict(page)).toHaveAttribute('data-accepted', 'false');
    await expect(verdict(page).locator('.reason')).toContainText('line 4');
  } finally {
    tamper = (t) => t;
  }

  await page.getByLabel('금액 (원) (amount, won)').fill('0');
  await page.getByRole('button', { name: '이체 내용 받기 (get the text to sign)' }).click();
  await expect(verdict(page)).toHaveAttribute('data-error', 'INVALID_REQUEST');
  await expect(verdict(page)).toContainText('amount');
  await page.context().close();
});

test('rp serve as its own process accepts the local test certificate signed by `dojang sign`: register with the VID, then a transfer', async ({ home }) => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'dojang-e2e-rp-'));
  const cert = addBankTestCertificate(home.npkiRoot, base);
  const bank = await startDemoBank({
    dataDir: path.join(base, 'bank'),
    args: ['--trust', cert.rootFile, '--crl', cert.crlFile, '--offline'],
    env: { DOJANG_DATA_DIR: home.dataDir },
  });
  try {
    expect(bank.roots.find((r) => r.source === 'file')!.subject).toContain('Dojang Test Root');
    const post = async (p: string, body: unknown) =>
      (await (await fetch(bank.url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    /** Dojang's own signing path (the CLI), with the password on stdin. */
    const dojangSign = (text: string): string => {
      const out = path.join(base, 'answer.p7s');
      execFileSync(process.execPath, [path.join(import.meta.dirname, '../bin/dojang.js'), 'sign', cert.folder, '--text', text, '--out', out, '--password-stdin'], {
        input: `${YESSIGN_PASSWORD}\n`,
        env: { ...process.env, DOJANG_DATA_DIR: home.dataDir },
      });
      return readFileSync(out).toString('base64url');
    };
    const c = (await post('/api/challenge', { purpose: 'register' })) as { nonce: string; message: string };
    const registered = await post('/api/register', {
      nonce: c.nonce,
      signedData: [dojangSign(c.message)],
      rValue: BANK_RANDOM_NUM.toString('base64url'),
      idn: BANK_TEST_IDN,
      customerId: 'hong',
    });
    expect(registered).toMatchObject({ accepted: true, registration: { customerId: 'hong', serialHex: '2001' } });
    const t = (await post('/api/transfer', { from: '110-123-456789', to: '333-22-1111111', amount: 50000, memo: '월세' })) as { nonce: string; message: string };
    expect(await post('/api/transfer/confirm', { nonce: t.nonce, signedData: [dojangSign(t.message)] })).toMatchObject({ accepted: true });
  } finally {
    await bank.close();
    rmSync(base, { recursive: true, force: true });
  }
});
