/** The bridge functions, `(dataDir, request)`, end to end on a temp data folder. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { computeVid } from '../../common/pki/vid.js';
import {
  addTrustAnchor,
  challengeMessage,
  chainEndsAtRoot,
  checkChallenge,
  closeVerifyStores,
  cloudRootOffer,
  holdChallengeRValue,
  importCrl,
  listTrustAnchors,
  newChallenge,
  parseRValue,
  pinCloudRoot,
  removeTrustAnchor,
  verifyCertificate,
  verifySignature,
} from './index.js';
import { makeCert, makeCrl, makeOcspResponse, makePki, pem, readOcspRequest, rsaKey, send, startServer, type TestPki, type TestServer } from './test-pki.test-util.js';

const idn = '8001011234567';
const r = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');
const text = Buffer.from('주문 확인', 'utf8');

let server: TestServer;
let pki: TestPki;
let dataDir: string;
let files: string;
const sign = (content: Buffer, chain: Buffer[] = [pki.ca.der], detached = false) =>
  signCms({ content, detached, certDer: pki.leaf.der, chainDer: chain, signer: (d) => signPkcs1(pki.leaf.key.privateKey, d) });

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { nonce } = readOcspRequest(req.body);
    send(
      res,
      'application/ocsp-response',
      makeOcspResponse({ signer: pki.ca, nonce, answers: [{ cert: pki.leaf, issuer: pki.ca, status: 'good', thisUpdate: new Date(Date.now() - 60_000) }] }),
    );
  });
  pki = makePki({ ocspUrl: `${server.url}/ocsp`, identify: { realName: '홍길동', vid: computeVid(idn, r, 'sha256') } });
  dataDir = mkdtempSync(join(tmpdir(), 'dojang-bridge-'));
  files = mkdtempSync(join(tmpdir(), 'dojang-bridge-files-'));
  writeFileSync(join(files, 'root.pem'), pki.root.pem);
});
afterAll(async () => {
  await closeVerifyStores();
  await server.close();
});

describe('trust anchors', () => {
  it('list → add → verify → remove', async () => {
    const bundled = await listTrustAnchors(dataDir);
    expect(new Set(bundled.map((a) => a.source))).toEqual(new Set(['bundled']));
    const sig = await sign(text);
    expect((await verifySignature(dataDir, { input: { base64: sig.toString('base64') } })).verdict).toBe('indeterminate');
    const list = await addTrustAnchor(dataDir, { path: join(files, 'root.pem') });
    const added = list.find((a) => a.source === 'user')!;
    expect(list).toHaveLength(bundled.length + 1);
    const rep = await verifySignature(dataDir, { input: { base64: sig.toString('base64url') } });
    expect(rep.verdict).toBe('valid');
    // the CA certificate that completed the chain was cached: a message without it now verifies too
    expect(readdirSync(join(dataDir, 'trust', 'intermediates'))).toHaveLength(1);
    expect((await verifySignature(dataDir, { input: { base64: (await sign(text, [])).toString('base64') } })).verdict).toBe('valid');
    expect(await removeTrustAnchor(dataDir, { fingerprintSha256: added.fingerprintSha256 })).toHaveLength(bundled.length);
    expect((await verifySignature(dataDir, { input: { base64: sig.toString('base64') } })).verdict).toBe('indeterminate');
    await addTrustAnchor(dataDir, { base64: pki.root.pem });
  });

  it('pins a cloud root', async () => {
    const cloudRoot = makeCert({ cn: 'Cloud Root', key: rsaKey(4), ca: true });
    expect(await pinCloudRoot(dataDir, { url: 'http://127.0.0.1:8443', input: { base64: cloudRoot.der.toString('base64') } })).toMatchObject({ source: 'cloud' });
  });

  it('a cloud root offered on first use: the report’s chain stops at it; pinned only as confirmed; another root later is "changed"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dojang-cloud-offer-'));
    const url = 'http://127.0.0.1:8787';
    // The chain stops at this root (carried in the signature) or at its missing CA: offered. Another root: not.
    const carried = await verifySignature(dir, { input: { base64: (await sign(text, [pki.ca.der, pki.root.der])).toString('base64') } });
    expect(carried.chain.at(-1)!.status).toBe('untrustedRoot');
    expect(chainEndsAtRoot(carried, pki.root.der)).toBe(true);
    const missing = await verifySignature(dir, { input: { base64: (await sign(text, [pki.ca.der])).toString('base64') } });
    expect(chainEndsAtRoot(missing, pki.root.der)).toBe(true);
    const other = makeCert({ cn: 'Other Root', key: rsaKey(5), ca: true });
    expect(chainEndsAtRoot(carried, other.der)).toBe(false);

    const offer = await cloudRootOffer(dir, { url: `${url}/v1/`, rootDer: pki.root.der });
    expect(offer).toMatchObject({ url, state: 'offered', root: { subject: expect.stringContaining('Dojang Test Root'), source: 'cloud' } });
    await expect(pinCloudRoot(dir, { url, input: { base64: pki.root.der.toString('base64') }, confirmFingerprintSha256: 'ab'.repeat(32) })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('not the one you confirmed'),
    });
    await pinCloudRoot(dir, { url, input: { base64: pki.root.der.toString('base64') }, confirmFingerprintSha256: offer.root.fingerprintSha256 });
    expect((await cloudRootOffer(dir, { url, rootDer: pki.root.der })).state).toBe('pinned');
    const valid = await verifySignature(dir, { input: { base64: (await sign(text, [pki.ca.der, pki.root.der])).toString('base64') } });
    expect(valid.verdict).toBe('valid');
    expect(chainEndsAtRoot(valid, pki.root.der)).toBe(false);
    expect((await cloudRootOffer(dir, { url, rootDer: other.der })).state).toBe('changed');
  }, 60_000);
});

describe('verifySignature / verifyCertificate', () => {
  it('a detached signature with contentPath; VID with an R value in hex and the IDN', async () => {
    writeFileSync(join(files, 'content.bin'), text);
    writeFileSync(join(files, 'det.p7s'), await sign(text, [pki.ca.der], true));
    const rep = await verifySignature(dataDir, { input: { path: join(files, 'det.p7s') }, contentPath: join(files, 'content.bin'), rValue: r.toString('hex'), idn });
    expect(rep.verdict).toBe('valid');
    expect(rep.checks.find((c) => c.name === 'vid')!.ok).toBe(true);
  });

  it('a certificate given to verifySignature is checked as a certificate; verifyCertificate gives the chain', async () => {
    const rep = await verifySignature(dataDir, { input: { base64: pki.leaf.pem } });
    expect(rep.checks[0]!.ok).toBeNull();
    const c = await verifyCertificate(dataDir, { input: { base64: pki.leaf.der.toString('base64') } });
    expect(c.verdict).toBe('valid');
    expect(c.chain.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('missing file: NOT_FOUND', async () => {
    await expect(verifySignature(dataDir, { input: { path: join(files, 'nope.p7s') } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('R value as hex or base64', () => {
    expect(parseRValue(r.toString('hex'))!.equals(r)).toBe(true);
    expect(parseRValue(r.toString('base64'))!.equals(r)).toBe(true);
    expect(parseRValue(r.toString('base64url'))!.equals(r)).toBe(true);
    expect(() => parseRValue('not base64!')).toThrow();
  });
});

describe('importCrl', () => {
  it('an imported CRL decides revocation for a certificate with an LDAP distribution point', async () => {
    const ldapUser = makeCert({
      cn: 'ldap user',
      key: rsaKey(3),
      issuer: pki.ca,
      serial: '3003',
      crlUrls: ['ldap://ds.example.or.kr:389/ou=dp1,o=Dojang Test,c=KR?certificateRevocationList'],
    });
    const sig = await signCms({ content: text, detached: false, certDer: ldapUser.der, chainDer: [pki.ca.der], signer: (d) => signPkcs1(rsaKey(3).privateKey, d) });
    const before = await verifySignature(dataDir, { input: { base64: sig.toString('base64') } });
    expect(before.verdict).toBe('indeterminate');
    expect(before.checks.find((c) => c.name === 'revocation')!.detail).toContain('LDAP');
    writeFileSync(
      join(files, 'ca.crl'),
      pem('X509 CRL', makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 3600_000), revoked: [{ serialHex: '3003', date: new Date() }] })),
    );
    expect(await importCrl(dataDir, { path: join(files, 'ca.crl') })).toMatchObject({ revokedCount: 1 });
    const after = await verifySignature(dataDir, { input: { base64: sig.toString('base64') } });
    expect(after.verdict).toBe('invalid');
    expect(after.checks.find((c) => c.name === 'revocation')!.ok).toBe(false);
  });
});

describe('challenges', () => {
  it('newChallenge → checkChallenge: accepted once (a "challenge" check in the report), then a replay is invalid', async () => {
    const c = await newChallenge(dataDir, { text: '로그인' });
    const cmsBase64 = (await sign(challengeMessage(c))).toString('base64');
    const res = await checkChallenge(dataDir, { challenge: c, cmsBase64 });
    expect(res).toMatchObject({ accepted: true, verdict: 'valid' });
    expect(res.checks.at(-1)).toMatchObject({ name: 'challenge', ok: true });
    const again = await checkChallenge(dataDir, { challenge: c, cmsBase64 });
    expect(again).toMatchObject({ accepted: false, verdict: 'invalid' });
    expect(again.checks.at(-1)).toMatchObject({ name: 'challenge', ok: false, detail: expect.stringContaining('replay') });
  }, 60_000);

  it('the R value held with an answer makes the identity check run: a wrong ID number names identity, and a second check is a replay', async () => {
    const c = await newChallenge(dataDir, { text: '로그인' });
    const cmsBase64 = (await sign(challengeMessage(c))).toString('base64');
    expect(holdChallengeRValue(c, r)).toBe(true);
    const wrong = await checkChallenge(dataDir, { challenge: c, cmsBase64, idn: '8001011234568' });
    expect(wrong).toMatchObject({ accepted: false, verdict: 'invalid' });
    expect(wrong.checks.find((x) => x.name === 'vid')!.ok).toBe(false);
    expect(wrong.checks.find((x) => x.name === 'signature')!.ok).toBe(true);
    expect(wrong.reason).toMatch(/^본인확인 \(VID\)/);
    // The right number now: the challenge was spent by the first check.
    const again = await checkChallenge(dataDir, { challenge: c, cmsBase64, idn });
    expect(again.accepted).toBe(false);
    expect(again.challengeChecks.find((x) => x.name === 'replay')!.ok).toBe(false);

    const c2 = await newChallenge(dataDir, {});
    holdChallengeRValue(c2, r);
    const ok = await checkChallenge(dataDir, { challenge: c2, cmsBase64: (await sign(challengeMessage(c2))).toString('base64'), idn });
    expect(ok).toMatchObject({ accepted: true, verdict: 'valid' });
    expect(ok.checks.find((x) => x.name === 'vid')!.ok).toBe(true);
    // No R value held: the identity check cannot run, and says why.
    const c3 = await newChallenge(dataDir, {});
    expect(holdChallengeRValue(c3, null)).toBe(false);
    const noR = await checkChallenge(dataDir, { challenge: c3, cmsBase64: (await sign(challengeMessage(c3))).toString('base64'), idn });
    expect(noR.checks.find((x) => x.name === 'vid')).toMatchObject({ ok: null, detail: expect.stringContaining('no R value') });
  }, 60_000);

  it('a challenge this folder never issued, or one altered in transit: NOT_FOUND', async () => {
    const c = await newChallenge(dataDir, {});
    const cmsBase64 = (await sign(challengeMessage(c))).toString('base64');
    await expect(checkChallenge(dataDir, { challenge: { ...c, nonce: 'A'.repeat(43) }, cmsBase64 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const longer = { ...c, expiresAt: new Date(Date.parse(c.expiresAt) + 3600_000).toISOString() };
    await expect(checkChallenge(dataDir, { challenge: longer, cmsBase64 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
