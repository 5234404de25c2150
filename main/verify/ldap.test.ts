/**
 * The LDAP transport's pieces that need no server (the slapd tests are in ldap-revocation.test.ts),
 * and the real KISA RootCA 4 ARL (fixtures/ca/crl, signed by KISA) judged as an ARL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from './engine.js';
import { FrameMeter } from './ldap.js';
import { RevocationChecker } from './revocation.js';
import { loadCert } from './x509.js';
import { CA_DIR } from '../../fixtures/paths.js';

/** An LDAPMessage-shaped frame: SEQUENCE with a definite length. */
function frame(bodyLength: number): Buffer {
  const len =
    bodyLength < 0x80
      ? Buffer.from([bodyLength])
      : bodyLength < 0x10000
        ? Buffer.from([0x82, bodyLength >> 8, bodyLength & 0xff])
        : Buffer.from([0x84, bodyLength >>> 24, (bodyLength >>> 16) & 0xff, (bodyLength >>> 8) & 0xff, bodyLength & 0xff]);
  return Buffer.concat([Buffer.from([0x30]), len, Buffer.alloc(Math.min(bodyLength, 1024))]);
}

describe('FrameMeter (the LDAP size cap on the wire)', () => {
  it('passes frames under the cap, split anywhere, short and long length forms', () => {
    const m = new FrameMeter(1000);
    const stream = Buffer.concat([frame(10), frame(300), frame(1000), frame(0)]);
    for (let i = 0; i < stream.length; i += 7) expect(m.accept(stream.subarray(i, i + 7))).toBe(true);
  });

  it('refuses a frame that declares more than the cap as soon as its header arrives, even split mid-header', () => {
    const m = new FrameMeter(20 << 20);
    const big = frame(50 << 20).subarray(0, 8); // header of a 50 MB message and a few bytes of it
    expect(m.accept(big.subarray(0, 3))).toBe(true);
    expect(m.accept(big.subarray(3))).toBe(false);
  });

  it('refuses an indefinite length (not an LDAP message)', () => {
    expect(new FrameMeter(1000).accept(Buffer.from([0x30, 0x80, 0, 0]))).toBe(false);
  });
});

describe('the real KISA RootCA 4 ARL (2021-11-18)', () => {
  const arl = (): Buffer => readFileSync(path.join(CA_DIR, 'crl/KISA_RootCA_4.arl.2021-11-18.crl'));
  const root = (): Buffer => readFileSync(path.join(CA_DIR, 'current/KISA_RootCA_4.der'));
  const yessign = (): Buffer => readFileSync(path.join(CA_DIR, 'current/yessignCA_Class_3.der'));
  const during = new Date('2021-11-20T00:00:00Z');

  it('says yessignCA Class 3 was not revoked while it was fresh; stale a month later', async () => {
    const checker = new RevocationChecker({ crls: [arl()], offline: true });
    expect(await checker.check(loadCert(yessign()), loadCert(root()), during)).toMatchObject({ status: 'good', source: 'crl' });
    expect((await checker.check(loadCert(yessign()), loadCert(root()), new Date('2021-12-20T00:00:00Z'))).status).toBe('unknown');
  });

  it('in a report the CA link shows it as its ARL, with the LDAP DP the certificate names', async () => {
    const report = await checkCertificate(yessign(), { anchors: [root()], now: during, revocation: { crls: [arl()], offline: true } });
    expect(report.chain[0]).toMatchObject({ origin: 'signer', revocation: { status: 'good', source: 'arl', cached: true } });
    expect(loadCert(yessign()).info.crlDistributionPoints[0]).toBe(
      'ldap://ds.yessign.or.kr:389/CN=KISA-RootCA-4,OU=Korea-Certification-Authority-Central,O=KISA,C=KR?authorityRevocationList',
    );
  });
});
