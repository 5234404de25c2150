/**
 * The web signing agent, whole: a web page calls dojang-web → Dojang's extension (content script,
 * service worker) → the native messaging host the browser starts → the running Dojang's local
 * channel. Real Chromium with the unpacked extension, the real native host process, the real app
 * (browser host). And the refusals that live on the pipe's side.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app.js';
import { pickHost } from './fixtures/host.js';
import { addRenewedYessignCertificate } from './fixtures/home.js';
import { launchAgentBrowser, servePages, TRANSFER_TEXT, type AgentBrowser, type PageServer } from './fixtures/agent.js';
import { YESSIGN_PASSWORD } from '../fixtures/paths.js';
import { addBankTestCertificate, BANK_TEST_IDN, startDemoBank } from './fixtures/bank.js';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { importCrl, TrustStore } from '../main/verify/index.js';

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** Runs dojang-web in the page and reports the outcome (errors by their documented code). */
function callSdk(page: Page, script: string): Promise<Outcome> {
  return page.evaluate(async (body) => {
    const dojang = (window as unknown as { dojang: Record<string, (...a: unknown[]) => Promise<unknown>> }).dojang;
    try {
      return { ok: true as const, value: await (new Function('dojang', `return (${body})`) as (d: unknown) => Promise<unknown>)(dojang) };
    } catch (e) {
      const error = e as { code?: string; message?: string };
      return { ok: false as const, code: error.code ?? 'NOT_A_DOJANG_ERROR', message: error.message ?? '' };
    }
  }, script);
}

async function openBank(browser: AgentBrowser, url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await expect(page.locator('html[data-ready="1"]')).toBeAttached();
  return page;
}

test.describe('web signing agent: the pipe', () => {
  test.skip(pickHost() !== 'browser', 'the journey drives the browser host (the Electron variant needs its binary)');
  let pages: PageServer;
  let browser: AgentBrowser | null = null;

  test.beforeEach(async () => {
    pages = await servePages();
  });
  test.afterEach(async () => {
    await browser?.close();
    await pages.close();
    browser = null;
  });

  test('the journey: a bank page asks, Dojang’s window shows the transfer, the user signs, the bank’s server accepts', async ({ home, app }) => {
    addRenewedYessignCertificate(home.npkiRoot);
    browser = await launchAgentBrowser(home);
    const dojang = await app.launch();
    await expect(dojang.page.getByRole('heading', { name: '내 인증서' })).toBeVisible();
    const bank = await openBank(browser, `${pages.origin}/transfer`);
    await bank.getByRole('button', { name: '이체 확인' }).click();

    // Dojang's own window (the browser host's page): the origin as the browser reported it, the text in full.
    const dialog = dojang.page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('.agent-origin')).toContainText(pages.origin);
    await expect(dialog.getByRole('region', { name: '서명할 내용' })).toHaveText(TRANSFER_TEXT);
    await expect(dialog.getByRole('radio')).toHaveCount(1);
    const password = dialog.getByLabel('인증서 비밀번호', { exact: true });
    await password.fill(YESSIGN_PASSWORD);
    await password.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(bank.locator('#verdict')).toHaveText('accepted');

    // Again, and the user closes Dojang's window: the page hears USER_CANCELLED, nothing is signed.
    await bank.getByRole('button', { name: '이체 확인' }).click();
    await expect(dialog).toBeVisible();
    await dojang.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(bank.locator('#verdict')).toHaveText('USER_CANCELLED');

    // The page closes mid-request: the extension closes the native host, Dojang's window goes away.
    // (A third request from one origin: within the app's burst of three.)
    await bank.getByRole('button', { name: '이체 확인' }).click();
    await expect(dialog).toBeVisible();
    await bank.close();
    await expect(dialog).toBeHidden();
  });

  test('the demo bank (dojang rp serve): 타기관 등록 with the VID, sign-in, a transfer — each consented in Dojang, each accepted by the bank', async ({ home, app }) => {
    const files = path.join(path.dirname(home.home), 'bank-files');
    const cert = addBankTestCertificate(home.npkiRoot, files);
    browser = await launchAgentBrowser(home);
    const dojang = await app.launch();
    const bankServer = await startDemoBank({
      dataDir: path.join(path.dirname(home.home), 'bank'),
      args: ['--trust', cert.rootFile, '--crl', cert.crlFile, '--offline'],
      env: { DOJANG_DATA_DIR: home.dataDir },
    });
    try {
      const dialog = dojang.page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
      const consent = async (expectedText: RegExp) => {
        await expect(dialog).toBeVisible();
        await expect(dialog.locator('.agent-origin')).toContainText(bankServer.url);
        await expect(dialog.getByRole('region', { name: '서명할 내용' })).toHaveText(expectedText);
        await dialog.getByLabel('인증서 비밀번호', { exact: true }).fill(YESSIGN_PASSWORD);
        await dialog.getByLabel('인증서 비밀번호', { exact: true }).press('Enter');
        await expect(dialog).toBeHidden();
      };
      const open = async (name: string) => {
        const page = await browser!.context.newPage();
        await page.goto(`${bankServer.url}/${name}`);
        await expect(page.locator('#agent')).toHaveAttribute('data-available', 'true');
        return page;
      };

      // 타기관 등록: the R value goes to the bank only because the user saw it would.
      const register = await open('register');
      await register.getByLabel('고객 ID (customer id)').fill('hong');
      await register.getByLabel('주민등록번호 13자리 (ID number, 13 digits)').fill(BANK_TEST_IDN);
      await register.getByRole('button', { name: '인증서 등록 (register)' }).click();
      await expect(dialog).toContainText('R 값');
      await consent(/./);
      await expect(register.locator('#verdict')).toHaveAttribute('data-accepted', 'true');

      // Sign-in with a challenge, only with the certificate registered to the customer.
      const login = await open('login');
      await login.getByLabel(/고객 ID/).fill('hong');
      await login.getByRole('button', { name: '인증서로 로그인 (sign in)' }).click();
      await consent(/./);
      await expect(login.locator('#verdict')).toHaveAttribute('data-accepted', 'true');

      // A transfer: Dojang shows the bank's text, the bank checks it word for word.
      const transfer = await open('transfer');
      await transfer.getByRole('button', { name: '이체 내용 받기 (get the text to sign)' }).click();
      await expect(transfer.locator('#transfer-text')).toContainText('333-22-1111111');
      const text = (await transfer.locator('#transfer-text').textContent())!;
      await transfer.getByRole('button', { name: '이 글에 서명 (sign this text)' }).click();
      await consent(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      await expect(transfer.locator('#verdict')).toHaveAttribute('data-accepted', 'true');
    } finally {
      await bankServer.close();
    }
  });

  test('the page withdraws its request (AbortSignal): Dojang’s window closes by itself', async ({ home, app }) => {
    addRenewedYessignCertificate(home.npkiRoot);
    browser = await launchAgentBrowser(home);
    const dojang = await app.launch();
    const bank = await openBank(browser, `${pages.origin}/transfer`);
    const dialog = dojang.page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
    await bank.evaluate(() => {
      const w = window as unknown as { dojang: { sign(o: unknown, i: unknown): Promise<unknown> }; withdraw(): void };
      const controller = new AbortController();
      w.withdraw = () => controller.abort();
      const out = document.getElementById('verdict')!;
      out.textContent = '';
      w.dojang.sign({ content: { texts: ['철회할 요청'] } }, { signal: controller.signal }).catch((e: { code: string }) => (out.textContent = e.code));
    });
    await expect(dialog.getByRole('region', { name: '서명할 내용' })).toHaveText('철회할 요청');
    await bank.evaluate(() => (window as unknown as { withdraw(): void }).withdraw());
    await expect(dialog).toBeHidden();
    await expect(bank.locator('#verdict')).toHaveText('USER_CANCELLED');
  });

  test('a revoked certificate (its CA’s CRL on this computer): Dojang’s window says so; the page hears CERTIFICATE_REVOKED only when the user gives up', async ({ home, app }) => {
    const cert = addBankTestCertificate(home.npkiRoot, path.join(path.dirname(home.home), 'ca-files'), { date: new Date('2026-01-15T03:00:00Z'), reason: 1 });
    await new TrustStore(home.dataDir).add(readFileSync(cert.rootFile, 'utf8'));
    await importCrl(home.dataDir, { path: cert.crlFile });
    browser = await launchAgentBrowser(home);
    const dojang = await app.launch();
    const bank = await openBank(browser, `${pages.origin}/transfer`);
    await bank.getByRole('button', { name: '이체 확인' }).click();
    const dialog = dojang.page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
    await expect(dialog).toBeVisible();
    await expect(bank.locator('#verdict')).toHaveText('');
    const password = dialog.getByLabel('인증서 비밀번호', { exact: true });
    await password.fill(YESSIGN_PASSWORD);
    await password.press('Enter');
    // The refusal comes before the key is opened; the window stays for another certificate, and says why.
    await expect(dialog.getByRole('alert')).toContainText('폐지된 인증서로는 서명하지 않습니다');
    await expect(dialog.getByRole('alert')).toContainText('개인키 유출');
    await expect(bank.locator('#verdict')).toHaveText('');
    await dojang.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(bank.locator('#verdict')).toHaveText('CERTIFICATE_REVOKED');
  });

  test('a page reaches the running Dojang through the extension and the native host', async ({ home, app }) => {
    browser = await launchAgentBrowser(home);
    await app.launch();
    const bank = await openBank(browser, `${pages.origin}/`);
    const hello = await callSdk(bank, 'dojang.hello()');
    expect(hello).toEqual({ ok: true, value: { agent: 'dojang', version: expect.any(String), protocol: 1 } });
    expect(await callSdk(bank, 'dojang.isAvailable()')).toEqual({ ok: true, value: true });
  });

  test('refusals on the pipe: forged origin, malformed, oversized, a flood, another origin', async ({ home, app }) => {
    browser = await launchAgentBrowser(home);
    const dojang = await app.launch();
    const bank = await openBank(browser, `${pages.origin}/`);

    // The page's body may not name an origin: the strict schema refuses it before it leaves the browser.
    const post = (request: string) =>
      callSdk(
        bank,
        `new Promise((resolve, reject) => { const c = new MessageChannel(); c.port1.onmessage = (e) => { if (e.data.type === 'response') e.data.response.ok ? resolve(e.data.response.value) : reject(Object.assign(new Error(e.data.response.error.message), { code: e.data.response.error.code })); }; window.postMessage({ marker: 'dojang-web/1', request: ${request} }, location.origin, [c.port2]); })`,
      );
    expect(await post(`{ id: 'f1', method: 'hello', origin: 'https://bank.example' }`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await post(`{ id: 'f2', method: 'sign', params: { content: { texts: ['x'] } }, origin: 'https://bank.example' }`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await post(`{ id: 'm1', method: 'format-disk' }`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await post(`'not an object'`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await post(`{ id: 'o1', method: 'sign', params: { content: { texts: ['x'.repeat(1100 * 1024)] } } }`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await callSdk(bank, `dojang.sign({ content: { texts: Array(16).fill('가'.repeat(30000)) } })`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });

    // A page that opens 100 requests: one reaches Dojang (its window shows), the 99 others are refused
    // at the extension before anything leaves the browser; the user closes the one window.
    await bank.evaluate(() => {
      const w = window as unknown as { dojang: { sign(o: unknown): Promise<unknown> }; flood: string[] };
      w.flood = [];
      for (let i = 0; i < 100; i++)
        w.dojang.sign({ content: { texts: ['flood'] } }).then(
          () => w.flood.push('ok'),
          (e: { code: string }) => w.flood.push(e.code),
        );
    });
    const flood = () => bank.evaluate(() => (window as unknown as { flood: string[] }).flood);
    await expect.poll(async () => (await flood()).length).toBe(99);
    const codes = await flood();
    const count = (code: string) => codes.filter((c) => c === code).length;
    expect(count('BUSY') + count('RATE_LIMITED')).toBe(99);
    expect(count('RATE_LIMITED')).toBeGreaterThanOrEqual(80);
    const dialog = dojang.page.getByRole('dialog', { name: '웹 사이트의 전자서명 요청' });
    await expect(dialog).toHaveCount(1);
    await dojang.page.keyboard.press('Escape');
    // This HOME holds no certificate: the page learns that only now, after the user saw the window.
    await expect.poll(async () => (await flood()).at(-1)).toBe('NO_MATCHING_CERTIFICATE');

    // Another origin's page: the extension does not serve it, and it cannot borrow the bank's
    // frame (messages from another window are ignored, answers go only to the asking port).
    const other = await openBank(browser, `${pages.otherOrigin}/`);
    expect(await callSdk(other, 'dojang.hello()')).toMatchObject({ ok: false, code: 'AGENT_NOT_INSTALLED' });
    const framed = await openBank(browser, `${pages.origin}/frame?src=${encodeURIComponent(`${pages.otherOrigin}/`)}`);
    const child = framed.frames().find((f) => f.url().startsWith(pages.otherOrigin))!;
    await expect.poll(() => child.evaluate(() => document.documentElement.dataset.ready ?? '')).toBe('1');
    await child.evaluate(() => {
      const w = window as unknown as { answered: boolean };
      w.answered = false;
      const c = new MessageChannel();
      c.port1.onmessage = () => (w.answered = true);
      window.parent.postMessage({ marker: 'dojang-web/1', request: { id: 'x1', method: 'hello' } }, '*', [c.port2]);
    });
    // The content script acknowledges a message it takes at once; a whole round trip of the bank's
    // own request, posted after the frame's, shows the frame's message was seen and ignored. (The
    // flood above spent this origin's budget: the extension's own answer is the round trip.)
    expect(await callSdk(framed, 'dojang.hello()')).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await child.evaluate(() => (window as unknown as { answered: boolean }).answered)).toBe(false);
  });

  test('Dojang not running, the native host not registered, a native host of another version: specific errors', async ({ home }) => {
    browser = await launchAgentBrowser(home);
    const bank = await openBank(browser, `${pages.origin}/`);
    const notRunning = await callSdk(bank, 'dojang.hello()');
    expect(notRunning).toMatchObject({ ok: false, code: 'AGENT_NOT_RUNNING', message: expect.stringMatching(/open it/) });
    await browser.close();

    browser = await launchAgentBrowser({ ...home, register: false });
    const bank2 = await openBank(browser, `${pages.origin}/`);
    expect(await callSdk(bank2, 'dojang.hello()')).toMatchObject({ ok: false, code: 'AGENT_NOT_INSTALLED' });
    await browser.close();

    // A native host of another protocol version (an old Dojang beside a new extension): it answers v 2.
    const otherVersion = `process.stdin.once('readable', () => { const n = process.stdin.read(4).readUInt32LE(0); const req = JSON.parse(process.stdin.read(n));
      const out = Buffer.from(JSON.stringify({ v: 2, id: req.id, ok: true, value: { agent: 'dojang', version: '9.0.0', protocol: 2 } }));
      const head = Buffer.alloc(4); head.writeUInt32LE(out.length); process.stdout.write(Buffer.concat([head, out])); });`;
    browser = await launchAgentBrowser({ ...home, hostCommand: [process.execPath, '-e', otherVersion] });
    const bank3 = await openBank(browser, `${pages.origin}/`);
    expect(await callSdk(bank3, 'dojang.hello()')).toMatchObject({ ok: false, code: 'AGENT_VERSION_MISMATCH' });
  });
});
