/**
 * `dojang cloud ra-issue` / `ra-key` against the real cloud service in a temp folder: the local
 * mode (folder closed), the refusal while another process holds it, the --url mode with an RA
 * key, and the issue that the printed refNum / authCode make possible.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CloudApi } from '../../fincert/api.js';
import { TestCloud, newPerson } from '../../fincert/cloud.test-util.js';
import { run, tempDir } from '../cli.test-util.js';

const folder = await tempDir('dojang-cli-cloud-');
const cloud = new TestCloud(folder);
afterAll(() => cloud.stop());

const args = (p: { name: string; mobile: string; birthDate: string }) => ['cloud', 'ra-issue', '--name', p.name, '--mobile', p.mobile, '--birth', p.birthDate, '--idn-stdin', '--json'];

describe('dojang cloud ra-issue', () => {
  it('registers on the local cloud folder and prints refNum / authCode; the person issues with them', async () => {
    const p = newPerson();
    const r = await run([...args(p), '--data-dir', folder], { stdin: [p.idn] });
    expect(r.code, r.text()).toBe(0);
    const doc = r.doc<{ refNum: string; authCode: string; expiresAt: string; cloud: string }>();
    expect(doc).toMatchObject({ refNum: expect.stringMatching(/^\d{10}$/), authCode: expect.stringMatching(/^\d{12}$/), cloud: folder });
    expect(r.text()).not.toContain(p.idn);

    await cloud.start();
    const issued = await new CloudApi({ baseUrl: cloud.url }).issue({ refNum: doc.refNum, authCode: doc.authCode, PIN: '802413' });
    expect(issued.credentialID).toBeTruthy();
  }, 120_000);

  it('refuses the local folder while another process (the app) has it open, and says what to do', async () => {
    const p = newPerson();
    const r = await run([...args(p), '--data-dir', folder], { stdin: [p.idn] });
    expect(r.code).not.toBe(0);
    expect(r.doc<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('close it') });
  });

  it('--url calls a running cloud with the key in DOJANG_RA_KEY; a wrong key or none is refused', async () => {
    const p = newPerson();
    const saved = process.env.DOJANG_RA_KEY;
    try {
      delete process.env.DOJANG_RA_KEY;
      const none = await run([...args(p), '--url', cloud.url], { stdin: [p.idn] });
      expect(none.doc<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
      process.env.DOJANG_RA_KEY = 'rak_0000000000000000_' + 'A'.repeat(43);
      const wrong = await run([...args(p), '--url', cloud.url], { stdin: [p.idn] });
      expect(wrong.doc<{ error: { code: string } }>().error.code).toBe('PERMISSION_DENIED');
      process.env.DOJANG_RA_KEY = cloud.raKey;
      const ok = await run([...args(p), '--url', cloud.url], { stdin: [p.idn] });
      expect(ok.code, ok.text()).toBe(0);
      expect(ok.doc()).toMatchObject({ cloud: cloud.url, refNum: expect.any(String) });
    } finally {
      if (saved === undefined) delete process.env.DOJANG_RA_KEY;
      else process.env.DOJANG_RA_KEY = saved;
    }
  });

  it('checks its input before anything goes out; the cloud checks the birth date against the ID number', async () => {
    const p = newPerson();
    const badMobile = await run(['cloud', 'ra-issue', '--name', p.name, '--mobile', '02-123-4567', '--birth', p.birthDate, '--idn-stdin', '--json'], { stdin: [p.idn] });
    expect(badMobile.doc<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    const noIdn = await run([...args(p), '--url', cloud.url], { stdin: [] });
    expect(noIdn.doc<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    process.env.DOJANG_RA_KEY = cloud.raKey;
    try {
      const mismatch = await run([...args({ ...p, birthDate: '19850505' }), '--url', cloud.url], { stdin: [p.idn] });
      expect(mismatch.doc<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('birth date') });
    } finally {
      delete process.env.DOJANG_RA_KEY;
    }
  });
});

describe('dojang cloud ra-key', () => {
  it('makes a key (shown once) that a running cloud accepts', async () => {
    await cloud.stop();
    const r = await run(['cloud', 'ra-key', '--name', 'Test Bank', '--data-dir', folder, '--json']);
    expect(r.code, r.text()).toBe(0);
    const { key } = r.doc<{ key: string }>();
    expect(key).toMatch(/^rak_[0-9a-f]{16}_/);
    await cloud.start();
    const p = newPerson();
    process.env.DOJANG_RA_KEY = key;
    try {
      expect((await run([...args(p), '--url', cloud.url], { stdin: [p.idn] })).code).toBe(0);
    } finally {
      delete process.env.DOJANG_RA_KEY;
    }
  }, 60_000);
});
