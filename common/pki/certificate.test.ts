import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DojangError } from '../errors.js';
import { der } from './asn1.js';
import { formatName, parseCertificate, parseName, readCertificate, readIdentifyData } from './certificate.js';
import { parse } from './asn1.js';
import { fixture, openssl } from '../../main/npki/fixtures.test-util.js';

function expectDamaged(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DojangError);
    expect((e as DojangError).code).toBe('FILE_DAMAGED');
    return;
  }
  throw new Error('expected FILE_DAMAGED');
}

describe('parseCertificate on the yessign fixture', () => {
  const info = parseCertificate(fixture('yessign-test/signCert.der'));

  it('takes the holder from identifyData and decodes names', () => {
    expect(info.holder).toBe('HKD');
    expect(info.subjectCn).toBe('HKD(KILDONG.HONG)009104120200225191000030');
    expect(info.subject).toBe('CN=HKD(KILDONG.HONG)009104120200225191000030,OU=INITECH,OU=personal4IB,O=yessign,C=kr');
    expect(info.issuer).toBe('CN=yessignCA-Test Class 4,OU=AccreditedCA,O=yessign,C=kr');
    expect(info.ca).toMatchObject({ id: 'yessign', nameKo: '금융결제원' });
  });

  it('reads policy, usage, VID and key facts', () => {
    expect(info.policyOid).toBe('1.2.410.200005.1.1.4');
    expect(info.usage).toMatchObject({ caId: 'yessign', usageKo: '개인 은행·보험용', holderType: 'personal', general: false, cloud: false });
    expect(info.vid).toEqual({ hashAlg: 'sha256' });
    expect(info.keyAlgorithm).toBe('RSA');
    expect(info.keyBits).toBe(2048);
    expect(info.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(info.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(info.isCa).toBe(false);
    expect(info.serialHex).toBe('459c75');
    expect(info.notBefore).toBe('2020-02-24T15:00:00.000Z');
    expect(info.notAfter).toBe('2020-03-25T14:59:59.000Z');
  });

  it('reads CRL and OCSP locations', () => {
    expect(info.crlDistributionPoints).toEqual(['ldap://snoopy.yessign.or.kr:6020/ou=dp18p395,ou=AccreditedCA,o=yessign,c=kr?certificateRevocationList']);
    expect(info.ocspUrls).toEqual(['http://snoopy.yessign.or.kr:4612']);
    expect(info.caIssuersUrls).toEqual([]);
  });

  it('matches OpenSSL fingerprint and accepts PEM', () => {
    const fp = openssl(['x509', '-inform', 'DER', '-noout', '-fingerprint', '-sha256'], fixture('yessign-test/signCert.der'))
      .toString()
      .split('=')[1]!
      .trim()
      .replace(/:/g, '')
      .toLowerCase();
    expect(info.fingerprintSha256).toBe(fp);
    expect(parseCertificate(fixture('yessign-test/signCert.pem'))).toEqual(info);
    expect(parseCertificate(fixture('yessign-test/signCert.pem').toString('utf8'))).toEqual(info);
  });

  it('exposes identifyData with the VID bytes', () => {
    const id = readIdentifyData(readCertificate(fixture('yessign-test/signCert.der')));
    expect(id?.realName).toBe('HKD');
    expect(id?.vids[0]?.virtualId.toString('hex')).toBe('8ad4f673412f825da4d1fb4d4216946bbc7f8194a0af01f86622ee23c7ee0de7');
  });
});

describe('parseCertificate on the KICA fixtures', () => {
  it('keeps an unknown policy OID with usage null and decodes UTF8 OU', () => {
    const info = parseCertificate(fixture('kica-test/kmCert.der'));
    expect(info.policyOid).toBe('1.2.410.200004.2.202');
    expect(info.usage).toBeNull();
    expect(info.keyUsage).toEqual(['keyEncipherment']);
    expect(info.subject).toBe('CN=KICA-UCPID-ISP(dev),OU=RA센터,OU=licensedCA,O=KICA,C=KR');
    expect(info.ca?.id).toBe('KICA');
    expect(info.ocspUrls).toEqual(['http://ocsptest.signgate.com:9020/OCSPServer']);
  });

  it('reads the intermediate as a CA issued by KISA', () => {
    const info = parseCertificate(fixture('kica-test/signGATE_FTCA06_test.der'));
    expect(info.isCa).toBe(true);
    expect(info.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(info.ca?.id).toBe('KISA');
    expect(info.holder).toBe('한국정보인증');
    expect(info.policies).toEqual(['2.5.29.32.0']);
    expect(info.usage).toBeNull();
  });

  it('reads the roots', () => {
    const t7 = parseCertificate(fixture('kica-test/Kisa_Test_RootCA_7.der'));
    expect(t7.isCa).toBe(true);
    expect(t7.holder).toBe('Kisa Test RootCA 7');
    expect(t7.notAfter).toBe('2038-01-12T06:21:14.000Z');
    const r4 = parseCertificate(fixture('kica-test/KISA_RootCA_4.pem'));
    expect(r4.fingerprintSha256).toBe('a002ff556c601863b08b9aa33a8e6666e97e72bbe552f66eb9f2395c68c7bc98');
    expect(r4.keyBits).toBe(2048);
    expect(r4.vid).toBeNull();
    expect(r4.policyOid).toBeNull();
  });
});

describe('names', () => {
  it('decodes BMPString, PrintableString and UTF8String and escapes RFC 4514 specials', () => {
    const atv = (o: string, v: Buffer) => der.setOf(der.seq(der.oid(o), v));
    const name = der.seq(atv('2.5.4.6', der.printable('KR')), atv('2.5.4.10', der.bmp('한국, 정보')), atv('2.5.4.3', der.utf8('홍길동+1 ')));
    const parsed = parseName(parse(name));
    expect(parsed.rdns.flat().map((a) => a.value)).toEqual(['KR', '한국, 정보', '홍길동+1 ']);
    expect(formatName(parsed)).toBe('CN=홍길동\\+1\\ ,O=한국\\, 정보,C=KR');
    expect(formatName(parsed, 'lower')).toBe('cn=홍길동\\+1\\ ,o=한국\\, 정보,c=KR');
  });

  it('reads an OpenSSL certificate with BMPString names and an EC key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dojang-cert-'));
    const cfg = join(dir, 'req.cnf');
    writeFileSync(cfg, '[req]\ndistinguished_name=dn\nstring_mask=default\n[dn]\n');
    openssl([
      'req',
      '-x509',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-utf8',
      '-config',
      cfg,
      '-subj',
      '/C=KR/O=테스트/CN=홍길동',
      '-days',
      '1',
      '-keyout',
      join(dir, 'k.pem'),
      '-outform',
      'DER',
      '-out',
      join(dir, 'c.der'),
    ]);
    const c = readFileSync(join(dir, 'c.der'));
    const text = openssl(['asn1parse', '-inform', 'DER'], c).toString();
    expect(text).toContain('BMPSTRING');
    const info = parseCertificate(c);
    expect(info.subject).toBe('CN=홍길동,O=테스트,C=KR');
    expect(info.holder).toBe('홍길동');
    expect(info.keyAlgorithm).toBe('EC');
    expect(info.keyBits).toBe(256);
    expect(info.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(info.ca).toBeNull();
  });
});

describe('damaged input', () => {
  const good = fixture('yessign-test/signCert.der');
  it('rejects empty, text, truncated, trailing bytes and a key file', () => {
    expectDamaged(() => parseCertificate(Buffer.alloc(0)));
    expectDamaged(() => parseCertificate(Buffer.from('hello world')));
    expectDamaged(() => parseCertificate(good.subarray(0, good.length - 1)));
    expectDamaged(() => parseCertificate(Buffer.concat([good, Buffer.from([0])])));
    expectDamaged(() => parseCertificate(fixture('yessign-test/signPri.key')));
    expectDamaged(() => parseCertificate('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----'));
  });
});

describe('holder from an NPKI CN', async () => {
  const { holderFromCn } = await import('./certificate.js');
  it.each([
    ['홍길동()0001234567890123', '홍길동'],
    ['HKD(KILDONG.HONG)009104120200225191000030', 'HKD'],
    ['(주)도장상사()0011223344556677', '(주)도장상사'],
    ['yessignCA-Test Class 4', 'yessignCA-Test Class 4'],
    [null, null],
  ])('%s → %s', (cn, holder) => {
    expect(holderFromCn(cn)).toBe(holder);
  });
});
