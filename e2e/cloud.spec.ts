/**
 * 금융인증서 journeys on the real UI and the real cloud service (started by the fixture, stopped
 * and restarted when a journey needs an outage). The auto-connect token goes to the real OS
 * keychain (CI: GNOME Keyring under dbus-run-session, scripts/ci/with-keyring.sh); the signature
 * is checked with OpenSSL.
 */
import type { Locator, Page } from '@playwright/test';
import type { AppLauncher } from './fixtures/app.js';
import { expect, test } from './fixtures/cloud-app.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newPerson, type CloudService, type Person } from './fixtures/cloud.js';
import { writeSettings } from './fixtures/home.js';
import { choosePath, fileField } from './fixtures/chooser.js';
import type { TestKeychain } from './fixtures/keychain.js';

const PIN = '802413';
test.describe.configure({ mode: 'serial' });
test.beforeEach(({ home, cloud }) => writeSettings(home.dataDir, { language: 'en', cloudUrl: cloud.url, notifications: false }));

async function start(app: AppLauncher, cloud: CloudService, env: Record<string, string> = {}): Promise<Page> {
  const { page } = await app.launch({ env });
  await page.getByRole('navigation', { name: 'Main menu' }).getByText('Financial cert (cloud)').click();
  await expect(page.getByText(cloud.url)).toBeVisible();
  return page;
}

async function restart(app: AppLauncher, cloud: CloudService): Promise<Page> {
  await app.close();
  return start(app, cloud);
}

async function connect(cloud: CloudService, page: Page, p: Person, remember = true): Promise<void> {
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Mobile number').fill(p.mobile);
  await page.getByLabel('Birth date (8 digits)').fill(p.birthDate);
  await page.getByRole('button', { name: 'Send the code' }).click();
  await expect(page.getByLabel('6-digit code')).toBeVisible();
  await expect(page.getByText('Development service')).toHaveCount(0); // not the app's own cloud: no outbox path to show
  await page.getByLabel('6-digit code').fill(cloud.lastCode(p.mobile));
  const box = page.getByLabel('Remember this device (auto-connect)');
  if (remember) await box.check();
  else await box.uncheck();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText('This device is connected to the cloud')).toBeVisible();
}

/** Issues with the bank's refNum / authCode (the person was registered before connecting). */
async function issue(page: Page, registration: { refNum: string; authCode: string }, pin = PIN): Promise<void> {
  const { refNum, authCode } = registration;
  await page.getByRole('button', { name: 'Issue / reissue' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reference number').fill(refNum);
  await dialog.getByLabel('Authorization code').fill(authCode);
  await dialog.getByLabel('New 6-digit PIN').fill(pin);
  await dialog.getByLabel('New PIN again').fill(pin);
  await dialog.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.cloud-cert')).toHaveCount(1);
}

/** Signs text with the first cloud certificate (or from `opener`); answers the dialog (left open). */
async function sign(page: Page, pin: string, outPath?: string, opener = page.locator('.cloud-cert').getByRole('button', { name: 'Sign' })) {
  await opener.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Text to sign').fill('본인은 위 거래에 동의합니다.');
  if (outPath) await choosePath(page, fileField(dialog, 'Save the signature to (optional)'), `~/${path.basename(outPath)}`);
  await dialog.getByLabel('6-digit PIN').fill(pin);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  return dialog;
}

/** Files under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

function opensslVerify(file: string, rootPem: string): string {
  const ca = file + '.root.pem';
  writeFileSync(ca, rootPem);
  return execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', file, '-binary', '-CAfile', ca, '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString(
    'utf8',
  );
}

/** The signer certificate's notAfter, as OpenSSL reads it from the signature file. */
function signerNotAfter(file: string): Date {
  const signer = file + '.signer.pem';
  execFileSync('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', file, '-binary', '-signer', signer, '-out', '/dev/null'], { stdio: 'ignore' });
  const line = execFileSync('openssl', ['x509', '-in', signer, '-noout', '-enddate']).toString('utf8'); // notAfter=Dec  3 12:00:00 2029 GMT
  return new Date(line.trim().replace(/^notAfter=/, ''));
}

/** Five wrong PINs through the sign dialog: four count down the tries, the fifth locks. */
async function lockByWrongPins(page: Page): Promise<void> {
  for (let left = 4; left >= 1; left--) {
    const dialog = await sign(page, '135790');
    await expect(dialog.getByRole('alert')).toContainText('Wrong PIN');
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await expect(page.locator('.cloud-cert')).toContainText(`${left} tries left`);
  }
  const last = await sign(page, '135790');
  await expect(last.getByRole('alert')).toContainText('locked');
  await last.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(page.locator('.cloud-cert')).toContainText('PIN locked');
}

/** Presses Tab once per stop; each press must land on the next one. */
async function tabWalk(page: Page, stops: Locator[]): Promise<void> {
  for (const stop of stops) {
    await page.keyboard.press('Tab');
    await expect(stop).toBeFocused();
  }
}

/** Escape closes the dialog, and the focus returns to the control that opened it. */
async function escapeReturnsTo(page: Page, dialog: Locator, opener: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
}

/** A PIN keypad is one Tab stop: the focus is on one of its keys. */
function inPad(pad: Locator): Locator {
  return pad.locator('button:focus');
}

test('connect → remember this device → issue → restart: auto-connected → sign → the signature verifies (OpenSSL)', async ({ home, app, cloud, keychain }) => {
  keychain.require();
  const p = newPerson();
  const registration = await cloud.register(p); // the bank's part
  let page = await start(app, cloud);
  await expect(page.getByText('This device is not connected to the cloud')).toBeVisible();
  await connect(cloud, page, p, true);
  await expect(page.getByText('auto-connect on')).toBeVisible();
  await expect.poll(() => keychain.hasEntry()).toBe(true);
  await issue(page, registration);
  await expect(page.locator('.cloud-cert')).toContainText(p.name);
  // The token is in the keychain and nowhere in the app's files.
  const [entry] = await keychain.entries();
  const { token } = JSON.parse(entry!.password) as { token: string };
  expect(filesContaining(path.dirname(home.dataDir), token)).toEqual([]);

  page = await restart(app, cloud);
  await expect(page.getByText('This device is connected to the cloud')).toBeVisible();
  await expect(page.getByText('auto-connect on')).toBeVisible();
  await expect(page.locator('.cloud-cert')).toContainText('5 tries left');
  await expect(page.locator('.devices')).toContainText('this device');

  const out = path.join(home.home, 'signed.p7s');
  const dialog = await sign(page, PIN, out);
  await expect(dialog.getByText('Signed.', { exact: true })).toBeVisible();
  await expect.poll(() => existsSync(out)).toBe(true);
  expect(opensslVerify(out, await cloud.rootPem())).toBe('본인은 위 거래에 동의합니다.');
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();

  // The certificate also shows in the main list, beside local ones.
  await page.getByRole('navigation', { name: 'Main menu' }).getByText('Certificates', { exact: true }).click();
  await expect(page.getByTestId('cert-row').filter({ hasText: p.name })).toHaveCount(1);

  // Disconnect: the keychain entry and the cloud's device go.
  await page.getByRole('navigation', { name: 'Main menu' }).getByText('Financial cert (cloud)').click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText('This device is not connected to the cloud')).toBeVisible();
  await expect.poll(() => keychain.hasEntry()).toBe(false);
});

test('5 wrong PINs lock the certificate; unlock with an SMS code and a new PIN', async ({ app, cloud }) => {
  const p = newPerson();
  const registration = await cloud.register(p);
  let page = await start(app, cloud);
  await connect(cloud, page, p, false);
  await issue(page, registration);
  await lockByWrongPins(page);

  await page.locator('.cloud-cert').getByRole('button', { name: 'Unlock PIN' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Send the code' }).click();
  await expect(dialog.getByLabel('6-digit code')).toBeVisible();
  await dialog.getByLabel('6-digit code').fill(cloud.lastCode(p.mobile));
  await dialog.getByLabel('New 6-digit PIN').fill('270518');
  await dialog.getByLabel('New PIN again').fill('270518');
  await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.cloud-cert')).toContainText('5 tries left');
  const signed = await sign(page, '270518');
  await expect(signed.getByText('Signed.', { exact: true })).toBeVisible();
  await signed.getByRole('button', { name: 'Close', exact: true }).first().click();
  page = await restart(app, cloud);
  await expect(page.getByText('This device is not connected to the cloud')).toBeVisible(); // not remembered
});

/** Name, mobile, birth date → the SMS code typed in; the "remember" box set as asked; not yet submitted. */
async function enterCode(cloud: CloudService, page: Page, p: Person, remember: boolean): Promise<void> {
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Mobile number').fill(p.mobile);
  await page.getByLabel('Birth date (8 digits)').fill(p.birthDate);
  await page.getByRole('button', { name: 'Send the code' }).click();
  await expect(page.getByLabel('6-digit code')).toBeVisible();
  await page.getByLabel('6-digit code').fill(cloud.lastCode(p.mobile));
  const box = page.getByLabel('Remember this device (auto-connect)');
  if (remember) await box.check();
  else await expect(box).not.toBeChecked(); // one-time is the default
}

test('a one-time connection registers no device, however often; a restart asks for the SMS again', async ({ app, cloud, keychain }) => {
  const p = newPerson();
  await cloud.register(p);
  const phone = await cloud.connectOtherDevice(p, 'phone');
  let page = await start(app, cloud);
  for (let round = 0; round < 3; round++) {
    await enterCode(cloud, page, p, false);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByText('connected this time only')).toBeVisible();
    // The devices list (and the cloud's count) has only the phone: this computer holds no slot.
    await expect(page.locator('.devices li')).toHaveCount(1);
    expect((await phone.devices()).map((d) => d.name)).toEqual(['phone']);
    page = await restart(app, cloud);
    await expect(page.getByText('This device is not connected to the cloud')).toBeVisible();
  }
  expect(await keychain.hasEntry()).toBe(false);
});

test('at five remembered devices the person picks one to replace in the dialog; the choice holds after a restart', async ({ app, cloud, keychain }) => {
  keychain.require();
  const p = newPerson();
  await cloud.register(p);
  const others = [];
  for (let i = 1; i <= 5; i++) others.push(await cloud.connectOtherDevice(p, `phone ${i}`));
  let page = await start(app, cloud);
  await enterCode(cloud, page, p, true);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '5 devices already use auto-connect' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio')).toHaveCount(5);
  await expect(dialog.getByRole('button', { name: 'Replace and connect' })).toBeDisabled();
  await dialog.getByRole('radio', { name: /phone 2/ }).check();
  await dialog.getByRole('button', { name: 'Replace and connect' }).click();
  await expect(page.getByText('auto-connect on')).toBeVisible();
  await expect(page.locator('.devices li')).toHaveCount(5);
  await expect(page.locator('.devices')).not.toContainText('phone 2');
  await expect(others[1]!.devices()).rejects.toThrow(/401/);
  expect(await keychain.hasEntry()).toBe(true);
  page = await restart(app, cloud);
  await expect(page.getByText('auto-connect on')).toBeVisible();
  await expect(page.locator('.devices li').filter({ hasText: 'this device' })).toHaveCount(1);
});

test('at the limit, "connect this time only" works and replaces nothing', async ({ app, cloud, keychain }) => {
  const p = newPerson();
  await cloud.register(p);
  const others = [];
  for (let i = 1; i <= 5; i++) others.push(await cloud.connectOtherDevice(p, `phone ${i}`));
  let page = await start(app, cloud);
  // Without a keychain the box cannot be ticked; the limit dialog is reached only with one.
  if (!keychain.unavailable) {
    await enterCode(cloud, page, p, true);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '5 devices already use auto-connect' });
    await dialog.getByRole('button', { name: 'Connect this time only' }).click();
  } else {
    await enterCode(cloud, page, p, false);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
  }
  await expect(page.getByText('connected this time only')).toBeVisible();
  expect((await others[0]!.devices()).map((d) => d.name)).toEqual(['phone 1', 'phone 2', 'phone 3', 'phone 4', 'phone 5']);
  page = await restart(app, cloud);
  await expect(page.getByText('This device is not connected to the cloud')).toBeVisible();
});

test('devices: this app revokes a lost phone; a device revoked from elsewhere falls back to connecting', async ({ app, cloud, keychain }) => {
  keychain.require();
  const p = newPerson();
  await cloud.register(p);
  let page = await start(app, cloud);
  await connect(cloud, page, p, true);
  // Restart only once the token is in the keychain: auto-connect reads it from there.
  await expect.poll(() => keychain.hasEntry()).toBe(true);
  const phone = await cloud.connectOtherDevice(p, 'lost phone');
  page = await restart(app, cloud);
  const rows = page.locator('.devices li');
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: 'lost phone' }).getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('this device');
  await expect(phone.devices()).rejects.toThrow(/401/);

  // From another computer, the person revokes this app's device.
  const laptop = await cloud.connectOtherDevice(p, 'office laptop');
  const mine = (await laptop.devices()).find((d) => !d.current)!;
  await laptop.revoke(mine.deviceID);
  page = await restart(app, cloud);
  await expect(page.getByText('This device is not connected to the cloud')).toBeVisible();
  await expect(page.getByLabel('Name')).toBeVisible();
  await expect.poll(() => keychain.hasEntry()).toBe(false);
});

test('the cloud goes away before a signature: a clear error, no file; it comes back and the retry works', async ({ home, app, cloud }) => {
  const p = newPerson();
  const registration = await cloud.register(p);
  const page = await start(app, cloud);
  await connect(cloud, page, p, false);
  await issue(page, registration);
  await cloud.stop();
  const out = path.join(home.home, 'contract.p7s');
  const dialog = await sign(page, PIN, out);
  await expect(dialog.getByRole('alert')).toContainText('cannot be reached');
  expect(existsSync(out)).toBe(false);
  await cloud.start();
  await dialog.getByLabel('6-digit PIN').fill(PIN);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(dialog.getByText('Signed.', { exact: true })).toBeVisible();
  await expect.poll(() => (existsSync(out) ? readFileSync(out).length : 0)).toBeGreaterThan(1000);
  await expect(page.locator('.cloud-cert')).toContainText('5 tries left');
});

test('without a usable keychain the app says so, cannot remember the device, and still connects and signs', async ({ app, cloud, keychain }) => {
  const p = newPerson();
  const registration = await cloud.register(p);
  // A D-Bus address with nobody behind it: no Secret Service for this app.
  const page = await start(app, cloud, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/dojang-e2e-bus' });
  await expect(page.getByText(/Dojang cannot remember this device/)).toBeVisible();
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Mobile number').fill(p.mobile);
  await page.getByLabel('Birth date (8 digits)').fill(p.birthDate);
  await page.getByRole('button', { name: 'Send the code' }).click();
  await expect(page.getByLabel('6-digit code')).toBeVisible();
  await expect(page.getByLabel('Remember this device (auto-connect)')).toBeDisabled();
  await expect(page.getByLabel('Remember this device (auto-connect)')).not.toBeChecked();
  await page.getByLabel('6-digit code').fill(cloud.lastCode(p.mobile));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText('This device is connected to the cloud')).toBeVisible();
  await expect(page.getByText('auto-connect on')).toHaveCount(0);
  await expect(page.getByText('connected this time only')).toBeVisible();
  await issue(page, registration);
  const dialog = await sign(page, PIN);
  await expect(dialog.getByText('Signed.', { exact: true })).toBeVisible();
  expect(await keychain.hasEntry().catch(() => false)).toBe(false);
  // No device left behind at the cloud.
  const phone = await cloud.connectOtherDevice(p, 'phone');
  expect((await phone.devices()).map((d) => d.name)).toEqual(['phone']);
});

test('the cloud dialogs by keyboard alone: each opens on its first field (or its safe button), Escape cancels, focus returns to the opener', async ({ app, cloud, keychain }) => {
  keychain.require();
  const p = newPerson();
  const registration = await cloud.register(p);
  const page = await start(app, cloud);
  await connect(cloud, page, p, true);
  await issue(page, registration);
  // [the button that opens it, the field that must have focus first, else the button that must]
  const dialogs: [Locator, { field: string } | { button: string } | null][] = [
    [page.getByRole('button', { name: 'Issue / reissue' }), { field: 'Reference number' }],
    [page.locator('.cloud-cert').getByRole('button', { name: 'Sign', exact: true }), null],
    [page.locator('.devices li').first().getByRole('button', { name: 'Revoke', exact: true }), { button: 'Cancel' }],
  ];
  for (const [opener, first] of dialogs) {
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    if (first && 'field' in first) await expect(dialog.getByLabel(first.field, { exact: true })).toBeFocused();
    else if (first) await expect(dialog.getByRole('button', { name: first.button, exact: true })).toBeFocused();
    else await expect(dialog.locator(':focus')).toHaveCount(1);
    await expect(dialog.locator('.dialog-header button')).not.toBeFocused();
    await escapeReturnsTo(page, dialog, opener);
  }
});

test('unlock by keyboard alone: Send the code, then code → new PIN → again → Unlock; a wrong code keeps every field; the new PIN signs', async ({ home, app, cloud }) => {
  const p = newPerson();
  const registration = await cloud.register(p);
  const page = await start(app, cloud);
  await connect(cloud, page, p, false);
  await issue(page, registration);
  await lockByWrongPins(page);

  const card = page.locator('.cloud-cert');
  const opener = card.getByRole('button', { name: 'Unlock PIN' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Unlock PIN' });
  const send = dialog.getByRole('button', { name: 'Send the code' });
  await expect(send).toBeFocused(); // no field yet: the safe first step, not the header's ×
  await tabWalk(page, [dialog.getByRole('button', { name: 'Cancel', exact: true })]);
  await escapeReturnsTo(page, dialog, opener);

  await page.keyboard.press('Enter');
  await expect(send).toBeFocused();
  await page.keyboard.press('Enter');
  const code = dialog.getByLabel('6-digit code');
  await expect(code).toBeFocused();
  const right = cloud.lastCode(p.mobile);
  const wrong = right === '000000' ? '111111' : '000000';
  const newPin = dialog.getByLabel('New 6-digit PIN');
  const again = dialog.getByLabel('New PIN again');
  const pads = dialog.getByRole('toolbar', { name: 'PIN keypad' });
  await page.keyboard.type(wrong);
  await tabWalk(page, [newPin]);
  await page.keyboard.type('270518');
  await tabWalk(page, [inPad(pads.nth(0)), again]);
  await page.keyboard.type('270518');
  const submit = dialog.getByRole('button', { name: 'Unlock', exact: true });
  await tabWalk(page, [inPad(pads.nth(1)), submit, dialog.getByRole('button', { name: 'Cancel', exact: true })]);
  await page.keyboard.press('Shift+Tab');
  await expect(submit).toBeFocused();

  // Enter on Unlock sends the wrong code: the specific error, every field kept, focus back on the code.
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText(/Wrong code \(\d tries left\)/);
  await expect(code).toBeFocused();
  await expect(code).toHaveValue(wrong);
  await expect(newPin).toHaveValue('270518');
  await expect(again).toHaveValue('270518');

  // The code is selected: typing the right one replaces it; Enter in the field submits.
  await page.keyboard.type(right);
  await expect(code).toHaveValue(right);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(card).toContainText('5 tries left');
  // The opener is gone (the PIN is unlocked): focus lands on the certificate's Sign button.
  const signButton = card.getByRole('button', { name: 'Sign', exact: true });
  await expect(signButton).toBeFocused();

  const out = path.join(home.home, 'unlocked.p7s');
  const signed = await sign(page, '270518', out);
  await expect(signed.getByText('Signed.', { exact: true })).toBeVisible();
  await expect.poll(() => existsSync(out)).toBe(true);
  expect(opensslVerify(out, await cloud.rootPem())).toBe('본인은 위 거래에 동의합니다.');
});

/**
 * A remembered device with one certificate in its renewal window: issued with the cloud's clock 3
 * years less 20 days behind; then the clock is set right and the app restarted (auto-connect), so
 * the renewal runs at the real time (the app's and OpenSSL's clock too). Reset the clock after.
 */
async function inRenewalWindow(app: AppLauncher, cloud: CloudService, keychain: TestKeychain): Promise<{ page: Page; issuedDates: string | null }> {
  keychain.require();
  const p = newPerson();
  const now = new Date();
  const issuedAt = new Date(now);
  issuedAt.setUTCFullYear(issuedAt.getUTCFullYear() - 3);
  issuedAt.setTime(issuedAt.getTime() + 20 * 24 * 3600_000);
  await cloud.setClockOffset(issuedAt.getTime() - now.getTime());
  const registration = await cloud.register(p);
  let page = await start(app, cloud);
  await connect(cloud, page, p, true);
  await expect.poll(() => keychain.hasEntry()).toBe(true);
  await issue(page, registration);
  const issuedDates = await page.locator('.cloud-cert .small.muted').first().textContent();

  await cloud.setClockOffset(0);
  page = await restart(app, cloud);
  await expect(page.getByText('auto-connect on')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '1 financial certificate(s) to renew' })).toBeVisible();
  return { page, issuedDates };
}

test('renew by keyboard alone in the renewal window: PIN first, Escape returns, a wrong PIN is said, the new certificate signs', async ({ home, app, cloud, keychain }) => {
  try {
    const { page, issuedDates } = await inRenewalWindow(app, cloud, keychain);
    const card = page.locator('.cloud-cert');
    const opener = card.getByRole('button', { name: 'Renew now' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Renew now' });
    const pin = dialog.getByLabel('6-digit PIN');
    await expect(pin).toBeFocused();
    const submit = dialog.getByRole('button', { name: 'Renew', exact: true });
    await page.keyboard.type(PIN);
    const pad = dialog.getByRole('toolbar', { name: 'PIN keypad' });
    await tabWalk(page, [inPad(pad)]);
    // The PIN is full, so the digits are off: the keypad's stop is ⌫, the arrows reach Clear and back.
    const backspace = pad.getByRole('button', { name: 'Delete one digit' });
    await expect(backspace).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(pad.getByRole('button', { name: 'Clear' })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(backspace).toBeFocused();
    await tabWalk(page, [submit, dialog.getByRole('button', { name: 'Cancel', exact: true })]);
    await escapeReturnsTo(page, dialog, opener);

    // A wrong PIN: said in the dialog, the PIN field emptied and focused for the next try.
    await page.keyboard.press('Enter');
    await expect(pin).toBeFocused();
    await page.keyboard.type('135790');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('alert')).toContainText('Wrong PIN');
    await expect(pin).toBeFocused();
    await expect(pin).toHaveValue('');

    await page.keyboard.type(PIN);
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(/Renewed\. New expiry/)).toBeVisible();
    await expect(card).toHaveCount(1); // the old certificate is revoked and gone
    await expect(card.getByRole('button', { name: 'Renew now' })).toHaveCount(0);
    await expect(card.locator('.small.muted').first()).not.toHaveText(issuedDates ?? '');
    // The opener is gone with the old certificate: focus lands on the new one's Sign button.
    await expect(card.getByRole('button', { name: 'Sign', exact: true })).toBeFocused();

    const out = path.join(home.home, 'renewed.p7s');
    const signed = await sign(page, PIN, out);
    await expect(signed.getByText('Signed.', { exact: true })).toBeVisible();
    await expect.poll(() => existsSync(out)).toBe(true);
    expect(opensslVerify(out, await cloud.rootPem())).toBe('본인은 위 거래에 동의합니다.');
  } finally {
    await cloud.setClockOffset(0);
  }
});

test('renew from the Details screen: it moves to the new certificate (its expiry as issued), the heading has focus, Back returns, the new certificate signs', async ({
  home,
  app,
  cloud,
  keychain,
}) => {
  try {
    const { page, issuedDates } = await inRenewalWindow(app, cloud, keychain);
    await page.locator('.cloud-cert').getByRole('button', { name: 'Details' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    const validity = page
      .locator('.field-line')
      .filter({ has: page.getByText('Valid', { exact: true }) })
      .locator('dd');
    const oldValidity = await validity.textContent();
    expect(oldValidity).toContain(issuedDates!.split(' – ')[1]);
    const actions = page.getByRole('group', { name: 'What you can do with this certificate' });
    await actions.getByRole('button', { name: 'Renew now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Renew now' });
    await dialog.getByLabel('6-digit PIN').fill(PIN);
    await dialog.getByRole('button', { name: 'Renew', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(/Renewed\. New expiry/)).toBeVisible();

    // The screen shows the renewed certificate, not the old one that the renewal replaced.
    await expect(validity).not.toHaveText(oldValidity ?? '');
    await expect(page.getByText(/no longer there/)).toHaveCount(0);
    await expect(actions.getByRole('button', { name: 'Renew now' })).toBeDisabled();
    await expect(heading).toBeFocused();

    // Its expiry is the one the cloud issued: OpenSSL reads it from the certificate in a signature made here.
    const out = path.join(home.home, 'renewed-details.p7s');
    const signed = await sign(page, PIN, out, actions.getByRole('button', { name: 'Sign', exact: true }));
    await expect(signed.getByText('Signed.', { exact: true })).toBeVisible();
    await expect.poll(() => existsSync(out)).toBe(true);
    expect(opensslVerify(out, await cloud.rootPem())).toBe('본인은 위 거래에 동의합니다.');
    const notAfter = signerNotAfter(out);
    // Shown as the app shows dates: the day in the browser's time zone.
    const shown = await page.evaluate((iso) => {
      const d = new Date(iso);
      return `${d.getFullYear()}.${String(d.getMonth() + 1).padStart(2, '0')}.${String(d.getDate()).padStart(2, '0')}`;
    }, notAfter.toISOString());
    await expect(validity).toContainText(` – ${shown}`);
    const renewedValidity = await validity.textContent();
    await signed.getByRole('button', { name: 'Close', exact: true }).first().click();

    // Back goes where the user came from (the cloud screen), not to the old certificate.
    await page.getByRole('button', { name: '← Back' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Financial certificate (금융인증서)');
    await expect(page.locator('.cloud-cert')).toHaveCount(1);
    await expect(page.locator('.cloud-cert .small.muted').first()).toHaveText(renewedValidity!);
  } finally {
    await cloud.setClockOffset(0);
  }
});

/** The SMS code sent to this number once it is in the outbox (the cloud sends it without waiting), other than `previous`. */
async function nextCode(cloud: CloudService, mobile: string, previous?: string): Promise<string> {
  const latest = () => {
    try {
      return cloud.lastCode(mobile);
    } catch {
      return null; // no SMS yet
    }
  };
  await expect.poll(() => latest() !== null && latest() !== previous).toBe(true);
  return latest()!;
}

/**
 * Five wrong codes on an SMS step (the cloud counts each try, 5 per code): four say the tries left,
 * the fifth that none is left, and the step offers a new code in place, focused.
 */
async function spendCode(page: Page, scope: Locator, right: string, submit: Locator): Promise<Locator> {
  const wrong = right === '000000' ? '111111' : '000000';
  const code = scope.getByLabel('6-digit code');
  const newCode = scope.getByRole('button', { name: 'Send a new code' });
  for (let left = 4; left >= 1; left--) {
    await code.fill(wrong);
    await submit.click();
    await expect(scope.getByRole('alert')).toContainText(`Wrong code (${left} tries left)`);
    await expect(newCode).toHaveCount(0); // the code can still work
  }
  await code.fill(wrong);
  await submit.click();
  await expect(scope.getByRole('alert')).toContainText('no tries left: request a new code');
  await expect(newCode).toBeFocused();
  return newCode;
}

test('after the last wrong SMS code, "Send a new code" in place (connect and unlock, by keyboard): the new code works, the PINs kept, the new PIN signs', async ({
  home,
  app,
  cloud,
}) => {
  const p = newPerson();
  const registration = await cloud.register(p);
  const page = await start(app, cloud);

  // Connecting: the details stay, a new SMS goes out, the code field is emptied and focused.
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Mobile number').fill(p.mobile);
  await page.getByLabel('Birth date (8 digits)').fill(p.birthDate);
  await page.getByRole('button', { name: 'Send the code' }).click();
  const connectForm = page.locator('form').filter({ has: page.getByLabel('6-digit code') });
  await expect(connectForm.getByLabel('6-digit code')).toBeVisible();
  const first = await nextCode(cloud, p.mobile);
  const connectButton = connectForm.getByRole('button', { name: 'Connect', exact: true });
  let newCode = await spendCode(page, connectForm, first, connectButton);
  // One more try on the spent code: the cloud says it has ended; the offer stays.
  await connectButton.click();
  await expect(connectForm.getByRole('alert')).toContainText('The code has expired or was already used');
  await newCode.focus();
  await page.keyboard.press('Enter');
  const connectCode = connectForm.getByLabel('6-digit code');
  await expect(connectCode).toBeFocused();
  await expect(connectCode).toHaveValue('');
  await expect(connectForm.getByRole('alert')).toHaveCount(0);
  await expect(newCode).toHaveCount(0);
  await page.keyboard.type(await nextCode(cloud, p.mobile, first));
  await page.keyboard.press('Enter');
  await expect(page.getByText('This device is connected to the cloud')).toBeVisible();

  await issue(page, registration);
  await lockByWrongPins(page);
  await page.locator('.cloud-cert').getByRole('button', { name: 'Unlock PIN' }).click();
  const dialog = page.getByRole('dialog', { name: 'Unlock PIN' });
  await dialog.getByRole('button', { name: 'Send the code' }).click();
  const code = dialog.getByLabel('6-digit code');
  await expect(code).toBeVisible();
  const sentText = dialog.getByText(/^Code sent\. Enter it by/);
  await expect(sentText).toBeVisible();
  const newPin = dialog.getByLabel('New 6-digit PIN');
  const again = dialog.getByLabel('New PIN again');
  await newPin.fill('270518');
  await again.fill('270518');
  const unlockCode = await nextCode(cloud, p.mobile, first);
  newCode = await spendCode(page, dialog, unlockCode, dialog.getByRole('button', { name: 'Unlock', exact: true }));
  const firstDeadline = await sentText.textContent();

  // Enter on the focused button: a new code is sent; the field is emptied and focused; the PINs stay.
  await page.keyboard.press('Enter');
  await expect(code).toBeFocused();
  await expect(code).toHaveValue('');
  await expect(newPin).toHaveValue('270518');
  await expect(again).toHaveValue('270518');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(newCode).toHaveCount(0);
  // The new code's deadline ("YYYY.MM.DD HH:mm" sorts as text): not before the first one's.
  expect((await sentText.textContent())! >= firstDeadline!).toBe(true);
  await page.keyboard.type(await nextCode(cloud, p.mobile, unlockCode));
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.cloud-cert')).toContainText('5 tries left');

  const out = path.join(home.home, 'unlocked-new-code.p7s');
  const signed = await sign(page, '270518', out);
  await expect(signed.getByText('Signed.', { exact: true })).toBeVisible();
  await expect.poll(() => existsSync(out)).toBe(true);
  expect(opensslVerify(out, await cloud.rootPem())).toBe('본인은 위 거래에 동의합니다.');
});
