import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { decryptPrivateKey, readRandomNum } from './keyfile.js';
import { exportPfx, importPfx, importPfxToFolder, safeFolderName } from './pkcs12.js';
import { YESSIGN_PASSWORD, fixture, openssl } from './fixtures.test-util.js';

const cert = fixture('yessign-test/signCert.der');
const pkiWithR = fixture('yessign-test/signPri.key.decrypted.der');
const kmCert = fixture('kica-test/kmCert.der');
const kmPki = fixture('kica-test/kmPri.key.decrypted.der');
const ftca = fixture('kica-test/signGATE_FTCA06_test.der');
const root7 = fixture('kica-test/Kisa_Test_RootCA_7.der');
const PW = 'Export-pw-2024!';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DojangError) return e.code;
    throw e;
  }
  return 'no error';
}

function sameKey(a: Buffer, b: Buffer): boolean {
  const spki = (p: Buffer) => createPublicKey(createPrivateKey({ key: p, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
  return spki(a).equals(spki(b));
}

let dir: string;
const f = (n: string) => join(dir, n);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dojang-p12-'));
  writeFileSync(f('key.pem'), openssl(['pkey', '-inform', 'DER'], pkiWithR));
  writeFileSync(f('cert.pem'), fixture('yessign-test/signCert.pem'));
  writeFileSync(f('km.pem'), openssl(['pkey', '-inform', 'DER'], kmPki));
  writeFileSync(f('kmcert.pem'), fixture('kica-test/kmCert.pem'));
  writeFileSync(f('fixture.pfx'), fixture('yessign-test/cert.pfx'));
  writeFileSync(f('chain.pem'), Buffer.concat([fixture('kica-test/signGATE_FTCA06_test.pem'), fixture('kica-test/Kisa_Test_RootCA_7.pem')]));
});

describe('importPfx', () => {
  it('opens the fixture (3DES key bag, SHA-1 MAC) with its randomNum', () => {
    // The fixture README says this file has no randomNum; OpenSSL shows it has
    // ("Key Attributes: 1.2.410.200004.10.1.1.3"), and the key bag is byte-identical to signPri.key.decrypted.der.
    const r = importPfx(fixture('yessign-test/cert.pfx'), YESSIGN_PASSWORD);
    expect(r.certDer.equals(cert)).toBe(true);
    expect(r.privateKeyInfo.equals(pkiWithR)).toBe(true);
    expect(r.chainDer).toEqual([]);
    expect(r.hasRandomNum).toBe(true);
  });

  it('says so when a PFX has no randomNum (OpenSSL export of the attribute-less key)', () => {
    writeFileSync(f('noattrs.pem'), openssl(['pkey', '-inform', 'DER'], fixture('yessign-test/plainSignPri_pkcs8_noattrs.der')));
    openssl(['pkcs12', '-export', '-inkey', f('noattrs.pem'), '-in', f('cert.pem'), '-passout', `pass:${PW}`, '-out', f('noR.pfx')]);
    const r = importPfx(readFileSync(f('noR.pfx')), PW);
    expect(r.hasRandomNum).toBe(false);
    expect(sameKey(r.privateKeyInfo, pkiWithR)).toBe(true);
  });

  it('opens what OpenSSL writes with AES-256-CBC and a SHA-256 MAC, chain included', () => {
    openssl([
      'pkcs12',
      '-export',
      '-keypbe',
      'AES-256-CBC',
      '-certpbe',
      'AES-256-CBC',
      '-macalg',
      'sha256',
      '-inkey',
      f('km.pem'),
      '-in',
      f('kmcert.pem'),
      '-certfile',
      f('chain.pem'),
      '-passout',
      `pass:${PW}`,
      '-out',
      f('aes.pfx'),
    ]);
    const r = importPfx(readFileSync(f('aes.pfx')), PW);
    expect(r.certDer.equals(kmCert)).toBe(true);
    expect(sameKey(r.privateKeyInfo, kmPki)).toBe(true);
    expect(r.chainDer.map((c) => c.toString('hex')).sort()).toEqual([ftca, root7].map((c) => c.toString('hex')).sort());
  });

  it('opens an OpenSSL -legacy file (RC2-40 certificates, 3DES key)', () => {
    openssl(['pkcs12', '-export', '-legacy', '-inkey', f('key.pem'), '-in', f('cert.pem'), '-passout', `pass:${PW}`, '-out', f('legacy.pfx')]);
    const r = importPfx(readFileSync(f('legacy.pfx')), PW);
    expect(r.certDer.equals(cert)).toBe(true);
    expect(sameKey(r.privateKeyInfo, pkiWithR)).toBe(true);
  });

  it('answers WRONG_PASSWORD for a wrong password and FILE_DAMAGED for garbage', () => {
    expect(code(() => importPfx(fixture('yessign-test/cert.pfx'), 'wrong-password1!'))).toBe('WRONG_PASSWORD');
    expect(code(() => importPfx(readFileSync(f('aes.pfx')), ''))).toBe('WRONG_PASSWORD');
    expect(code(() => importPfx(Buffer.from('not a pfx'), PW))).toBe('FILE_DAMAGED');
    expect(code(() => importPfx(cert, PW))).toBe('FILE_DAMAGED');
    const pfx = fixture('yessign-test/cert.pfx');
    expect(code(() => importPfx(pfx.subarray(0, pfx.length - 30), YESSIGN_PASSWORD))).toBe('FILE_DAMAGED');
  });
});

describe('exportPfx', () => {
  let ours: Buffer;
  beforeAll(() => {
    ours = exportPfx({ certDer: kmCert, privateKeyInfo: kmPki, password: PW, chainDer: [ftca, root7], friendlyName: 'Dojang export' });
    writeFileSync(f('ours.pfx'), ours);
  });

  it('writes PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC with a SHA-256 MAC, 2048 iterations', () => {
    const text = execInfo(f('ours.pfx'));
    expect(text).toContain('MAC: sha256, Iteration 2048');
    expect(text).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    expect(text).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
  });

  it('opens with openssl pkcs12 -nodes and gives the same key and all certificates', () => {
    const keyPem = openssl(['pkcs12', '-in', f('ours.pfx'), '-nodes', '-nocerts', '-passin', `pass:${PW}`]);
    const spki = openssl(['pkey', '-pubout', '-outform', 'DER'], keyPem);
    expect(spki.equals(createPublicKey(createPrivateKey({ key: kmPki, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }))).toBe(true);
    const certsPem = openssl(['pkcs12', '-in', f('ours.pfx'), '-nokeys', '-passin', `pass:${PW}`]).toString();
    expect(certsPem.match(/BEGIN CERTIFICATE/g)?.length).toBe(3);
    expect(certsPem).toContain('friendlyName: Dojang export');
    expect(() => openssl(['pkcs12', '-in', f('ours.pfx'), '-nodes', '-passin', 'pass:wrong'])).toThrow();
  });

  it('keeps randomNum through export and import (the exact PrivateKeyInfo bytes), as OpenSSL sees too', () => {
    const pfx = exportPfx({ certDer: cert, privateKeyInfo: pkiWithR, password: PW });
    writeFileSync(f('withR.pfx'), pfx);
    const shown = openssl(['pkcs12', '-in', f('withR.pfx'), '-nodes', '-nocerts', '-passin', `pass:${PW}`]).toString();
    expect(shown).toContain('1.2.410.200004.10.1.1.3: 78 58 B4 32');
    const r = importPfx(pfx, PW);
    expect(r.privateKeyInfo.equals(pkiWithR)).toBe(true);
    expect(r.hasRandomNum).toBe(true);
    expect(readRandomNum(r.privateKeyInfo)?.toString('hex')).toBe('7858b4328390805129f01c97fe6ca4a520cbd479');
    expect(r.certDer.equals(cert)).toBe(true);
  });

  it('round-trips the chain and refuses a key of another certificate, a short password or few iterations', () => {
    const r = importPfx(ours, PW);
    expect(r.privateKeyInfo.equals(kmPki)).toBe(true);
    expect(r.chainDer).toEqual([ftca, root7]);
    expect(code(() => exportPfx({ certDer: cert, privateKeyInfo: kmPki, password: PW }))).toBe('INVALID_REQUEST');
    expect(code(() => exportPfx({ certDer: cert, privateKeyInfo: pkiWithR, password: '' }))).toBe('INVALID_REQUEST');
    expect(code(() => exportPfx({ certDer: cert, privateKeyInfo: pkiWithR, password: PW, iterations: 1000 }))).toBe('INVALID_REQUEST');
  });
});

function execInfo(path: string): string {
  // openssl pkcs12 -info prints the structure on stderr.
  const r = spawnSync('openssl', ['pkcs12', '-info', '-noout', '-in', path, '-passin', `pass:${PW}`]);
  return r.stdout.toString() + r.stderr.toString();
}

describe('safeFolderName', () => {
  it('makes one safe path segment out of any display string', () => {
    expect(safeFolderName('cn=홍길동()0001234567890123,ou=KMB,ou=personal4IB,o=yessign,c=kr')).toBe('cn=홍길동()0001234567890123,ou=KMB,ou=personal4IB,o=yessign,c=kr');
    expect(safeFolderName('..')).toBe('certificate');
    expect(safeFolderName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFolderName('a\\b/c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeFolderName('x\u0000y\u001fz\n')).toBe('x_y_z_');
    expect(safeFolderName('name. . ')).toBe('name');
    expect(safeFolderName('CON')).toBe('_CON');
    expect(safeFolderName('com1.txt')).toBe('_com1.txt');
    expect(safeFolderName('')).toBe('certificate');
    const long = safeFolderName('가'.repeat(200));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(150);
    expect(long).toBe('가'.repeat(50));
  });
});

describe('importPfxToFolder', () => {
  it('writes signCert.der and a seedCBCWithSHA1 signPri.key under NPKI/<CA>/USER/<DN>, keeping randomNum', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dojang-npki-'));
    writeFileSync(f('withR.pfx'), exportPfx({ certDer: cert, privateKeyInfo: pkiWithR, password: PW }));
    const r = await importPfxToFolder(f('withR.pfx'), PW, 'New-pass-2024!', root);
    expect(r.path).toBe(join(root, 'NPKI', 'yessign', 'USER', 'cn=HKD(KILDONG.HONG)009104120200225191000030,ou=INITECH,ou=personal4IB,o=yessign,c=kr'));
    expect(r.hasRandomNum).toBe(true);
    expect(r.warning).toBeUndefined();
    expect(readdirSync(r.path).sort()).toEqual(['signCert.der', 'signPri.key']);
    expect(readFileSync(join(r.path, 'signCert.der')).equals(cert)).toBe(true);
    const keyFile = readFileSync(join(r.path, 'signPri.key'));
    const opened = decryptPrivateKey(keyFile, 'New-pass-2024!');
    expect(opened.privateKeyInfo.equals(pkiWithR)).toBe(true);
    expect(openssl(['asn1parse', '-inform', 'DER'], keyFile).toString()).toContain('1.2.410.200004.1.15');
    await expect(importPfxToFolder(f('withR.pfx'), PW, undefined, root)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(importPfxToFolder(f('withR.pfx'), PW, 'abc123', root, { overwrite: true })).rejects.toMatchObject({ code: 'PASSWORD_RULES' });
    const again = await importPfxToFolder(f('withR.pfx'), PW, undefined, root, { overwrite: true });
    expect(decryptPrivateKey(readFileSync(join(again.path, 'signPri.key')), PW).privateKeyInfo.equals(pkiWithR)).toBe(true);
  });

  it('warns when the PFX has no randomNum and leaves nothing behind on a wrong password', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dojang-npki-'));
    await expect(importPfxToFolder(join(dir, 'missing.pfx'), PW, undefined, root)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(importPfxToFolder(f('noR.pfx'), 'nope', undefined, root)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(readdirSync(root)).toEqual([]);
    const r = await importPfxToFolder(f('noR.pfx'), PW, undefined, root);
    expect(r.hasRandomNum).toBe(false);
    expect(r.warning).toBe('pfx.noRandomNum');
    const fromFixture = await importPfxToFolder(f('fixture.pfx'), YESSIGN_PASSWORD, 'Another-pw-77!', mkdtempSync(join(tmpdir(), 'dojang-npki-')));
    expect(fromFixture.hasRandomNum).toBe(true);
    expect(decryptPrivateKey(readFileSync(join(fromFixture.path, 'signPri.key')), 'Another-pw-77!').privateKeyInfo.equals(pkiWithR)).toBe(true);
  });
});
