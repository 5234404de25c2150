/**
 * Cloud rows: a certificate as the cloud issues it (policy under 2.25.<UUID>, whose 128-bit arc
 * the NPKI parser must read) becomes a row like the local ones, judged on the cloud's clock.
 * OpenSSL makes the certificate and is the peer for the OID's reading.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudRow } from './rows.js';

const POLICY = `2.25.${BigInt('0xac7aacc8a19746a5ae1acffebacb3566')}.1`;
let der: Buffer;
let opensslPolicy: string;

beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-rows-'));
  const out = path.join(dir, 'cert.der');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-outform',
      'DER',
      '-out',
      out,
      '-days',
      '1095',
      '-subj',
      '/C=KR/O=Dojang/OU=Dojang Cloud/OU=personal/CN=홍길동()1234567890123456',
      '-utf8',
      '-addext',
      `certificatePolicies=critical,${POLICY}`,
    ],
    { stdio: 'pipe' },
  );
  der = readFileSync(out);
  const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', out, '-noout', '-text'], { encoding: 'utf8' });
  opensslPolicy = /Policy: ([\d.]+)/.exec(text)![1]!;
}, 30_000);

describe('cloudRow', () => {
  it('reads the 2.25.<UUID> policy OID exactly as OpenSSL does', () => {
    expect(opensslPolicy).toBe(POLICY);
    const row = cloudRow({ credentialId: 'c-1', certDer: der, cloudUrl: 'https://cloud.example.kr', pinLocked: false, triesLeft: 5, renewalOffered: false }, new Date());
    expect(row.policyOid).toBe(POLICY);
    expect(row.policy).toMatchObject({ oid: POLICY, usageEn: expect.stringContaining('cloud') });
  });

  it('is a cloud row: id, location, PIN state; no folder', () => {
    const row = cloudRow({ credentialId: 'c-1', certDer: der, cloudUrl: 'https://cloud.example.kr', pinLocked: true, triesLeft: 0, renewalOffered: true }, new Date());
    expect(row).toMatchObject({
      id: 'cloud:c-1',
      kind: 'cloud',
      location: { kind: 'cloud', root: 'https://cloud.example.kr', label: expect.stringContaining('cloud.example.kr') },
      path: '',
      hasKey: true,
      damaged: null,
      holder: '홍길동',
      cloud: { credentialId: 'c-1', pinLocked: true, triesLeft: 0, renewalOffered: true },
    });
  });

  it("expiry follows the clock it is given (the cloud's)", () => {
    const base = { credentialId: 'c', certDer: der, cloudUrl: 'https://c', pinLocked: false, triesLeft: 5, renewalOffered: false };
    const row = cloudRow(base, new Date());
    const notBefore = Date.parse(row.notBefore!);
    const notAfter = Date.parse(row.notAfter!);
    expect(cloudRow(base, new Date(notBefore - 60_000)).expiry).toBe('notYetValid');
    expect(cloudRow(base, new Date(notAfter - 20 * 86_400_000)).expiry).toBe('renewal');
    expect(cloudRow(base, new Date(notAfter + 60_000)).expiry).toBe('expired');
  });
});
