/**
 * Mutation fuzzing of everything the relying party reads from strangers: CMS signatures,
 * certificates (signer and chain), CRLs and OCSP answers. Each case must end in a report, a
 * DojangError or (for the low-level parsers) an Asn1Error, never another exception, a hang or
 * unbounded memory. Seeded: a failure is reproducible.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { Asn1Error } from '../../common/pki/asn1.js';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { buildChain } from './chain.js';
import { judgeCrl, parseCrl } from './crl.js';
import { checkCertificate, verifyCmsSignature } from './engine.js';
import { judgeOcspResponse } from './ocsp.js';
import { makeCert, makeCrl, makeOcspResponse, makePki, rsaKey, type TestPki } from './test-pki.test-util.js';
import { loadCert, type Cert } from './x509.js';
import { mutate, rng } from '../../common/fuzz.test-util.js';

function allowed(e: unknown, lowLevel = false): boolean {
  return e instanceof DojangError || (lowLevel && e instanceof Asn1Error);
}

let pki: TestPki;
let cms: Buffer;
let leaf: Cert;
let ca: Cert;
const offline = { offline: true };

beforeAll(async () => {
  pki = makePki({ ocspUrl: 'http://127.0.0.1:9/ocsp', crlUrls: ['http://127.0.0.1:9/crl'] });
  leaf = loadCert(pki.leaf.der);
  ca = loadCert(pki.ca.der);
  cms = await signCms({
    content: Buffer.from('fuzz content 퍼즈'),
    detached: false,
    certDer: pki.leaf.der,
    chainDer: [pki.ca.der],
    signer: (d) => signPkcs1(pki.leaf.key.privateKey, d),
  });
});

// Thousands of cases: the timeout only ends a hang (a loaded 2-core machine takes several times the usual 15 s), it is no speed budget.
describe('fuzz', { timeout: 300_000 }, () => {
  it('CMS: 2000 mutations → a report or a DojangError; valid only while the signed bytes are intact', async () => {
    const r = rng(0x5157);
    // a good CRL, so that an intact signature can be fully valid offline
    const revocation = { offline: true, crls: [makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 3600_000) })] };
    expect((await verifyCmsSignature(cms, { anchors: [pki.root.der], revocation })).verdict).toBe('valid');
    const signatureValue = cms.subarray(cms.length - 256); // the SignerInfo's signature ends the structure
    const heap0 = process.memoryUsage().heapUsed;
    let reports = 0;
    for (let i = 0; i < 2000; i++) {
      const m = mutate(cms, r);
      try {
        const rep = await verifyCmsSignature(m, { anchors: [pki.root.der], revocation });
        reports++;
        if (rep.verdict === 'valid') {
          expect(m.includes(Buffer.from('fuzz content 퍼즈'))).toBe(true);
          expect(m.includes(signatureValue)).toBe(true);
        }
      } catch (e) {
        if (!allowed(e)) throw new Error(`case ${i}: unexpected ${String(e)}`, { cause: e });
      }
    }
    expect(reports).toBeGreaterThan(100);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(256 << 20);
  });

  it('certificates: 2000 mutated signer certificates and 2000 mutated intermediates', async () => {
    const r = rng(0xce27);
    for (let i = 0; i < 2000; i++) {
      try {
        const rep = await checkCertificate(mutate(pki.leaf.der, r), { anchors: [pki.root.der], intermediates: [pki.ca.der], revocation: offline });
        expect(rep.verdict).not.toBe('valid'); // offline: revocation stays unknown
      } catch (e) {
        if (!allowed(e)) throw new Error(`case ${i}: unexpected ${String(e)}`, { cause: e });
      }
      const chain = buildChain(pki.leaf.der, { anchors: [pki.root.der], intermediates: [mutate(pki.ca.der, r)] });
      expect(chain[0]!.status === 'ok' || chain[0]!.status === 'missingIssuer' || chain[0]!.status === 'badSignature').toBe(true);
    }
  });

  it('CRLs: 3000 mutations parse or fail with Asn1Error; judging never throws and never says good for a broken list', () => {
    const r = rng(0xc21);
    const crl = makeCrl({
      issuer: pki.ca,
      thisUpdate: new Date(Date.now() - 3600_000),
      revoked: [
        { serialHex: '0999', date: new Date(), reason: 1 },
        { serialHex: '0998', date: new Date() },
      ],
    });
    for (let i = 0; i < 3000; i++) {
      const m = mutate(crl, r);
      let parsed;
      try {
        parsed = parseCrl(m);
      } catch (e) {
        if (!allowed(e, true)) throw new Error(`case ${i}: unexpected ${String(e)}`, { cause: e });
        continue;
      }
      const j = judgeCrl(parsed, leaf, ca, new Date());
      if ('status' in j && j.status === 'good') expect(parsed.tbs.equals(parseCrl(crl).tbs)).toBe(true);
    }
  });

  it('OCSP answers: 3000 mutations are judged without throwing, and only an intact answer says good', () => {
    const r = rng(0x0c5);
    const nonce = Buffer.alloc(32, 9);
    const resp = makeOcspResponse({ signer: pki.ca, nonce, answers: [{ cert: pki.leaf, issuer: pki.ca, status: 'good', thisUpdate: new Date(Date.now() - 60_000) }] });
    expect(judgeOcspResponse(resp, { cert: leaf, issuer: ca, nonce, now: new Date() }).status).toBe('good');
    let good = 0;
    for (let i = 0; i < 3000; i++) {
      const m = mutate(resp, r);
      const res = judgeOcspResponse(m, { cert: leaf, issuer: ca, nonce, now: new Date() });
      if (res.status === 'good') good++;
      expect(res.status === 'good' || res.status === 'unknown' || res.status === 'revoked').toBe(true);
    }
    // bytes outside the signed part (the outer wrapping, the certs) may change without harm; nothing else may
    expect(good).toBeLessThan(150);
  });

  it('a CRL of 50 000 entries is read, and a serial found', () => {
    const revoked = Array.from({ length: 50_000 }, (_, i) => ({ serialHex: (0x100000 + i).toString(16), date: new Date('2024-01-01') }));
    const big = makeCrl({ issuer: pki.ca, thisUpdate: new Date(Date.now() - 3600_000), revoked });
    const parsed = parseCrl(big);
    expect(parsed.revoked.has('10c350')).toBe(false);
    expect(parsed.revoked.has('10c34f')).toBe(true);
  });

  it('unsupported algorithms are named: a certificate signed with RSASSA-PSS in the chain', async () => {
    const leafPss = makeCert({ cn: 'pss user', key: rsaKey(3), issuer: pki.ca });
    // rewrite the outer and inner signature algorithm OIDs to RSASSA-PSS (same length as sha256WithRSA)
    const from = Buffer.from('2a864886f70d01010b', 'hex');
    const to = Buffer.from('2a864886f70d01010a', 'hex');
    const d = Buffer.from(leafPss.der);
    for (let at = d.indexOf(from); at >= 0; at = d.indexOf(from, at + 1)) to.copy(d, at);
    const rep = await checkCertificate(d, { anchors: [pki.root.der], intermediates: [pki.ca.der], revocation: offline });
    const chain = rep.checks.find((c) => c.name === 'chain')!;
    expect(chain.ok).toBeNull();
    expect(chain.detail).toContain('RSASSA-PSS');
  });
});
