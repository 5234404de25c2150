import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../npki/fixtures.test-util.js';
import { TrustStore, bundledAnchor } from './anchors.js';
import { makeCert, rsaKey } from './test-pki.test-util.js';

const root7 = fixture('kica-test/Kisa_Test_RootCA_7.der');
const tmp = () => mkdtempSync(join(tmpdir(), 'dojang-trust-'));

describe('the bundled KISA RootCA 4', () => {
  it('is the fixture file byte for byte, with the published fingerprint', async () => {
    const der = bundledAnchor();
    expect(der.equals(readFileSync(new URL('./trust/certs/current/KISA_RootCA_4.der', import.meta.url)))).toBe(true);
    expect(der.equals(fixture('kica-test/KISA_RootCA_4.der'))).toBe(true);
    const [view] = await new TrustStore(tmp()).list();
    expect(view).toMatchObject({
      source: 'bundled',
      subject: 'CN=KISA RootCA 4,OU=Korea Certification Authority Central,O=KISA,C=KR',
      fingerprintColons: 'A0:02:FF:55:6C:60:18:63:B0:8B:9A:A3:3A:8E:66:66:E9:7E:72:BB:E5:52:F6:6E:B9:F2:39:5C:68:C7:BC:98',
    });
  });

  it('cannot be removed', async () => {
    await expect(new TrustStore(tmp()).remove('A0:02:FF:55:6C:60:18:63:B0:8B:9A:A3:3A:8E:66:66:E9:7E:72:BB:E5:52:F6:6E:B9:F2:39:5C:68:C7:BC:98')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('TrustStore', () => {
  it('test roots are trusted only once the user adds them; removal takes them out again', async () => {
    const dir = tmp();
    const s = new TrustStore(dir);
    const bundled = (await s.anchors()).length;
    const v = await s.add(fixture('kica-test/Kisa_Test_RootCA_7.pem'), { source: 'user' });
    expect(v).toMatchObject({ source: 'user', subject: expect.stringContaining('Kisa Test RootCA 7') });
    expect(await s.add(root7)).toMatchObject({ fingerprintSha256: v.fingerprintSha256 }); // twice: one entry
    const again = new TrustStore(dir); // persisted
    expect((await again.anchors()).map((d) => d.equals(root7))).toEqual([...Array<boolean>(bundled).fill(false), true]);
    expect((await again.list()).find((a) => a.role === 'test' && a.fingerprintSha256 === v.fingerprintSha256)).toMatchObject({ trusted: true });
    await again.remove(v.fingerprintColons);
    expect(await again.anchors()).toHaveLength(bundled);
    await expect(again.remove(v.fingerprintSha256)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a user certificate and a root whose self-signature is broken', async () => {
    const s = new TrustStore(tmp());
    await expect(s.add(fixture('yessign-test/signCert.der'))).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('not a CA certificate') });
    // A CA, but issued by another (an intermediate): not a root.
    const ca = makeCert({ cn: 'Some CA', key: rsaKey(1), ca: true, issuer: makeCert({ cn: 'Its Root', key: rsaKey(2), ca: true }) });
    expect(() => s.inspect(ca.der)).toThrow(/not a self-signed root certificate: CN=Some CA.* is issued by CN=Its Root/);
    await expect(s.add(ca.der)).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('not a self-signed root certificate') });
    // Self-signed without basicConstraints cA: not a CA.
    const noBc = makeCert({ cn: 'Self-signed leaf', key: rsaKey(1) });
    await expect(s.add(noBc.der)).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('not a CA certificate') });
    expect(await s.list()).toHaveLength((await new TrustStore(tmp()).list()).length);
    const broken = makeCert({ cn: 'Broken Root', key: rsaKey(0), ca: true, signWith: rsaKey(3).privateKey });
    await expect(s.add(broken.der)).rejects.toMatchObject({ code: 'VERIFY_FAILED' });
    await expect(s.add(Buffer.from('not a certificate'))).rejects.toMatchObject({ code: 'FILE_DAMAGED' });
  });

  it('pins the cloud root per service: the same root again is fine, another one is refused', async () => {
    const s = new TrustStore(tmp());
    const cloudRoot = makeCert({ cn: 'Dojang Cloud Root', key: rsaKey(0), ca: true });
    const otherRoot = makeCert({ cn: 'Dojang Cloud Root', key: rsaKey(1), ca: true });
    const pinned = await s.pinCloudRoot('https://cloud.example/v1/', cloudRoot.der);
    expect(pinned).toMatchObject({ source: 'cloud', cloudUrl: 'https://cloud.example' });
    expect((await s.pinCloudRoot('https://cloud.example', cloudRoot.pem)).fingerprintSha256).toBe(pinned.fingerprintSha256);
    await expect(s.pinCloudRoot('https://cloud.example', otherRoot.der)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(pinned.fingerprintColons) });
    expect(await s.cloudRoot('https://cloud.example/anything')).toMatchObject({ fingerprintSha256: pinned.fingerprintSha256 });
    await expect(s.pinCloudRoot('ftp://x', cloudRoot.der)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('says so when its file is damaged', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'trust'));
    writeFileSync(join(dir, 'trust', 'anchors.json'), '{"version":1,');
    await expect(new TrustStore(dir).anchors()).rejects.toMatchObject({ code: 'FILE_DAMAGED' });
  });

  it('caches intermediates in its folder', async () => {
    const s = new TrustStore(tmp());
    expect(await s.intermediates()).toEqual([]);
    const ca = fixture('kica-test/signGATE_FTCA06_test.der');
    await s.cacheIntermediate(ca);
    await s.cacheIntermediate(ca);
    expect(await s.intermediates()).toEqual([ca]);
  });
});
