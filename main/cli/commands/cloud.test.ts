/**
 * `dojang cloud ra-issue` against the real cloud service over HTTP (the CLI never opens a cloud's
 * database), the issue that the printed refNum / authCode make possible, and the development
 * tool `npm run cloud -- ra-key` (scripts/cloud.mjs) whose key the CLI then uses.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from '../../fincert/api.js';
import { TestCloud, newPerson } from '../../fincert/cloud.test-util.js';
import { REPO, run, tempDir } from '../cli.test-util.js';

const folder = await tempDir('dojang-cli-cloud-');
const cloud = new TestCloud(folder);
beforeAll(() => cloud.start(), 120_000);
afterAll(() => cloud.stop());

/** Runs ra-issue with DOJANG_RA_KEY set to `key` (or unset). */
async function withKey<T>(key: string | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DOJANG_RA_KEY;
  if (key === undefined) delete process.env.DOJANG_RA_KEY;
  else process.env.DOJANG_RA_KEY = key;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.DOJANG_RA_KEY;
    else process.env.DOJANG_RA_KEY = saved;
  }
}

const args = (p: { name: string; mobile: string; birthDate: string }) => [
  'cloud',
  'ra-issue',
  '--name',
  p.name,
  '--mobile',
  p.mobile,
  '--birth',
  p.birthDate,
  '--idn-stdin',
  '--json',
];

describe('dojang cloud ra-issue', () => {
  it('registers at a running cloud and prints refNum / authCode; the person issues with them', async () => {
    const p = newPerson();
    const r = await withKey(cloud.raKey, () => run([...args(p), '--url', cloud.url], { stdin: [p.idn] }));
    expect(r.code, r.text()).toBe(0);
    const doc = r.doc<{ refNum: string; authCode: string; expiresAt: string; cloud: string }>();
    expect(doc).toMatchObject({ refNum: expect.stringMatching(/^\d{10}$/), authCode: expect.stringMatching(/^\d{12}$/), cloud: cloud.url });
    expect(r.text()).not.toContain(p.idn);

    const issued = await new CloudApi({ baseUrl: cloud.url }).issue({ refNum: doc.refNum, authCode: doc.authCode, PIN: '802413' });
    expect(issued.credentialID).toBeTruthy();
  }, 120_000);

  it('needs --url: there is no local cloud to open', async () => {
    const p = newPerson();
    const r = await withKey(cloud.raKey, () => run(args(p), { stdin: [p.idn] }));
    expect(r.code).not.toBe(0);
    expect(r.text()).toContain('--url');
  });

  it('--url calls a running cloud with the key in DOJANG_RA_KEY; a wrong key or none is refused', async () => {
    const p = newPerson();
    const none = await withKey(undefined, () => run([...args(p), '--url', cloud.url], { stdin: [p.idn] }));
    expect(none.doc<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    const wrong = await withKey('rak_0000000000000000_' + 'A'.repeat(43), () => run([...args(p), '--url', cloud.url], { stdin: [p.idn] }));
    expect(wrong.doc<{ error: { code: string } }>().error.code).toBe('PERMISSION_DENIED');
    const ok = await withKey(cloud.raKey, () => run([...args(p), '--url', cloud.url], { stdin: [p.idn] }));
    expect(ok.code, ok.text()).toBe(0);
    expect(ok.doc()).toMatchObject({ cloud: cloud.url, refNum: expect.any(String) });
  });

  it('checks its input before anything goes out; the cloud checks the birth date against the ID number', async () => {
    const p = newPerson();
    const badMobile = await run(['cloud', 'ra-issue', '--name', p.name, '--mobile', '02-123-4567', '--birth', p.birthDate, '--url', cloud.url, '--idn-stdin', '--json'], {
      stdin: [p.idn],
    });
    expect(badMobile.doc<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    const noIdn = await run([...args(p), '--url', cloud.url], { stdin: [] });
    expect(noIdn.doc<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    const mismatch = await withKey(cloud.raKey, () => run([...args({ ...p, birthDate: '19850505' }), '--url', cloud.url], { stdin: [p.idn] }));
    expect(mismatch.doc<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('birth date') });
  });
});

describe('npm run cloud -- ra-key (scripts/cloud.mjs, a development tool)', () => {
  it('makes a key (shown once) for a stopped cloud folder that the running cloud then accepts', async () => {
    await cloud.stop();
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, 'scripts/cloud.mjs'), 'ra-key', '--name', 'Test Bank', '--data-dir', folder, '--json'], {
      cwd: REPO,
    });
    const { key } = JSON.parse(stdout) as { key: string };
    expect(key).toMatch(/^rak_[0-9a-f]{16}_/);
    await cloud.start();
    const p = newPerson();
    expect((await withKey(key, () => run([...args(p), '--url', cloud.url], { stdin: [p.idn] }))).code).toBe(0);
  }, 60_000);
});
