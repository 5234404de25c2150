/**
 * Mutation fuzzing of the parsers that read untrusted files: certificates, PFX and CMS.
 * Every case must end in a value or a DojangError (valid=false for CMS), never another
 * exception and never a hang. Seeded, so a failure is reproducible.
 */
import { createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { signCms, signPkcs1, verifyCms } from '../../common/pki/cms.js';
import { exportPfx, importPfx } from './pkcs12.js';
import { children, der, parse, raw } from '../../common/pki/asn1.js';
import { readVid } from '../../common/pki/vid.js';
import { YESSIGN_PASSWORD, fixture } from './fixtures.test-util.js';
import { mutate, rng } from '../../common/fuzz.test-util.js';

function expectOnlyDojangErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DojangError)) throw new Error(`unexpected ${String(e)}`, { cause: e });
  }
}

// Thousands of cases: the timeout only ends a hang (a loaded 2-core machine takes several times the usual 15 s), it is no speed budget.
describe('fuzz', { timeout: 300_000 }, () => {
  let cms: Buffer;
  beforeAll(async () => {
    const key = createPrivateKey({ key: fixture('yessign-test/signPri.key.decrypted.der'), format: 'der', type: 'pkcs8' });
    cms = await signCms({
      content: Buffer.from('fuzz content'),
      detached: false,
      certDer: fixture('yessign-test/signCert.der'),
      signer: (d) => signPkcs1(key, d),
    });
  });

  it('certificates: 20000 mutations', () => {
    const r = rng(0xc0ffee);
    const sources = [fixture('yessign-test/signCert.der'), fixture('kica-test/kmCert.der'), fixture('kica-test/signGATE_FTCA06_test.der')];
    for (let i = 0; i < 20000; i++) {
      const m = mutate(sources[i % sources.length]!, r);
      expectOnlyDojangErrors(() => parseCertificate(m));
      expectOnlyDojangErrors(() => readVid(m));
    }
  });

  it('CMS: 10000 mutations answer valid=false or true, never throw', () => {
    const r = rng(0xbeef);
    let invalid = 0;
    for (let i = 0; i < 10000; i++) {
      const res = verifyCms(mutate(cms, r), i % 2 ? { content: Buffer.from('fuzz content') } : {});
      expect(typeof res.valid).toBe('boolean');
      if (!res.valid) {
        invalid++;
        expect(res.checks.some((c) => !c.ok)).toBe(true);
      }
    }
    expect(invalid).toBeGreaterThan(7500);
  });

  it('PFX: 4000 mutations of the fixture, with and without its MAC', () => {
    const r = rng(0x5eed);
    const pfx = fixture('yessign-test/cert.pfx');
    // Without the MAC, damage inside reaches the decryption and bag parsers.
    const [version, authSafe] = children(parse(pfx));
    const noMac = der.seq(raw(version!), raw(authSafe!));
    expect(importPfx(noMac, YESSIGN_PASSWORD).hasRandomNum).toBe(true);
    for (let i = 0; i < 4000; i++) {
      expectOnlyDojangErrors(() => importPfx(mutate(i % 2 ? pfx : noMac, r), YESSIGN_PASSWORD));
    }
  });

  it('PFX: 300 mutations of an AES-256 / SHA-256 export', () => {
    const r = rng(0xae5);
    const pfx = exportPfx({
      certDer: fixture('yessign-test/signCert.der'),
      privateKeyInfo: fixture('yessign-test/signPri.key.decrypted.der'),
      password: 'fuzz-Pass-1!',
    });
    for (let i = 0; i < 300; i++) expectOnlyDojangErrors(() => importPfx(mutate(pfx, r), 'fuzz-Pass-1!'));
  });
});
