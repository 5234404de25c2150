/**
 * Interop with the project's own cloud service (cloud/, helper C): its certificates chain to the
 * root it publishes, its OCSP responder and CRL are understood, a reissue's revoked certificate is
 * reported revoked by both, and a CMS it signs (with the R value) verifies, VID included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../cloud/src/clock.js';
import { call, enrol, PIN, sha256b64, signOnce, smsCode, startTestCloud, tempDir, type Enrolled, type TestCloud } from '../../cloud/src/testing/harness.js';
import { challengeMessage, checkChallengeAnswer, createChallenge } from './challenge.js';
import { checkCertificate, verifyCmsSignature, verifyRawSignature, type VerifyOptions } from './engine.js';
import { RevocationChecker } from './revocation.js';
import { loadCert } from './x509.js';

const tmp = tempDir('verify-interop');
let cloud: TestCloud;
let alice: Enrolled;
let bobOld: Buffer;
let opts: VerifyOptions;

beforeAll(async () => {
  cloud = await startTestCloud({ dataDir: tmp.dir, clock: new ManualClock(Date.now()) });
  alice = await enrol(cloud);
  const bob = await enrol(cloud);
  bobOld = bob.certificate;
  // Bob reissues: the cloud revokes his first certificate.
  const rc = await call(cloud.url, 'POST', '/v1/credentials/reset-code', {}, bob.token);
  const re = await call(
    cloud.url,
    'POST',
    '/v1/credentials/reissue',
    { challengeID: rc.body.challengeID, code: await smsCode(cloud, rc.body.challengeID), newPIN: '135790' },
    bob.token,
  );
  expect(re.status).toBe(201);
  opts = { anchors: [cloud.ca.rootDer], intermediates: [cloud.ca.issuingDer], revocation: new RevocationChecker({ timeoutMs: 5000 }) };
}, 120_000);
afterAll(async () => {
  await cloud?.close();
  tmp.remove();
});

async function cloudCms(e: Enrolled, content: Buffer): Promise<{ cms: string; rValue: string }> {
  const a = await call(cloud.url, 'POST', '/v1/credentials/authorize', { credentialID: e.credentialID, hash: [sha256b64(content)], PIN }, e.token);
  expect(a.status).toBe(200);
  const s = await call(
    cloud.url,
    'POST',
    '/v1/signatures/signCms',
    { credentialID: e.credentialID, SAD: a.body.SAD, content: content.toString('base64'), includeR: true },
    e.token,
  );
  expect(s.status).toBe(200);
  return { cms: s.body.cms, rValue: s.body.rValue };
}

describe('the cloud service', () => {
  it('a current cloud certificate: chain to the cloud root, OCSP good → valid', async () => {
    const rep = await checkCertificate(alice.certificate, opts);
    expect(rep.verdict).toBe('valid');
    expect(rep.chain.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
    expect(rep.checks.find((c) => c.name === 'revocation')!.detail).toContain('OCSP');
  });

  it('the certificate revoked by a reissue: revoked over OCSP', async () => {
    const rep = await checkCertificate(bobOld, { ...opts, revocation: { timeoutMs: 5000 } });
    const rev = rep.checks.find((c) => c.name === 'revocation')!;
    expect(rev.ok).toBe(false);
    expect(rev.detail).toContain('OCSP');
    expect(rep.verdict).toBe('invalid');
  });

  it('…and revoked per the cloud CRL (fetched from /v1/crl, then used offline)', async () => {
    const crl = Buffer.from(await (await fetch(`${cloud.url}/v1/crl`)).arrayBuffer());
    const checker = new RevocationChecker({ crls: [crl], offline: true });
    const bob = await checker.check(loadCert(bobOld), loadCert(cloud.ca.issuingDer));
    expect(bob).toMatchObject({ status: 'revoked', source: 'crl', reason: 'superseded' });
    expect(await checker.check(loadCert(alice.certificate), loadCert(cloud.ca.issuingDer))).toMatchObject({ status: 'good', source: 'crl' });
  });

  it('a CMS the cloud signed, with its R value and the holder’s IDN: valid, VID match', async () => {
    const content = Buffer.from('클라우드 서명 확인', 'utf8');
    const { cms, rValue } = await cloudCms(alice, content);
    const rep = await verifyCmsSignature(cms, { ...opts, rValue: Buffer.from(rValue, 'base64'), idn: alice.person.idn });
    expect(rep.verdict).toBe('valid');
    expect(rep.checks.find((c) => c.name === 'vid')!.ok).toBe(true);
    expect(rep.signingTime).not.toBeNull();
  });

  it('a raw signHash signature (PKCS#1) verifies with the certificate', async () => {
    const s = await signOnce(cloud, alice, 'raw data');
    const rep = await verifyRawSignature({ signature: s.body.signatures[0], certificate: alice.certificate, content: Buffer.from('raw data') }, opts);
    expect(rep.verdict).toBe('valid');
  });

  it('a sign-in challenge answered by the cloud is accepted', async () => {
    const c = createChallenge({ text: '은행 로그인' });
    const { cms } = await cloudCms(alice, challengeMessage(c));
    const used = new Set<string>();
    const res = await checkChallengeAnswer(c, cms, {
      ...opts,
      nonces: { nonceUsed: async (n) => used.has(n), consumeNonce: async (n) => !used.has(n) && Boolean(used.add(n)) },
    });
    expect(res.accepted).toBe(true);
  });
});
