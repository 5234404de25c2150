import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DAY, ManualClock } from './clock.js';
import * as S from './http/schemas.js';
import { describeBackends } from './testing/backends.js';
import { call, connectDevice, enrol, PIN, signOnce, smsCode, startTestCloud, tempDir, type Enrolled, type TestCloud } from './testing/harness.js';

const pem = (d: Buffer): string => `-----BEGIN CERTIFICATE-----\n${d.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
const sh = (cmd: string): string => execFileSync('sh', ['-c', `${cmd} 2>&1`]).toString();
/** For OpenSSL talking to the server in this process: must not block the event loop. */
const shAsync = async (cmd: string): Promise<string> => (await promisify(execFile)('sh', ['-c', `${cmd} 2>&1`], { timeout: 20_000 })).stdout;

describeBackends('lifecycle, CRL and OCSP', (backend) => {
  let tmp: ReturnType<typeof tempDir>;
  const f = (n: string): string => path.join(tmp.dir, n);
  let cloud: TestCloud;
  let drop: () => Promise<void>;
  let alice: Enrolled;
  let bob: Enrolled;

  beforeAll(async () => {
    tmp = tempDir('life');
    const db = await backend.database('life');
    drop = db.drop;
    // Real time first: OpenSSL checks OCSP and certificate times against its own clock.
    cloud = await startTestCloud({ dataDir: tmp.dir, clock: new ManualClock(Date.now()), ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}) });
    writeFileSync(f('root.pem'), pem(cloud.ca.rootDer));
    writeFileSync(f('issuing.pem'), pem(cloud.ca.issuingDer));
    writeFileSync(f('chain.pem'), pem(cloud.ca.issuingDer) + pem(cloud.ca.rootDer));
    alice = await enrol(cloud);
    bob = await enrol(cloud);
  });
  afterAll(async () => {
    await cloud?.close();
    await drop?.();
    tmp?.remove();
  });

  const crlText = async (): Promise<string> => {
    const res = await fetch(`${cloud.url}/v1/crl`);
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    writeFileSync(f('crl.der'), Buffer.from(await res.arrayBuffer()));
    const out = sh(`openssl crl -inform DER -in ${f('crl.der')} -CAfile ${f('chain.pem')} -noout -text`);
    expect(out).toContain('verify OK');
    return out;
  };
  const crlNumber = (text: string): number => Number(/CRL Number:\s*\n?\s*(\d+)/.exec(text)![1]);
  const ocsp = (cert: Buffer): Promise<string> => {
    writeFileSync(f('cert.pem'), pem(cert));
    return shAsync(`openssl ocsp -issuer ${f('issuing.pem')} -cert ${f('cert.pem')} -url ${cloud.url}/v1/ocsp -CAfile ${f('root.pem')}`);
  };

  it('publishes the root and a CRL OpenSSL verifies; a revocation reissues the CRL with a higher number', async () => {
    const ca = await call(cloud.url, 'GET', '/v1/ca');
    const body = S.CaReply.parse(ca.body);
    expect(Buffer.from(body.root, 'base64')).toEqual(cloud.ca.rootDer);
    expect(body.policyOID).toMatch(/^2\.25\.\d{30,}\.1$/);
    const root = await fetch(`${cloud.url}/v1/ca/root.der`);
    expect(Buffer.from(await root.arrayBuffer())).toEqual(cloud.ca.rootDer);
    const before = await crlText();
    const serial = (await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: alice.credentialID }, alice.token)).body.cert.serialNumber as string;
    expect(before).not.toContain(serial.toUpperCase());
    // Bob reissues: his first certificate is revoked.
    const rc = await call(cloud.url, 'POST', '/v1/credentials/reset-code', {}, bob.token);
    const re = await call(
      cloud.url,
      'POST',
      '/v1/credentials/reissue',
      { challengeID: rc.body.challengeID, code: await smsCode(cloud, rc.body.challengeID), newPIN: '135790' },
      bob.token,
    );
    expect(re.status).toBe(201);
    const bobOld = (await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: bob.credentialID }, bob.token)).body.cert.serialNumber as string;
    const after = await crlText();
    expect(after).toContain(bobOld.toUpperCase());
    expect(after).toContain('Superseded');
    expect(crlNumber(after)).toBeGreaterThan(crlNumber(before));
    bob = { ...bob, credentialID: re.body.credentialID, certificate: Buffer.from(re.body.certificate, 'base64') };
  });

  it('answers OpenSSL OCSP queries: good, revoked, unknown', async () => {
    expect(await ocsp(alice.certificate)).toMatch(/Response verify OK[\s\S]*: good/);
    const log = await call(cloud.url, 'GET', '/v1/audit?limit=200', undefined, bob.token);
    const revokedId = log.body.entries.find((e: { event: string }) => e.event === 'revoke').credentialID as string;
    const info = await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: revokedId }, bob.token);
    const bobRevokedCert = info.body.cert.certificates[0] as string;
    const revoked = await ocsp(Buffer.from(bobRevokedCert, 'base64'));
    expect(revoked).toMatch(/Response verify OK[\s\S]*: revoked/);
    expect(revoked).toContain('Reason: superseded');
    const unknown = await shAsync(`openssl ocsp -issuer ${f('issuing.pem')} -serial 0x4123456789abcdef -url ${cloud.url}/v1/ocsp -CAfile ${f('root.pem')}`);
    expect(unknown).toMatch(/Response verify OK[\s\S]*: unknown/);
    const malformed = await fetch(`${cloud.url}/v1/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.from('3003020101', 'hex') });
    expect(Buffer.from(await malformed.arrayBuffer())).toEqual(Buffer.from('30030a0101', 'hex'));
    const wrongType = await fetch(`${cloud.url}/v1/ocsp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(415);
  });

  it('reissues the CRL at least daily', async () => {
    const n = crlNumber(await crlText());
    cloud.clock.advance(DAY + 60_000);
    await cloud.runJobs();
    expect(crlNumber(await crlText())).toBe(n + 1);
  });

  it('flags renewal within 30 days of expiry; renewal makes a new 3-year certificate and revokes the old one', async () => {
    const early = await call(cloud.url, 'POST', '/v1/credentials/renew', { credentialID: alice.credentialID, PIN }, alice.token);
    expect(early.body.code).toBe('RENEWAL_NOT_DUE');
    const info = await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: alice.credentialID }, alice.token);
    const validTo = new Date(info.body.cert.validTo).getTime();
    cloud.clock.set(new Date(validTo - 29 * DAY));
    const s = await signOnce(cloud, alice, 'near expiry');
    expect(s.status).toBe(200);
    expect(s.body.renewal.due).toBe(true);
    expect((await call(cloud.url, 'POST', '/v1/credentials/renew', { credentialID: alice.credentialID, PIN: '975310' }, alice.token)).body.code).toBe('PIN_WRONG');
    const r = await call(cloud.url, 'POST', '/v1/credentials/renew', { credentialID: alice.credentialID, PIN }, alice.token);
    expect(r.status).toBe(201);
    const renewed = S.CredentialReply.parse(r.body);
    expect(new Date(renewed.validTo).getTime() - cloud.clock.now().getTime()).toBeGreaterThan(3 * 365 * DAY - 2 * DAY);
    expect((await call(cloud.url, 'POST', '/v1/credentials/list', {}, alice.token)).body.credentialIDs).toEqual([renewed.credentialID]);
    const old = await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: alice.credentialID }, alice.token);
    expect(old.body.cert.status).toBe('revoked');
    const a2 = { ...alice, credentialID: renewed.credentialID, certificate: Buffer.from(renewed.certificate, 'base64') };
    const s2 = await signOnce(cloud, a2, 'renewed, same PIN');
    expect(s2.status).toBe(200);
    expect(s2.body.renewal.due).toBe(false);
    const log = (await call(cloud.url, 'GET', '/v1/audit?limit=200', undefined, alice.token)).body.entries.map(
      (e: { event: string; outcome: string }) => `${e.event}:${e.outcome}`,
    );
    expect(log).toContain('renew:ok');
    expect(log).toContain('renew:PIN_WRONG');
    alice = a2;
  });

  it('refuses an expired certificate; reissue replaces it', async () => {
    const info = await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: bob.credentialID }, bob.token);
    cloud.clock.set(new Date(new Date(info.body.cert.validTo).getTime() + 1000));
    expect((await signOnce(cloud, bob, 'expired', '135790')).body.code).toBe('CERT_EXPIRED');
    expect((await call(cloud.url, 'POST', '/v1/credentials/info', { credentialID: bob.credentialID }, bob.token)).body.cert.status).toBe('expired');
    expect((await call(cloud.url, 'POST', '/v1/credentials/renew', { credentialID: bob.credentialID, PIN: '135790' }, bob.token)).body.code).toBe('CERT_EXPIRED');
    const rc = await call(cloud.url, 'POST', '/v1/credentials/reset-code', {}, bob.token);
    const re = await call(
      cloud.url,
      'POST',
      '/v1/credentials/reissue',
      { challengeID: rc.body.challengeID, code: await smsCode(cloud, rc.body.challengeID), newPIN: '135790' },
      bob.token,
    );
    expect(re.status).toBe(201);
    bob = { ...bob, credentialID: re.body.credentialID, certificate: Buffer.from(re.body.certificate, 'base64') };
    expect((await signOnce(cloud, bob, 'fresh', '135790')).status).toBe(200);
  });

  it('deletes accounts, keys and devices unused for a year; their certificates are revoked, not forgotten', async () => {
    const idle = await enrol(cloud);
    const spare = await connectDevice(cloud, alice.person, 'spare laptop');
    cloud.clock.advance(200 * DAY);
    expect((await signOnce(cloud, alice, 'still here')).status).toBe(200);
    cloud.clock.advance(200 * DAY);
    const report = await cloud.runJobs();
    // PGlite has no autovacuum: the jobs reclaim the space of the rows they delete.
    expect(report.vacuumed).toEqual(backend.name === 'PGlite' ? expect.arrayContaining(['sads', 'devices', 'persons', 'credentials']) : []);
    expect(report.deletedPersons).toBeGreaterThanOrEqual(1);
    expect(report.deletedDevices).toBeGreaterThanOrEqual(1);
    expect((await call(cloud.url, 'POST', '/v1/credentials/list', {}, idle.token)).status).toBe(401);
    expect((await call(cloud.url, 'GET', '/v1/devices', undefined, spare.token)).status).toBe(401);
    const p = idle.person;
    // The account is gone: connect/request answers as for anyone (no account oracle), but no code is sent.
    const gone = await call(cloud.url, 'POST', '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate });
    expect(gone.status).toBe(200);
    await expect(smsCode(cloud, gone.body.challengeID)).rejects.toThrow(/no SMS/);
    // Alice used her account 200 days ago: she stays, and her remaining device works.
    expect((await signOnce(cloud, alice, 'after the purge')).status).toBe(200);
    // The deleted person's certificate is on the CRL as cessationOfOperation.
    const crl = await fetch(`${cloud.url}/v1/crl`);
    writeFileSync(f('crl2.der'), Buffer.from(await crl.arrayBuffer()));
    const serial = (await import('../../common/pki/certificate.js')).readCertificate(idle.certificate).serialHex;
    const text = sh(`openssl crl -inform DER -in ${f('crl2.der')} -noout -text`);
    expect(text).toContain(serial.toUpperCase());
    expect(text).toContain('Cessation Of Operation');
  });
});
