import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { fixture, openssl } from '../npki/fixtures.test-util.js';
import { buildChain, buildChainDetailed, judgeChain } from './chain.js';
import { makeCert, makePki, rsaKey, type TestPki } from './test-pki.test-util.js';

const kmCert = fixture('kica-test/kmCert.der');
const ftca06 = fixture('kica-test/signGATE_FTCA06_test.der');
const root7 = fixture('kica-test/Kisa_Test_RootCA_7.der');
const kisa4 = fixture('kica-test/KISA_RootCA_4.der');
const yessign = fixture('yessign-test/signCert.der');
const in2021 = new Date('2021-01-01T00:00:00Z');

describe('buildChain on the KICA fixtures', () => {
  it('kmCert → signGATE FTCA06 → Kisa Test RootCA 7 at 2021-01-01: every link ok, the root is the anchor', () => {
    const chain = buildChain(kmCert, { intermediates: [ftca06], anchors: [root7], at: in2021 });
    expect(chain.map((l) => [l.subject.match(/CN=([^,]+)/)?.[1], l.status, l.isTrustAnchor])).toEqual([
      ['KICA-UCPID-ISP(dev)', 'ok', false],
      ['signGATE FTCA06', 'ok', false],
      ['Kisa Test RootCA 7', 'ok', true],
    ]);
    expect(chain[0]!.serialHex).toBe('31bf');
    expect(judgeChain(buildChainDetailed(kmCert, { intermediates: [ftca06], anchors: [root7], at: in2021 })).ok).toBe(true);
  });

  it('agrees with openssl verify on the same chain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dojang-chain-'));
    writeFileSync(join(dir, 'root.pem'), fixture('kica-test/Kisa_Test_RootCA_7.pem'));
    writeFileSync(join(dir, 'ca.pem'), fixture('kica-test/signGATE_FTCA06_test.pem'));
    writeFileSync(join(dir, 'leaf.pem'), fixture('kica-test/kmCert.pem'));
    const out = openssl([
      'verify',
      '-attime',
      String(in2021.getTime() / 1000),
      '-purpose',
      'any',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'ca.pem'),
      join(dir, 'leaf.pem'),
    ]);
    expect(out.toString()).toContain('OK');
  });

  it('today the user certificate shows as expired, the CA links stay ok', () => {
    const chain = buildChain(kmCert, { intermediates: [ftca06], anchors: [root7], at: new Date('2026-01-01T00:00:00Z') });
    expect(chain.map((l) => l.status)).toEqual(['expired', 'ok', 'ok']);
  });

  it('without the intermediate: missingIssuer', () => {
    const chain = buildChain(kmCert, { anchors: [root7], at: in2021 });
    expect(chain).toHaveLength(1);
    expect(chain[0]!.status).toBe('missingIssuer');
    expect(judgeChain(buildChainDetailed(kmCert, { anchors: [root7], at: in2021 }))).toEqual({
      ok: null,
      message: { key: 'verify.chain.issuerMissing', params: { missing: expect.stringContaining('CN='), names: expect.any(String) } },
    });
  });

  it('a test root that is not trusted (only KISA RootCA 4 is): untrustedRoot at the top', () => {
    const chain = buildChain(kmCert, { intermediates: [ftca06, root7], anchors: [kisa4], at: in2021 });
    expect(chain.map((l) => l.status)).toEqual(['ok', 'ok', 'untrustedRoot']);
    expect(chain[2]!.isTrustAnchor).toBe(false);
  });

  it('the yessign fixture: yessignCA-Test Class 4 is not in the fixtures → missingIssuer', () => {
    const chain = buildChain(yessign, { anchors: [root7, kisa4], at: new Date('2020-03-01T00:00:00Z') });
    expect(chain).toEqual([expect.objectContaining({ status: 'missingIssuer', issuer: 'CN=yessignCA-Test Class 4,OU=AccreditedCA,O=yessign,C=kr' })]);
  });

  it('a root certificate that is itself an anchor is a one-link chain', () => {
    expect(buildChain(root7, { anchors: [root7] })).toEqual([expect.objectContaining({ status: 'ok', isTrustAnchor: true })]);
  });

  it('refuses a damaged certificate with FILE_DAMAGED, skips damaged intermediates', () => {
    expect(() => buildChain(Buffer.from('nope'), { anchors: [root7] })).toThrow(DojangError);
    const chain = buildChain(kmCert, { intermediates: [Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), ftca06], anchors: [root7], at: in2021 });
    expect(chain.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
  });
});

describe('buildChain on generated chains', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makePki();
  });

  it('root → CA → user verifies, and openssl agrees', () => {
    const chain = buildChain(pki.leaf.der, { intermediates: [pki.ca.der], anchors: [pki.root.der] });
    expect(chain.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
    const dir = mkdtempSync(join(tmpdir(), 'dojang-chain-'));
    writeFileSync(join(dir, 'root.pem'), pki.root.pem);
    writeFileSync(join(dir, 'ca.pem'), pki.ca.pem);
    writeFileSync(join(dir, 'leaf.pem'), pki.leaf.pem);
    expect(openssl(['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'ca.pem'), join(dir, 'leaf.pem')]).toString()).toContain('OK');
  });

  it('a CA certificate signed by another key: badSignature, and the chain check fails', () => {
    const forged = makeCert({ cn: 'Dojang Test CA', key: rsaKey(1), issuer: pki.root, ca: true, serial: '02', signWith: rsaKey(3).privateKey });
    const detailed = buildChainDetailed(pki.leaf.der, { intermediates: [forged.der], anchors: [pki.root.der] });
    expect(toStatuses(detailed)).toEqual(['ok', 'badSignature']);
    expect(judgeChain(detailed)).toEqual({ ok: false, message: { key: 'verify.chain.badSignature', params: { subject: expect.stringContaining('Dojang Test CA') } } });
  });

  it('a user certificate whose issuer key did not sign it: badSignature on the leaf', () => {
    const wrong = makeCert({ cn: 'mallory', key: rsaKey(2), issuer: pki.ca, signWith: rsaKey(3).privateKey });
    expect(buildChain(wrong.der, { intermediates: [pki.ca.der], anchors: [pki.root.der] })[0]!.status).toBe('badSignature');
  });

  it('an end-entity certificate is never used as an issuer', () => {
    // A user certificate named like the CA and holding the CA's key still lacks cA=true.
    const fakeCa = makeCert({ cn: 'Dojang Test CA', key: rsaKey(1), issuer: pki.root, serial: '77' });
    expect(buildChain(pki.leaf.der, { intermediates: [fakeCa.der], anchors: [pki.root.der] })[0]!.status).toBe('missingIssuer');
  });

  it('an expired CA certificate makes the chain check fail', () => {
    const oldCa = makeCert({ cn: 'Dojang Test CA', key: rsaKey(1), issuer: pki.root, ca: true, serial: '03', notBefore: new Date('2019-01-01'), notAfter: new Date('2020-01-01') });
    const detailed = buildChainDetailed(pki.leaf.der, { intermediates: [oldCa.der], anchors: [pki.root.der] });
    expect(toStatuses(detailed)).toEqual(['ok', 'expired', 'ok']);
    expect(judgeChain(detailed).ok).toBe(false);
  });
});

function toStatuses(c: ReturnType<typeof buildChainDetailed>): string[] {
  return c.links.map((l) => (l.signature === 'bad' ? 'badSignature' : l.validity !== 'ok' ? l.validity : 'ok'));
}
