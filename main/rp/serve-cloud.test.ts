/**
 * `dojang rp serve` as its own process, trusting the real local cloud (--cloud): it prints its URL
 * as one JSON line, names the cloud's root among the roots it trusts, and — answered with the
 * app's own cloud signing path (signHash with includeR, main/fincert/sign.ts) — registers the
 * holder after the VID check with the R value, signs them in, and refuses a wrong ID number and a
 * replay. SIGTERM stops it and frees its data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../cloud/src/clock.js';
import { enrol, PIN, startTestCloud, tempDir, type Enrolled, type TestCloud } from '../../cloud/src/testing/harness.js';
import { CloudApi } from '../fincert/api.js';
import { signWithCloud } from '../fincert/sign.js';
import { openPgliteStore } from '../verify/registration-store.js';
import type { BankVerdict } from './bank.js';

const root = join(import.meta.dirname, '../..');
const tmp = tempDir('rp-serve');
let cloud: TestCloud;
let alice: Enrolled;
let child: ChildProcess;
let started: { url: string; data: string; roots: { subject: string; source: string; sha256: string }[] };

beforeAll(async () => {
  cloud = await startTestCloud({ dataDir: join(tmp.dir, 'cloud'), clock: new ManualClock(Date.now()) });
  alice = await enrol(cloud);
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'main/cli/main.ts'), 'rp', 'serve', '--port', '0', '--data', join(tmp.dir, 'bank'), '--cloud', cloud.url], {
    cwd: root,
    env: { ...process.env, DOJANG_DATA_DIR: join(tmp.dir, 'dojang') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as typeof started));
    child.once('exit', (code) => reject(new Error(`rp serve exited with ${code}`)));
  });
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await cloud?.close();
  tmp.remove();
});

async function post(path: string, body: unknown): Promise<BankVerdict> {
  const res = await fetch(started.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as BankVerdict;
}

/** What the page gets from the SDK for a 금융인증서: signedData (base64url CMS) and rValue (base64url). */
async function cloudSign(message: string): Promise<{ signedData: string[]; rValue: string }> {
  const api = new CloudApi({ baseUrl: cloud.url, retries: 0 });
  const signed = await signWithCloud(api, alice.token, { credentialId: alice.credentialID, pin: PIN, content: { text: message }, encoding: 'utf-8', detached: false });
  return { signedData: [Buffer.from(signed.cmsBase64, 'base64').toString('base64url')], rValue: Buffer.from(signed.rValueBase64!, 'base64').toString('base64url') };
}

const challenge = async (purpose: string) =>
  (await fetch(started.url + '/api/challenge', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose }) })).json() as Promise<{
    nonce: string;
    message: string;
  }>;

describe('rp serve with the local cloud', () => {
  it('prints one JSON line with its URL and the roots it trusts, the cloud’s among them; the page says so', async () => {
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.roots.map((r) => r.source)).toEqual(expect.arrayContaining(['kisa', 'test', 'cloud']));
    const cloudRoot = started.roots.find((r) => r.source === 'cloud')!;
    expect(cloudRoot.subject).toContain('Dojang Cloud Root');
    const html = await (await fetch(started.url + '/register')).text();
    expect(html).toContain('the local development cloud’s root');
    expect(html).toContain(cloud.url);
  });

  it('타기관 등록 with a 금융인증서: includeR gives the R value, the VID matches the holder’s ID number; a wrong one names identity; then sign-in', async () => {
    let c = await challenge('register');
    let s = await cloudSign(c.message);
    const wrong = await post('/api/register', { nonce: c.nonce, ...s, idn: '8001011234568', customerId: 'alice' });
    expect(wrong.accepted).toBe(false);
    expect(wrong.checks.find((x) => x.name === 'vid')!.ok).toBe(false);
    expect(wrong.reason).toMatch(/^본인확인 \(VID\)/);

    c = await challenge('register');
    s = await cloudSign(c.message);
    const ok = await post('/api/register', { nonce: c.nonce, ...s, idn: alice.person.idn, customerId: 'alice' });
    expect(ok).toMatchObject({ accepted: true, registration: { customerId: 'alice' } });
    expect(ok.checks.find((x) => x.name === 'revocation')!.ok).toBe(true);
    expect(ok.checks.find((x) => x.name === 'policy')!.detail).toContain('Dojang 클라우드');
    const replay = await post('/api/register', { nonce: c.nonce, ...s, idn: alice.person.idn, customerId: 'alice' });
    expect(replay).toMatchObject({ accepted: false, reason: expect.stringContaining('replay') });

    const l = await challenge('login');
    expect(await post('/api/login', { nonce: l.nonce, signedData: (await cloudSign(l.message)).signedData, customerId: 'alice' })).toMatchObject({ accepted: true });
  }, 120_000);

  it('SIGTERM stops it and frees its data folder', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const store = await openPgliteStore(join(started.data, 'relying-party'));
    expect((await store.registrationsOfCustomer('alice')).length).toBe(1);
    await store.close();
  }, 60_000);
});
