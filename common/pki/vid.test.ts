import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DojangError } from '../errors.js';
import { checkVid, computeVid, readVid } from './vid.js';
import { fixture, openssl } from '../../main/npki/fixtures.test-util.js';

const RANDOM_NUM = Buffer.from('7858b4328390805129f01c97fe6ca4a520cbd479', 'hex');
const IDN = '8001011234567';

describe('computeVid', () => {
  it('gives the SPEC §1.3 check value', () => {
    expect(computeVid(IDN, RANDOM_NUM, 'sha256').toString('hex')).toBe('2772f4f45aa885f2528953bbd00b77e71144b378cad1fa0d2fdf2d43ed03847d');
  });

  it('agrees with OpenSSL encoding HashContent and hashing twice (SHA-1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dojang-vid-'));
    writeFileSync(join(dir, 'hc.cnf'), `asn1=SEQUENCE:hc\n[hc]\nidn=PRINTABLESTRING:${IDN}\nr=FORMAT:HEX,BITSTRING:${RANDOM_NUM.toString('hex')}\n`);
    openssl(['asn1parse', '-genconf', join(dir, 'hc.cnf'), '-out', join(dir, 'hc.der'), '-noout']);
    const once = openssl(['dgst', '-sha1', '-binary', join(dir, 'hc.der')]);
    const twice = openssl(['dgst', '-sha1', '-binary'], once);
    expect(computeVid(IDN, RANDOM_NUM, 'sha1').equals(twice)).toBe(true);
    expect(readFileSync(join(dir, 'hc.der')).length).toBeGreaterThan(30);
  });

  it('rejects a malformed IDN without echoing it and an unknown hash', () => {
    try {
      computeVid('80010x1234567', RANDOM_NUM, 'sha256');
      throw new Error('no throw');
    } catch (e) {
      expect((e as DojangError).code).toBe('INVALID_REQUEST');
      expect((e as Error).message).not.toContain('8001');
    }
    expect(computeVid('800101-1234567', RANDOM_NUM, 'sha256').toString('hex')).toMatch(/^2772f4f4/);
    expect(() => computeVid(IDN, RANDOM_NUM, 'md5')).toThrow(DojangError);
  });
});

describe('readVid / checkVid', () => {
  it('reads the fixture VID and tells a wrong IDN apart', () => {
    const cert = fixture('yessign-test/signCert.der');
    const v = readVid(cert);
    expect(v?.realName).toBe('HKD');
    expect(v?.hashAlg).toBe('sha256');
    expect(v?.vid.toString('hex')).toBe('8ad4f673412f825da4d1fb4d4216946bbc7f8194a0af01f86622ee23c7ee0de7');
    expect(checkVid(cert, RANDOM_NUM, IDN)).toEqual({ match: false, hashAlg: 'sha256' });
  });

  it('matches on a certificate OpenSSL issued with identifyData for that IDN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dojang-vid-'));
    const vid = computeVid(IDN, RANDOM_NUM, 'sha256').toString('hex');
    writeFileSync(
      join(dir, 'x.cnf'),
      [
        '[req]',
        'distinguished_name=dn',
        'x509_extensions=ext',
        '[dn]',
        '[ext]',
        'subjectAltName=otherName:1.2.410.200004.10.1.1;SEQUENCE:idd',
        '[idd]',
        'realName=FORMAT:UTF8,UTF8String:홍길동',
        'infos=SEQUENCE:infos',
        '[infos]',
        'info=SEQUENCE:info',
        '[info]',
        'type=OID:1.2.410.200004.10.1.1.1',
        'vid=SEQUENCE:vid',
        '[vid]',
        'hashAlg=SEQUENCE:alg',
        `virtualId=EXPLICIT:0,FORMAT:HEX,OCTETSTRING:${vid}`,
        '[alg]',
        'a=OID:2.16.840.1.101.3.4.2.1',
        '',
      ].join('\n'),
    );
    openssl([
      'req',
      '-x509',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-utf8',
      '-config',
      join(dir, 'x.cnf'),
      '-subj',
      '/CN=x',
      '-days',
      '1',
      '-keyout',
      join(dir, 'k.pem'),
      '-outform',
      'DER',
      '-out',
      join(dir, 'c.der'),
    ]);
    const cert = readFileSync(join(dir, 'c.der'));
    expect(readVid(cert)?.realName).toBe('홍길동');
    expect(checkVid(cert, RANDOM_NUM, IDN).match).toBe(true);
    expect(checkVid(cert, RANDOM_NUM, '8001011234568').match).toBe(false);
    expect(checkVid(cert, Buffer.alloc(20), IDN).match).toBe(false);
  });

  it('answers NOT_FOUND for a certificate without identifyData', () => {
    expect(readVid(fixture('kica-test/KISA_RootCA_4.der'))).toBeNull();
    expect(() => checkVid(fixture('kica-test/KISA_RootCA_4.der'), RANDOM_NUM, IDN)).toThrow(/no identity data/);
  });
});
