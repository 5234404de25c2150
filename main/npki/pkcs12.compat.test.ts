/**
 * docs/pkcs12.md's compatibility table, row by row: each Dojang export format opened by readers
 * no one here wrote (OpenSSL 3's default reader, `openssl pkcs12 -legacy`, python3-cryptography),
 * plus the RC2-40 form OpenSSL writes with -legacy, which explains why Dojang's legacy form uses 3DES.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRUST_CERTS } from '../verify/trust/certs.data.js';
import { exportPfx, importPfx, type PfxFormat } from './pkcs12.js';
import { fixture, openssl } from './fixtures.test-util.js';

const cert = fixture('yessign-test/signCert.der');
const pki = fixture('yessign-test/signPri.key.decrypted.der');
const chain = ['test/yessignCA-Test_Class_4.der', 'test/Kisa_Test_RootCA_7.der'].map((f) => Buffer.from(TRUST_CERTS[f]!, 'base64'));
const PW = 'Export-pw-2024!';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dojang-p12-compat-'));
});

function write(format: PfxFormat, withChain: boolean): string {
  const file = join(dir, `${format}-${withChain ? 'chain' : 'leaf'}.pfx`);
  writeFileSync(file, exportPfx({ certDer: cert, privateKeyInfo: pki, password: PW, format, ...(withChain ? { chainDer: chain } : {}) }));
  return file;
}

/** What `openssl pkcs12 -info` says about a file's protection (the algorithms must be the ones the docs name). */
function info(file: string): string {
  return spawnSync('openssl', ['pkcs12', '-legacy', '-in', file, '-info', '-noout', '-passin', `pass:${PW}`], { encoding: 'utf8' }).stderr;
}

const PY = `
import sys
from cryptography.hazmat.primitives.serialization import pkcs12
key, cert, extra = pkcs12.load_key_and_certificates(open(sys.argv[1], 'rb').read(), sys.argv[2].encode())
assert key.public_key().public_numbers() == cert.public_key().public_numbers()
print(cert.subject.rfc4514_string()); print(len(extra))
`;

const readers = {
  'OpenSSL 3 default reader': (file: string) => openssl(['pkcs12', '-in', file, '-nodes', '-passin', `pass:${PW}`]).toString(),
  'openssl pkcs12 -legacy': (file: string) => openssl(['pkcs12', '-legacy', '-in', file, '-nodes', '-passin', `pass:${PW}`]).toString(),
  'python3-cryptography': (file: string) => execFileSync('python3', ['-c', PY, file, PW], { encoding: 'utf8' }),
};

describe.each(['modern', 'legacy'] as const)('Dojang %s export', (format) => {
  it('uses the algorithms docs/pkcs12.md names', () => {
    const text = info(write(format, false));
    if (format === 'modern') {
      expect(text).toMatch(/MAC: sha256/);
      expect(text).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    } else {
      expect(text).toMatch(/MAC: sha1, Iteration 2048/);
      expect(text).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
      expect(text).toMatch(/PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    }
  });

  it.each(Object.keys(readers) as (keyof typeof readers)[])('opens in %s, with the CA chain when included', (reader) => {
    const leafOnly = readers[reader](write(format, false));
    const withChain = readers[reader](write(format, true));
    if (reader === 'python3-cryptography') {
      expect(leafOnly).toMatch(/^CN=HKD.*\n0\n$/);
      expect(withChain).toMatch(/\n2\n$/);
    } else {
      expect(leafOnly).toContain('BEGIN PRIVATE KEY');
      expect(leafOnly).toContain('1.2.410.200004.10.1.1.3'); // randomNum kept as a key attribute
      expect(withChain.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
      expect(withChain).toContain('yessignCA-Test Class 4');
    }
  });

  it('opens in Dojang with randomNum and the chain', () => {
    const r = importPfx(readFileSync(write(format, true)), PW);
    expect(r.privateKeyInfo.equals(pki)).toBe(true);
    expect(r.chainDer).toHaveLength(2);
  });
});

describe('OpenSSL -legacy export (RC2-40 certificate bag)', () => {
  it('needs the legacy provider in OpenSSL 3 (the default reader refuses it); Dojang opens it', () => {
    const file = join(dir, 'openssl-legacy.pfx');
    writeFileSync(join(dir, 'key.pem'), openssl(['pkey', '-inform', 'DER'], pki));
    writeFileSync(join(dir, 'cert.pem'), fixture('yessign-test/signCert.pem'));
    openssl(['pkcs12', '-export', '-legacy', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem'), '-out', file, '-passout', `pass:${PW}`]);
    expect(info(file)).toMatch(/pbeWithSHA1And40BitRC2-CBC/);
    expect(() => readers['OpenSSL 3 default reader'](file)).toThrow();
    expect(readers['openssl pkcs12 -legacy'](file)).toContain('BEGIN PRIVATE KEY');
    expect(importPfx(readFileSync(file), PW).certDer.equals(cert)).toBe(true);
  });
});
