/**
 * The cloud client against the real cloud service (cloud/src on PGlite in a temp folder) and the
 * real OS keychain (CI: an unlocked GNOME Keyring, see scripts/ci/with-keyring.sh). OpenSSL is
 * the independent verifier of the signatures.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { createLogger, silentLogger, type Logger } from '../core/log.js';
import { checkVid } from '../../common/pki/vid.js';
import { verifyCms } from '../../common/pki/cms.js';
import { encodeText } from '../npki/text.js';
import { CloudApi } from './api.js';
import { POLICY_OID } from '../../cloud/src/index.js';
import { TestCloud, newPerson, type TestPerson } from './cloud.test-util.js';
import { OsKeyStore, type KeyStore } from './keystore.js';
import { MemoryKeyStore } from './memory-keystore.test-util.js';
import { skipReason } from '../../fixtures/environment.js';
import { CloudService, personKeyOf } from './service.js';
import type { Message } from '../../preload/messages/format.js';

const PIN = '802413';
const run = promisify(execFile);
/** A test-only keychain service: the user's own "Dojang" entries are never read or written. */
const SERVICE = `Dojang-test-${process.pid}`;
const keychain = await new OsKeyStore(process.platform, SERVICE).probe();
const noKeychain = skipReason(
  'keychain',
  keychain.available ? null : `no usable OS keychain here (${keychain.message}); run under: dbus-run-session -- bash scripts/ci/with-keyring.sh npx vitest run main/fincert`,
);
if (noKeychain) console.warn(`SKIPPED keychain-backed cloud client tests: ${noKeychain}`);

const cloud = new TestCloud();
const work = mkdtempSync(path.join(os.tmpdir(), 'dojang-fincert-'));
let rootPem: string;

beforeAll(async () => {
  await cloud.start();
  rootPem = path.join(work, 'root.pem');
  const b64 = cloud.instance!.ca.rootDer.toString('base64').replace(/.{64}/g, '$&\n');
  writeFileSync(rootPem, `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
}, 120_000);
afterAll(async () => {
  await cloud.stop();
  if (noKeychain) return;
  for (const service of [SERVICE, 'Dojang-test-phone']) {
    const keys = new OsKeyStore(process.platform, service);
    for (const account of await keys.accounts()) await keys.delete(account);
  }
});

function app(opts: { keys?: KeyStore; fetch?: typeof fetch; deviceName?: string; now?: () => Date; log?: Logger } = {}): CloudService {
  return new CloudService({
    endpoint: async () => ({ url: cloud.url, identity: cloud.url, devOutbox: path.join(cloud.dataDir, 'sms-outbox.log') }),
    keys: opts.keys ?? new OsKeyStore(process.platform, SERVICE),
    log: opts.log ?? silentLogger,
    now: opts.now ?? (() => new Date()),
    deviceName: opts.deviceName ?? 'test device',
    retries: 0,
    fetch: opts.fetch ?? cloud.fetch,
  });
}

async function issue(a: CloudService, p: TestPerson, pin = PIN) {
  const reg = await cloud.register(p);
  return a.issue({ refNum: reg.refNum, authCode: reg.authCode, pin });
}

async function connect(a: CloudService, p: TestPerson, remember: boolean) {
  const started = await a.connectStart({ name: p.name, mobile: p.mobile, birthDate: p.birthDate });
  const result = await a.connectVerify({ requestId: started.requestId, code: await cloud.lastCode(p.mobile), remember });
  if (!result.connected) throw new Error(`device limit: ${result.deviceLimit.map((d) => d.name).join(', ')}`);
  return result.status;
}

/** The keychain entry as another program would read it (the test service). */
function keychainEntry(p: TestPerson): Promise<string | null> {
  const account = `${cloud.url}|${personKeyOf(p.name, p.mobile, p.birthDate)}`;
  return new AsyncEntry(SERVICE, account, { linux: { store: 'secret-service' } }).getPassword();
}

async function rejection(p: Promise<unknown>): Promise<DojangError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DojangError);
  return e as DojangError;
}

function opensslVerify(cmsFile: string, extra: string[] = []): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', cmsFile, '-binary', '-CAfile', rootPem, '-purpose', 'any', ...extra]);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

describe.skipIf(noKeychain)('cloud client with the OS keychain', () => {
  it('issue → connect → remember (keychain entry) → restart auto-connects → sign verifies → disconnect removes token from keychain and cloud', async () => {
    const p = newPerson();
    const first = app();
    const row = await issue(first, p);
    expect(row).toMatchObject({ kind: 'cloud', location: { kind: 'cloud', root: cloud.url }, hasKey: true, policyOid: POLICY_OID, expiry: 'valid', holder: p.name });
    expect(row.cloud?.credentialId).toBeTruthy();

    const before = await first.status();
    expect(before).toMatchObject({ url: cloud.url, reachable: true, connected: false, remembered: false, keychain: 'available' });
    expect(await keychainEntry(p)).toBeNull();

    const connected = await connect(first, p, true);
    expect(connected).toMatchObject({ connected: true, remembered: true, person: { name: p.name }, keychain: 'available' });
    const stored = JSON.parse((await keychainEntry(p))!) as { deviceId: string; token: string };
    expect(stored.deviceId).toBe(connected.deviceId);
    expect(stored.token).toMatch(/^dt_/);

    // "Restart": a new app instance finds the binding in the keychain.
    const restarted = app();
    const auto = await restarted.status();
    expect(auto).toMatchObject({ connected: true, remembered: true, deviceId: connected.deviceId, person: { name: p.name } });

    const [listed] = await restarted.certificates();
    expect(listed).toMatchObject({ id: row.id, kind: 'cloud', cloud: { credentialId: row.cloud!.credentialId, pinLocked: false, triesLeft: 5, renewalOffered: false } });

    const text = '본인은 위 거래에 동의합니다. nonce=7c1e';
    const outPath = path.join(work, 'signed.p7s');
    const signed = await restarted.sign({ credentialId: row.cloud!.credentialId, pin: PIN, content: { text }, encoding: 'utf-8', detached: false, outPath });
    expect(signed.outPath).toBe(outPath);
    const cms = Buffer.from(signed.cmsBase64, 'base64');
    expect(readFileSync(outPath).equals(cms)).toBe(true);
    const verified = verifyCms(cms);
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.valid).toBe(true);
    expect(verified.content?.toString('utf8')).toBe(text);
    const peer = opensslVerify(outPath);
    expect(peer.stderr).toContain('Verification successful');
    expect(peer.stdout.toString('utf8')).toBe(text);
    // The R value comes with the signature: it proves the holder's IDN (VID), and only that one.
    expect(signed.rValueBase64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const rValue = Buffer.from(signed.rValueBase64!, 'base64');
    expect(checkVid(verified.signerCertDer!, rValue, p.idn)).toMatchObject({ match: true, hashAlg: 'sha256' });
    expect(checkVid(verified.signerCertDer!, rValue, '8001011234567').match).toBe(false);

    // Detached, EUC-KR: verifies only with the same bytes.
    const detached = await restarted.sign({ credentialId: row.cloud!.credentialId, pin: PIN, content: { text }, encoding: 'euc-kr', detached: true });
    const det = Buffer.from(detached.cmsBase64, 'base64');
    expect(verifyCms(det).valid).toBe(false);
    expect(verifyCms(det, { content: encodeText(text, 'utf-8') }).valid).toBe(false);
    expect(verifyCms(det, { content: encodeText(text, 'euc-kr') }).valid).toBe(true);
    const contentFile = path.join(work, 'content-euckr.txt');
    writeFileSync(contentFile, encodeText(text, 'euc-kr'));
    writeFileSync(path.join(work, 'detached.p7s'), det);
    expect(opensslVerify(path.join(work, 'detached.p7s'), ['-content', contentFile, '-out', '/dev/null']).stderr).toContain('Verification successful');

    const { devices } = await restarted.devices();
    expect(devices).toEqual([expect.objectContaining({ id: connected.deviceId, name: 'test device', current: true })]);

    const token = stored.token;
    const after = await restarted.disconnect();
    expect(after).toMatchObject({ connected: false, remembered: false, deviceId: null });
    expect(await keychainEntry(p)).toBeNull();
    const e = await rejection(new CloudApi({ baseUrl: cloud.url, retries: 0 }).devices(token));
    expect(e.code).toBe('CLOUD_NOT_CONNECTED');
    expect(await app().status()).toMatchObject({ connected: false });
  });

  it('without "remember", nothing reaches the keychain and a restart asks to connect again', async () => {
    const p = newPerson();
    const a = app();
    await issue(a, p);
    const s = await connect(a, p, false);
    expect(s).toMatchObject({ connected: true, remembered: false });
    expect(await keychainEntry(p)).toBeNull();
    expect(await app().status()).toMatchObject({ connected: false, remembered: false });
    await a.disconnect();
  });

  it('a wrong SMS code is refused with the tries left; the right one then connects', async () => {
    const p = newPerson();
    const a = app();
    await issue(a, p);
    const started = await a.connectStart(p);
    expect(started.devOutbox).toBe(path.join(cloud.dataDir, 'sms-outbox.log'));
    expect(Math.abs(Date.parse(started.expiresAt) - Date.now() - 180_000)).toBeLessThan(5_000);
    const code = await cloud.lastCode(p.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    const e = await rejection(a.connectVerify({ requestId: started.requestId, code: wrong, remember: false }));
    expect(e.code).toBe('CODE_WRONG');
    expect(e.message).toContain('4');
    expect(await a.connectVerify({ requestId: started.requestId, code, remember: false })).toMatchObject({ connected: true, status: { connected: true } });
    await a.disconnect();
  });

  it('5 wrong PINs lock the certificate (tries left shown); unlock with an SMS code and a new PIN', async () => {
    const p = newPerson();
    const a = app();
    const row = await issue(a, p);
    await connect(a, p, false);
    const id = row.cloud!.credentialId;
    const sign = (pin: string) => a.sign({ credentialId: id, pin, content: { text: 'x' }, encoding: 'utf-8', detached: false });
    for (let left = 4; left >= 1; left--) {
      const e = await rejection(sign('135790'));
      expect(e.code).toBe('PIN_WRONG');
      expect(e.message).toContain(String(left));
      expect((await a.certificates())[0]!.cloud).toMatchObject({ pinLocked: false, triesLeft: left });
    }
    expect((await rejection(sign('135790'))).code).toBe('PIN_LOCKED');
    expect((await a.certificates())[0]!.cloud).toMatchObject({ pinLocked: true, triesLeft: 0 });
    // Locked means locked, even with the right PIN.
    expect((await rejection(sign(PIN))).code).toBe('PIN_LOCKED');

    const started = await a.unlockStart({ credentialId: id });
    const weak = await rejection(a.unlockFinish({ credentialId: id, requestId: started.requestId, code: await cloud.lastCode(p.mobile), newPin: '111111' }));
    expect(weak.code).toBe('PIN_WEAK');
    const unlocked = await a.unlockFinish({ credentialId: id, requestId: started.requestId, code: await cloud.lastCode(p.mobile), newPin: '270518' });
    expect(unlocked.cloud).toMatchObject({ pinLocked: false, triesLeft: 5 });
    expect(unlocked.cloud!.credentialId).not.toBe(id);
    const ok = await a.sign({ credentialId: unlocked.cloud!.credentialId, pin: '270518', content: { text: 'after unlock' }, encoding: 'utf-8', detached: false });
    expect(verifyCms(Buffer.from(ok.cmsBase64, 'base64')).valid).toBe(true);
    expect((await a.certificates()).map((r) => r.id)).toEqual([unlocked.id]);
    await a.disconnect();
  });

  it('a forgotten PIN (not locked) is reissued through the same flow; the old certificate no longer signs', async () => {
    const p = newPerson();
    const a = app();
    const row = await issue(a, p);
    await connect(a, p, false);
    const started = await a.unlockStart({ credentialId: row.cloud!.credentialId });
    const fresh = await a.unlockFinish({ credentialId: row.cloud!.credentialId, requestId: started.requestId, code: await cloud.lastCode(p.mobile), newPin: '318264' });
    expect(fresh.serialHex).not.toBe(row.serialHex);
    const old = await rejection(a.sign({ credentialId: row.cloud!.credentialId, pin: PIN, content: { text: 'x' }, encoding: 'utf-8', detached: false }));
    expect(old.code).toBe('CERT_REVOKED');
    await a.disconnect();
  });

  it('a one-time connection registers no device and counts toward no limit; at the limit of remembered devices the person picks one to replace', async () => {
    const p = newPerson();
    await issue(app(), p);
    // One-time connections, even many, are no devices: nothing listed, no slot taken.
    const once = Array.from({ length: 6 }, (_, i) => app({ deviceName: `once ${i + 1}` }));
    for (const a of once) expect(await connect(a, p, false)).toMatchObject({ connected: true, remembered: false });
    expect((await once[0]!.devices()).devices).toEqual([]);
    // Five remembered devices (each its own keychain), then a sixth asks which one to replace.
    const remembered = Array.from({ length: 5 }, (_, i) => app({ deviceName: `device ${i + 1}`, keys: new MemoryKeyStore() }));
    for (const a of remembered) expect(await connect(a, p, true)).toMatchObject({ remembered: true });
    const sixthKeys = new MemoryKeyStore();
    const sixth = app({ deviceName: 'device 6', keys: sixthKeys });
    const started = await sixth.connectStart(p);
    const code = await cloud.lastCode(p.mobile);
    const limit = await sixth.connectVerify({ requestId: started.requestId, code, remember: true });
    expect(limit.connected).toBe(false);
    const choices = limit.connected ? [] : limit.deviceLimit;
    expect(choices.map((d) => d.name)).toEqual(['device 1', 'device 2', 'device 3', 'device 4', 'device 5']);
    expect((await sixth.status()).connected).toBe(false);
    expect(sixthKeys.entries.size).toBe(0);
    // The same code, with the choice: device 2 is replaced.
    const replaced = await sixth.connectVerify({ requestId: started.requestId, code, remember: true, replaceDeviceId: choices[1]!.id });
    expect(replaced).toMatchObject({ connected: true, status: { remembered: true } });
    expect((await sixth.devices()).devices.map((d) => d.name)).toEqual(['device 1', 'device 3', 'device 4', 'device 5', 'device 6']);
    expect((await rejection(remembered[1]!.sign({ credentialId: 'x', pin: PIN, content: { text: 'x' }, encoding: 'utf-8', detached: false }))).code).toBe('CLOUD_NOT_CONNECTED');
    // A one-time connection still works at the limit.
    expect(await connect(app({ deviceName: 'once 7' }), p, false)).toMatchObject({ connected: true });
    for (const a of [...once, ...remembered.filter((_, i) => i !== 1), sixth]) await a.disconnect();
  });

  it('"remember" without a usable keychain connects this time only and leaves no device behind', async () => {
    const p = newPerson();
    await issue(app(), p);
    const keys = new MemoryKeyStore();
    keys.refuse = true;
    const a = app({ keys });
    const s = await connect(a, p, true);
    expect(s).toMatchObject({ connected: true, remembered: false, keychain: 'unavailable' });
    expect(s.keychainMessage).toMatchObject({ key: 'keychain.locked' });
    expect((await a.devices()).devices).toEqual([]);
  });

  it('a device revoked from another device falls back to connecting, and its keychain entry goes', async () => {
    const p = newPerson();
    const laptop = app({ deviceName: 'laptop' });
    const row = await issue(laptop, p);
    const laptopStatus = await connect(laptop, p, true);
    // Another computer: its own keychain (here: another service name in the same keychain).
    const phone = app({ deviceName: 'phone', keys: new OsKeyStore(process.platform, 'Dojang-test-phone') });
    await connect(phone, p, false);

    // The phone's one-time connection is no device: only the laptop is listed.
    const listed = (await phone.devices()).devices;
    expect(listed.map((d) => [d.name, d.current])).toEqual([['laptop', false]]);
    const left = await phone.revokeDevice({ deviceId: laptopStatus.deviceId! });
    expect(left.devices).toEqual([]);

    // The laptop, restarted, finds its token refused: not connected, and the keychain is cleaned.
    const logged: string[] = [];
    const restarted = app({ log: createLogger('test', (line) => logged.push(line)) });
    const e = await rejection(restarted.sign({ credentialId: row.cloud!.credentialId, pin: PIN, content: { text: 'x' }, encoding: 'utf-8', detached: false }));
    expect(e.code).toBe('CLOUD_NOT_CONNECTED');
    expect(await keychainEntry(p)).toBeNull();
    expect(await restarted.status()).toMatchObject({ connected: false, remembered: false });
    // The running laptop app finds out at its next status check.
    expect(await laptop.status()).toMatchObject({ connected: false });
    // And connecting again works.
    const again = await connect(restarted, p, true);
    expect(again).toMatchObject({ connected: true, remembered: true });
    const token = (JSON.parse((await keychainEntry(p))!) as { token: string }).token;
    await restarted.disconnect();
    // The binding never reaches a log: not the token, not the device ids.
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [token, again.deviceId!, laptopStatus.deviceId!]) expect(logged.join('\n')).not.toContain(secret);
    await phone.disconnect();
  });

  it('the cloud stops mid-sign: a clear error, no file written; once it is back the retry works', async () => {
    const p = newPerson();
    let stopBeforeSignHash = true;
    const cutting: typeof fetch = async (input, init) => {
      if (stopBeforeSignHash && String(input).endsWith('/v1/signatures/signHash')) {
        stopBeforeSignHash = false;
        await cloud.stop(); // the PIN was accepted (SAD issued); now the cloud is gone
      }
      return cloud.fetch(input, init);
    };
    const a = app({ fetch: cutting });
    const row = await issue(a, p);
    await connect(a, p, false);
    const dir = mkdtempSync(path.join(work, 'out-'));
    const outPath = path.join(dir, 'contract.p7s');
    const request = { credentialId: row.cloud!.credentialId, pin: PIN, content: { text: '계약서' }, encoding: 'utf-8' as const, detached: false, outPath };
    const e = await rejection(a.sign(request));
    expect(e.code).toBe('CLOUD_UNREACHABLE');
    expect(e.message).toContain(cloud.url);
    expect(readdirSync(dir)).toEqual([]);
    expect((await a.status()).reachable).toBe(false);

    await cloud.start(); // same folder, same port
    const ok = await a.sign(request);
    expect(existsSync(outPath)).toBe(true);
    expect(verifyCms(readFileSync(outPath)).valid).toBe(true);
    expect(ok.outPath).toBe(outPath);
    expect((await a.certificates())[0]!.cloud!.triesLeft).toBe(5);
    await a.disconnect();
  }, 60_000);

  for (const [side, minutes] of [
    ['cloud', 10],
    ['cloud', -10],
    ['app', 10],
    ['app', -10],
  ] as const) {
    it(`clock skew: the ${side} clock ${minutes > 0 ? 'ahead' : 'behind'} by ${Math.abs(minutes)} minutes: issue, connect and sign work; the signing time is the cloud's`, async () => {
      const skew = minutes * 60_000;
      if (side === 'cloud') cloud.skewMs = skew;
      const appNow = () => new Date(Date.now() + (side === 'app' ? skew : 0));
      try {
        const p = newPerson();
        const a = app({ now: appNow });
        const row = await issue(a, p);
        const started = await a.connectStart(p);
        // The code's expiry is told in the app's own clock (the one its countdown uses).
        expect(Math.abs(Date.parse(started.expiresAt) - appNow().getTime() - 180_000)).toBeLessThan(5_000);
        await a.connectVerify({ requestId: started.requestId, code: await cloud.lastCode(p.mobile), remember: false });
        // Judged on the cloud's clock: a certificate the cloud issued "in the app's future" is valid, not notYetValid.
        expect((await a.certificates())[0]).toMatchObject({ id: row.id, expiry: 'valid' });
        const signed = await a.sign({ credentialId: row.cloud!.credentialId, pin: PIN, content: { text: 'skew' }, encoding: 'utf-8', detached: false });
        const cms = Buffer.from(signed.cmsBase64, 'base64');
        const v = verifyCms(cms);
        expect(v.valid).toBe(true);
        const cloudNow = Date.now() + (side === 'cloud' ? skew : 0);
        expect(Math.abs(Date.parse(v.signingTime!) - cloudNow)).toBeLessThan(5_000);
        const file = path.join(work, `skew-${side}${minutes}.p7s`);
        writeFileSync(file, cms);
        // At a time when every certificate is valid: the test CA is minutes old, younger than a cloud clock 10 minutes behind.
        const attime = String(Math.floor(Math.max(Date.parse(v.signingTime!), Date.now()) / 1000) + 1);
        expect(opensslVerify(file, ['-attime', attime]).stderr).toContain('Verification successful');
        await a.disconnect();
      } finally {
        cloud.skewMs = 0;
      }
    });
  }

  it('renewal is offered within 30 days before expiry, signing says so, and renew gives a new 3-year certificate', async () => {
    const p = newPerson();
    // Remembered (자동연결): a one-time connection would end long before the cloud's clock moves years ahead.
    const a = app({ keys: new MemoryKeyStore() });
    const row = await issue(a, p);
    await connect(a, p, true);
    expect((await rejection(a.renew({ credentialId: row.cloud!.credentialId, pin: PIN }))).code).toBe('CONFLICT');
    // Move the cloud 20 days before the certificate's end.
    cloud.skewMs = Date.parse(row.notAfter!) - 20 * 86_400_000 - Date.now();
    try {
      const [due] = await a.certificates();
      expect(due).toMatchObject({ expiry: 'renewal', cloud: { renewalOffered: true } });
      expect(due!.daysLeft).toBeGreaterThanOrEqual(19);
      expect(due!.daysLeft).toBeLessThanOrEqual(20);
      const signed = await a.sign({ credentialId: row.cloud!.credentialId, pin: PIN, content: { text: 'x' }, encoding: 'utf-8', detached: false });
      expect(signed.renewalOffered).toBe(true);
      const renewed = await a.renew({ credentialId: row.cloud!.credentialId, pin: PIN });
      expect(renewed.serialHex).not.toBe(row.serialHex);
      expect(renewed.cloud).toMatchObject({ renewalOffered: false, pinLocked: false });
      expect(renewed.expiry).toBe('valid');
      expect(Date.parse(renewed.notAfter!)).toBeGreaterThan(Date.parse(row.notAfter!) + 2 * 365 * 86_400_000);
      const again = await a.sign({ credentialId: renewed.cloud!.credentialId, pin: PIN, content: { text: 'renewed' }, encoding: 'utf-8', detached: false });
      expect(verifyCms(Buffer.from(again.cmsBase64, 'base64')).valid).toBe(true);
      await a.disconnect();
    } finally {
      cloud.skewMs = 0;
    }
  });
});

/**
 * Runs the keychain child (connect + remember) in another environment; answers its status JSON.
 * Asynchronously: the cloud it talks to runs in this process.
 */
async function runChild(prefix: string[], env: NodeJS.ProcessEnv, p: TestPerson) {
  const script = path.join(import.meta.dirname, 'keychain-child.test-util.ts');
  const argv = [...prefix, process.execPath, '--import', 'tsx', script, cloud.url, cloud.dataDir, JSON.stringify(p)];
  const { stdout } = await run(argv[0]!, argv.slice(1), {
    env: { ...env, DOJANG_KEYCHAIN_SERVICE: SERVICE },
    encoding: 'utf8',
    timeout: 60_000,
    cwd: path.resolve(import.meta.dirname, '../..'),
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    probe: { available: boolean; message?: Message };
    before: { keychain: string; keychainMessage: Message | null };
    after: { connected: boolean; remembered: boolean; keychain: string; keychainMessage: Message | null };
  };
}

describe('without a usable keychain the app says so and connects without auto-connect (never a plaintext fallback)', () => {
  it('no Secret Service at all (no D-Bus session): keychain "unavailable", connected but not remembered', async () => {
    const p = newPerson();
    await issue(app(), p);
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const home = mkdtempSync(path.join(work, 'home-'));
    const out = await runChild([], { ...env, HOME: home, XDG_RUNTIME_DIR: home }, p);
    expect(out.probe.available).toBe(false);
    expect(out.before.keychain).toBe('unavailable');
    expect(out.before.keychainMessage).toEqual({ key: 'keychain.missing', params: { keychain: 'keychain.name.linux' } });
    expect(out.after).toMatchObject({ connected: true, remembered: false, keychain: 'unavailable' });
    // Nothing of the binding was written to a file instead.
    expect(readdirSync(home).filter((f) => !f.startsWith('.cache'))).toEqual([]);
  }, 60_000);

  const noDbus = skipReason(
    'keychain',
    spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0 ? null : 'dbus-run-session or gnome-keyring-daemon is not installed',
  );
  if (noDbus) console.warn(`SKIPPED the refused-keychain test: ${noDbus}`);
  it.skipIf(noDbus)(
    'a keychain that refuses access (a keyring that cannot be unlocked): connected, not remembered, and the app says why',
    async () => {
      const p = newPerson();
      await issue(app(), p);
      const home = mkdtempSync(path.join(work, 'home-'));
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, '.local/share') };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      delete env.GNOME_KEYRING_CONTROL;
      const out = await runChild(['dbus-run-session', '--'], env, p);
      expect(out.after).toMatchObject({ connected: true, remembered: false, keychain: 'unavailable' });
      expect(out.after.keychainMessage).toEqual({ key: 'keychain.locked', params: { keychain: 'keychain.name.linux' } });
    },
    60_000,
  );
});
