/**
 * `dojang verify` and `dojang challenge` in-process, with a generated PKI, a local OCSP responder,
 * and OpenSSL-made signatures. The data folder is a temp dir (DOJANG_DATA_DIR).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signCms, signPkcs1 } from '../../../common/pki/cms.js';
import {
  makeCert,
  makeCrl,
  makeOcspResponse,
  makePki,
  pem,
  readOcspRequest,
  reshapeCms,
  rsaKey,
  send,
  startServer,
  type TestPki,
  type TestServer,
} from '../../verify/test-pki.test-util.js';
import { YESSIGN, openssl, run, tempDir } from '../cli.test-util.js';

let server: TestServer;
let pki: TestPki;
let dir: string;
const f = (n: string) => path.join(dir, n);
const text = Buffer.from('계약서 v3에 동의합니다', 'utf8');

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { nonce } = readOcspRequest(req.body);
    send(
      res,
      'application/ocsp-response',
      makeOcspResponse({ signer: pki.ca, nonce, answers: [{ cert: pki.leaf, issuer: pki.ca, status: 'good', thisUpdate: new Date(Date.now() - 60_000) }] }),
    );
  });
  pki = makePki({ ocspUrl: `${server.url}/ocsp` });
});
afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  dir = await tempDir('dojang-verify-cli-');
  process.env.DOJANG_DATA_DIR = f('data');
  await writeFile(f('root.pem'), pki.root.pem);
  await writeFile(f('ca.pem'), pki.ca.pem);
  await writeFile(f('leaf.pem'), pki.leaf.pem);
  await writeFile(f('leaf.key.pem'), pki.leaf.key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(f('content.txt'), text);
});
afterEach(async () => {
  delete process.env.DOJANG_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

interface VerifyJson {
  valid: boolean;
  verdict: string;
  signer: { holder: string; serial: string } | null;
  checks: { name: string; ok: boolean | null; detail: string; message: { key: string; params?: Record<string, string>; message: string } | null }[];
  chain: { subject: string; origin: string | null; revocation: { status: string } | null }[];
}

describe('dojang verify', () => {
  it('an OpenSSL CMS with the chain, trusting the test root: exit 0, the documented JSON', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      f('leaf.pem'),
      '-inkey',
      f('leaf.key.pem'),
      '-certfile',
      f('ca.pem'),
      '-outform',
      'DER',
      '-out',
      f('sig.p7s'),
    ]);
    const r = await run(['verify', f('sig.p7s'), '--trust', f('root.pem'), '--json']);
    expect(r.code).toBe(0);
    const doc = r.doc<VerifyJson>();
    expect(doc).toMatchObject({ valid: true, verdict: 'valid', signer: { holder: '홍길동', serial: '1001' } });
    expect(doc.checks.map((c) => c.name)).toEqual([
      'signature',
      'contentDigest',
      'signedAttributes',
      'chain',
      'validityAtSigning',
      'validityNow',
      'keyUsage',
      'policy',
      'revocation',
      'vid',
    ]);
    // A converted check: the detail string as before, its key and parameters, and the text in the CLI's language.
    expect(doc.checks.find((c) => c.name === 'validityNow')!.message).toEqual({
      key: 'verify.check.validNow',
      params: { at: expect.any(String), notBefore: expect.any(String), notAfter: expect.any(String) },
      message: expect.stringMatching(/^valid now \(until .+\)$/),
    });
    expect(doc.checks.find((c) => c.name === 'chain')!.message).toEqual({
      key: 'verify.chain.verified',
      params: { names: '홍길동()0001234567890123 → Dojang Test CA → Dojang Test Root' },
      message: 'chain verified to a trust anchor: 홍길동()0001234567890123 → Dojang Test CA → Dojang Test Root',
    });
    expect(doc.checks.find((c) => c.name === 'revocation')!.message).toEqual({
      key: 'revocation.ocsp.good',
      params: { at: expect.any(String) },
      message: expect.stringMatching(/^OCSP: not revoked, as of \d{4}-.+Z$/),
    });
    expect(doc.checks.find((c) => c.name === 'policy')!.message).toMatchObject({
      key: expect.stringMatching(/^verify\.policy\./),
      message: expect.not.stringMatching(/[\uac00-\ud7a3]/),
    });
    // Each link's revocation: its key and parameters, and the text in the CLI's language.
    expect(doc.chain.at(-1)!.revocation).toMatchObject({
      status: 'notChecked',
      message: { key: 'verify.revocation.anchor', message: 'a trust anchor: nothing above it to revoke it' },
    });
    expect(doc.chain.map((l) => [l.origin, l.revocation?.status])).toEqual([
      ['signer', 'good'],
      ['message', 'notChecked'], // the test CA names no ARL
      ['anchor', 'notChecked'],
    ]);
    const plain = await run(['verify', f('sig.p7s'), '--trust', f('root.pem')]);
    expect(plain.text()).toContain('verdict   valid');
    expect(plain.text()).toMatch(/^chain$/m);
    expect(plain.text()).toContain(`revocation ✓ good — OCSP ${server.url}/ocsp`);
    expect(plain.text()).toContain('[ok; from the message]');
    expect(plain.text()).toMatch(/^✓ chain {13}chain verified to a trust anchor: 홍길동\(\)0001234567890123 → Dojang Test CA → Dojang Test Root$/m);
    // Korean locale: Korean only (names aside), through the same catalog.
    const ko = await run(['verify', f('sig.p7s'), '--trust', f('root.pem')], { language: 'ko' });
    expect(ko.text()).toContain('판정      유효');
    expect(ko.text()).toMatch(/^인증서 체인$/m);
    expect(ko.text()).toContain('[ok; 서명에 포함]');
    expect(ko.text()).toMatch(/^✓ chain {13}신뢰하는 루트까지 검증됨: 홍길동\(\)0001234567890123 → Dojang Test CA → Dojang Test Root$/m);
    expect(ko.text()).toMatch(/^✓ validityNow {7}유효기간 안 \(만료: .+\)$/m);
    expect(plain.text()).toMatch(/^✓ validityNow {7}valid now \(until .+\)$/m);
    expect(ko.text()).not.toMatch(/\(valid|from the message|chain verified|nothing above it/);
    expect(ko.text()).toContain('폐지 확인 - 확인 안 함: 신뢰 루트: 확인 대상 아님');
    expect(ko.text()).toContain(`폐지 확인 ✓ 폐지되지 않음 — OCSP ${server.url}/ocsp`);
    expect(ko.text()).toMatch(/^서명자 {4}홍길동 {2}일련번호 1001 {2}\(.+\)$/m);
    expect(ko.text()).not.toMatch(/^(verdict|signer|signed at|revocation) /m);
    expect(ko.text()).toMatch(/^✓ revocation {8}OCSP 확인: 폐지되지 않음 \(.+ 기준\)$/m);
    expect(plain.text()).toContain('revocation - not checked: a trust anchor: nothing above it to revoke it');
  });

  it('several files in one run: one result each, exit 1 when one is not valid', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      f('leaf.pem'),
      '-inkey',
      f('leaf.key.pem'),
      '-certfile',
      f('ca.pem'),
      '-outform',
      'DER',
      '-out',
      f('a.p7s'),
    ]);
    const tampered = Buffer.from(await readFile(f('a.p7s')));
    const at = tampered.indexOf(text);
    tampered[at] = tampered[at]! ^ 1; // the embedded content changes; the signature no longer covers it
    await writeFile(f('b.p7s'), tampered);
    const both = await run(['verify', f('a.p7s'), f('b.p7s'), '--trust', f('root.pem'), '--json']);
    expect(both.code).toBe(1);
    const { results } = both.doc<{ results: (VerifyJson & { file: string })[] }>();
    expect(results.map((r) => [path.basename(r.file), r.verdict])).toEqual([
      ['a.p7s', 'valid'],
      ['b.p7s', 'invalid'],
    ]);
    const same = await run(['verify', f('a.p7s'), f('a.p7s'), '--trust', f('root.pem')]);
    expect(same.code).toBe(0);
    expect(same.text()).toContain(`== ${f('a.p7s')}`);
    expect((await run(['verify', f('a.p7s'), f('a.p7s'), '--content', f('content.txt')])).code).toBe(2);
  });

  it('without trusting the root: exit 1, chain unknown', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      f('leaf.pem'),
      '-inkey',
      f('leaf.key.pem'),
      '-certfile',
      f('ca.pem'),
      '-outform',
      'PEM',
      '-out',
      f('sig.pem'),
    ]);
    const r = await run(['verify', f('sig.pem'), '--json']);
    expect(r.code).toBe(1);
    expect(r.doc<VerifyJson>()).toMatchObject({ valid: false, verdict: 'indeterminate' });
  });

  it('detached: --content checks it; other content is exit 1', async () => {
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-in',
      f('content.txt'),
      '-signer',
      f('leaf.pem'),
      '-inkey',
      f('leaf.key.pem'),
      '-certfile',
      f('ca.pem'),
      '-outform',
      'DER',
      '-out',
      f('det.p7s'),
    ]);
    expect((await run(['verify', f('det.p7s'), '--content', f('content.txt'), '--trust', f('root.pem'), '--json'])).code).toBe(0);
    await writeFile(f('other.txt'), '계약서 v4에 동의합니다');
    const bad = await run(['verify', f('det.p7s'), '--content', f('other.txt'), '--trust', f('root.pem'), '--json']);
    expect(bad.code).toBe(1);
    expect(bad.doc<VerifyJson>().checks.find((c) => c.name === 'contentDigest')!.ok).toBe(false);
  });

  it('base64url text (as the FinCert SDK returns it) is read too', async () => {
    const cms = await signCms({ content: text, detached: false, certDer: pki.leaf.der, chainDer: [pki.ca.der], signer: (d) => signPkcs1(pki.leaf.key.privateKey, d) });
    await writeFile(f('sig.txt'), cms.toString('base64url'));
    expect((await run(['verify', f('sig.txt'), '--trust', f('root.pem'), '--json'])).code).toBe(0);
  });

  it('malformed input: exit 3 with a JSON error', async () => {
    await writeFile(f('junk.p7s'), Buffer.from('0123456789'));
    const r = await run(['verify', f('junk.p7s'), '--json']);
    expect(r.code).toBe(3);
    expect(r.doc()).toMatchObject({ error: { code: 'FILE_DAMAGED' } });
    expect((await run(['verify', f('missing.p7s')])).code).toBe(3);
  });

  it('--crl with --offline: a certificate on the CRL is revoked → exit 1', async () => {
    const ldapUser = makeCert({
      cn: 'ldap user',
      key: rsaKey(3),
      issuer: pki.ca,
      serial: '3003',
      crlUrls: ['ldap://ds.example.or.kr:389/ou=dp1,o=Dojang Test,c=KR?certificateRevocationList'],
    });
    await writeFile(f('crl.pem'), pem('X509 CRL', makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 3600_000), revoked: [{ serialHex: '3003', date: new Date() }] })));
    const cms = await signCms({ content: text, detached: false, certDer: ldapUser.der, chainDer: [pki.ca.der], signer: (d) => signPkcs1(rsaKey(3).privateKey, d) });
    await writeFile(f('ldap.p7s'), cms);
    const r = await run(['verify', f('ldap.p7s'), '--trust', f('root.pem'), '--crl', f('crl.pem'), '--offline', '--json']);
    expect(r.code).toBe(1);
    expect(r.doc<VerifyJson>().checks.find((c) => c.name === 'revocation')).toMatchObject({ ok: false });
  });

  it('the yessign fixture signed by OpenSSL: not valid (expired, issuer CA missing) → exit 1', async () => {
    openssl(['pkey', '-inform', 'DER', '-in', path.join(YESSIGN, 'signPri.key.decrypted.der'), '-out', f('y.key.pem')]);
    openssl([
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nodetach',
      '-in',
      f('content.txt'),
      '-signer',
      path.join(YESSIGN, 'signCert.pem'),
      '-inkey',
      f('y.key.pem'),
      '-outform',
      'DER',
      '-out',
      f('y.p7s'),
    ]);
    const r = await run(['verify', f('y.p7s'), '--offline', '--json']);
    expect(r.code).toBe(1);
    expect(r.doc<VerifyJson>().checks.find((c) => c.name === 'signature')!.ok).toBe(true);
  });
});

describe('dojang challenge', () => {
  it('new → the user signs the message → check: accepted once, then a replay is refused', async () => {
    const made = await run(['challenge', 'new', '--text', 'Dojang 은행 로그인', '--out', f('ch.json'), '--message-out', f('msg.txt'), '--json']);
    expect(made.code).toBe(0);
    const ch = JSON.parse(await readFile(f('ch.json'), 'utf8')) as { nonce: string };
    expect(await readFile(f('msg.txt'), 'utf8')).toBe(`Dojang 은행 로그인\n${ch.nonce}`);
    const answer = await signCms({
      content: await readFile(f('msg.txt')),
      detached: false,
      certDer: pki.leaf.der,
      chainDer: [pki.ca.der],
      signer: (d) => signPkcs1(pki.leaf.key.privateKey, d),
    });
    await writeFile(f('answer.p7s'), answer);
    const ok = await run(['challenge', 'check', f('ch.json'), f('answer.p7s'), '--trust', f('root.pem'), '--json']);
    expect(ok.code).toBe(0);
    expect(ok.doc()).toMatchObject({ accepted: true, report: { verdict: 'valid' } });
    const replay = await run(['challenge', 'check', f('ch.json'), f('answer.p7s'), '--trust', f('root.pem')]);
    expect(replay.code).toBe(1);
    expect(replay.text()).toContain('replay');
    expect(replay.text()).not.toContain('이미 확인한 응답입니다');
    // in Korean, the reason and the challenge checks are said in Korean only
    const ko = await run(['challenge', 'check', f('ch.json'), f('answer.p7s'), '--trust', f('root.pem')], { language: 'ko' });
    expect(ko.text()).toContain('이미 확인한 응답입니다');
    expect(ko.text()).toContain('유효시간 안의 응답');
    expect(ko.text()).not.toContain('replay is refused');
    const json = await run(['challenge', 'check', f('ch.json'), f('answer.p7s'), '--trust', f('root.pem'), '--json']);
    expect(json.doc()).toMatchObject({
      reasonMessage: { key: 'challenge.check.replay', message: 'this challenge was already answered: a replay is refused' },
      challengeChecks: expect.arrayContaining([expect.objectContaining({ name: 'nonce', ok: true, message: { key: 'challenge.check.nonceOk', message: expect.any(String) } })]),
    });
  }, 60_000);

  it('--idn-stdin: the identity check runs with the R value the answer carries, and a failure names it', async () => {
    const check = async (withR: boolean) => {
      await run(['challenge', 'new', '--out', f('id.json'), '--message-out', f('id.txt')]);
      const cms = await signCms({
        content: await readFile(f('id.txt')),
        detached: false,
        certDer: pki.leaf.der,
        chainDer: [pki.ca.der],
        signer: (d) => signPkcs1(pki.leaf.key.privateKey, d),
      });
      await writeFile(f('id.p7s'), withR ? reshapeCms(cms, { randomNum: Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex') }) : cms);
      return run(['challenge', 'check', f('id.json'), f('id.p7s'), '--trust', f('root.pem'), '--idn-stdin', '--json'], { stdin: ['8001011234567'] });
    };
    // This test certificate carries no VID: with the R value the check runs and fails on that; without, it cannot run.
    const withR = await check(true);
    expect(withR.code).toBe(1);
    expect(withR.doc()).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^본인확인 \(VID\) 확인 실패/),
      reasonMessage: {
        key: 'challenge.reason.checkFailed',
        params: { check: 'challenge.checkName.vid' },
        note: { key: 'verify.check.vidMissing' },
        message: 'the identity (VID) check failed [the certificate carries no identity data (VID)]',
      },
    });
    const noR = await check(false);
    expect(noR.doc()).toMatchObject({ accepted: false, reason: expect.stringContaining('no R value') });
  }, 60_000);

  it('a refused check spends the challenge too: checked again (another run, the ledger reopened) it is a replay, not a first use', async () => {
    await run(['challenge', 'new', '--out', f('once.json'), '--message-out', f('once.txt')]);
    await writeFile(
      f('once.p7s'),
      await signCms({
        content: await readFile(f('once.txt')),
        detached: false,
        certDer: pki.leaf.der,
        chainDer: [pki.ca.der],
        signer: (d) => signPkcs1(pki.leaf.key.privateKey, d),
      }),
    );
    // Without --trust the root is unknown: refused (indeterminate), and the nonce is spent in the data folder's ledger.
    const first = await run(['challenge', 'check', f('once.json'), f('once.p7s'), '--json']);
    expect(first.code).toBe(1);
    expect(first.doc()).toMatchObject({
      accepted: false,
      challengeChecks: expect.arrayContaining([expect.objectContaining({ name: 'replay', ok: true, detail: expect.stringContaining('first use') })]),
    });
    const second = await run(['challenge', 'check', f('once.json'), f('once.p7s'), '--trust', f('root.pem'), '--json']);
    expect(second.code).toBe(1);
    expect(second.doc()).toMatchObject({ accepted: false, reason: expect.stringContaining('replay') });
  }, 60_000);

  it('an answer to another challenge is refused; a damaged challenge file is exit 3; --ttl over 300 is a usage error', async () => {
    await run(['challenge', 'new', '--out', f('a.json')]);
    await run(['challenge', 'new', '--out', f('b.json'), '--message-out', f('b.txt')]);
    await writeFile(
      f('b.p7s'),
      await signCms({ content: await readFile(f('b.txt')), detached: false, certDer: pki.leaf.der, chainDer: [pki.ca.der], signer: (d) => signPkcs1(pki.leaf.key.privateKey, d) }),
    );
    const r = await run(['challenge', 'check', f('a.json'), f('b.p7s'), '--trust', f('root.pem'), '--json']);
    expect(r.code).toBe(1);
    expect(r.doc()).toMatchObject({ accepted: false });
    await writeFile(f('bad.json'), '{"nonce": 1}');
    expect((await run(['challenge', 'check', f('bad.json'), f('b.p7s')])).code).toBe(3);
    expect((await run(['challenge', 'new', '--ttl', '301', '--out', f('c.json')])).code).toBe(2);
  }, 60_000);
});
