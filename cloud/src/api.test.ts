import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkVid } from '../../common/pki/vid.js';
import { verifyCms } from '../../common/pki/cms.js';
import { ROUTES } from './http/routes.js';
import * as S from './http/schemas.js';
import { describeBackends } from './testing/backends.js';
import { call, connectDevice, enrol, person, PIN, registration, sha256b64, signOnce, smsCode, startTestCloud, tempDir, type Enrolled, type TestCloud } from './testing/harness.js';

const pubKey = (cert: Buffer) => createPublicKey({ key: `-----BEGIN CERTIFICATE-----\n${cert.toString('base64')}\n-----END CERTIFICATE-----\n` });

describeBackends('cloud API', (backend) => {
  let tmp: ReturnType<typeof tempDir>;
  let cloud: TestCloud;
  let drop: () => Promise<void>;
  let raKey: string;

  beforeAll(async () => {
    tmp = tempDir('api');
    const db = await backend.database('api');
    drop = db.drop;
    cloud = await startTestCloud({ dataDir: tmp.dir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), requestTimeoutMs: 1500 });
    raKey = (await cloud.createRaKey('Bank A')).key;
  });
  afterAll(async () => {
    await cloud?.close();
    await drop?.();
    tmp?.remove();
  });

  const post = (p: string, body: unknown, token?: string) => call(cloud.url, 'POST', p, body, token);

  // ------------------------------------------------------------ RA

  it('RA registration needs a valid API key, checks the IDN against the birth date, and refuses unknown fields', async () => {
    const p = person();
    expect((await post('/v1/ra/registrations', p)).body.code).toBe('UNAUTHORIZED');
    expect((await post('/v1/ra/registrations', p, raKey.slice(0, -2) + 'xx')).status).toBe(401);
    const mismatch = await post('/v1/ra/registrations', { ...p, birthDate: '19700101' }, raKey);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/birth date/) });
    const extra = await post('/v1/ra/registrations', { ...p, email: 'x@y' }, raKey);
    expect(extra.body).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/unknown field.*email/) });
    const ok = await post('/v1/ra/registrations', { ...p, mobile: p.mobile.replace(/^(\d{3})(\d{4})/, '$1-$2-') }, raKey);
    expect(ok.status).toBe(201);
    expect(S.RaRegisterReply.parse(ok.body).refNum).toMatch(/^\d{10}$/);
    const twin = { ...person(), name: p.name, mobile: p.mobile, birthDate: p.birthDate };
    twin.idn = p.idn.slice(0, 7) + String((Number(p.idn.slice(7)) + 1) % 1_000_000).padStart(6, '0');
    expect((await post('/v1/ra/registrations', twin, raKey)).body.code).toBe('CONFLICT');
    const k = await cloud.createRaKey('Bank B');
    expect(await cloud.revokeRaKey(k.id)).toBe(true);
    expect((await post('/v1/ra/registrations', person(), k.key)).status).toBe(401);
  });

  it('raRegister (the bank-side helper) registers over HTTP and reports service error codes', async () => {
    const { raRegister } = await import('./index.js');
    const r = await raRegister(cloud.url, raKey, person());
    expect(r.refNum).toMatch(/^\d{10}$/);
    expect(r.authCode).toMatch(/^\d{12}$/);
    await expect(raRegister(cloud.url, 'rak_nope', person())).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  // ------------------------------------------------------------ issue

  it('issue: wrong authCode counts a try, a weak PIN does not, the pair works once', async () => {
    const p = person();
    const reg = await registration(cloud, p);
    const wrong = await post('/v1/issue', { ...reg, authCode: '000000000000', PIN });
    expect(wrong.body).toMatchObject({ code: 'CODE_WRONG', triesLeft: 4 });
    const weak = await post('/v1/issue', { ...reg, PIN: p.birthDate.slice(2) });
    expect(weak.body.code).toBe('PIN_WEAK');
    expect((await post('/v1/issue', { ...reg, PIN: '111111' })).body.code).toBe('PIN_WEAK');
    expect((await post('/v1/issue', { ...reg, authCode: '000000000001', PIN })).body.triesLeft).toBe(3);
    const ok = await post('/v1/issue', { ...reg, PIN });
    expect(ok.status).toBe(201);
    const body = S.IssueReply.parse(ok.body);
    expect(body.device).toBeUndefined();
    expect(new Date(body.validTo).getUTCFullYear() - new Date(body.validFrom).getUTCFullYear()).toBe(3);
    expect((await post('/v1/issue', { ...reg, PIN })).body.code).toBe('CODE_EXPIRED');
    expect((await post('/v1/issue', { refNum: '0000000000', authCode: reg.authCode, PIN })).body.code).toBe('NOT_FOUND');
  });

  it('issue: five wrong authCodes void the registration', async () => {
    const reg = await registration(cloud, person());
    for (let i = 4; i >= 0; i--) {
      expect((await post('/v1/issue', { ...reg, authCode: '999999999999', PIN })).body).toMatchObject({ code: 'CODE_WRONG', triesLeft: i });
    }
    expect((await post('/v1/issue', { ...reg, PIN })).body.code).toBe('CODE_EXPIRED');
  });

  it('issuing again revokes the previous certificate: one active per person', async () => {
    const first = await enrol(cloud);
    const reg = await registration(cloud, first.person);
    const second = await post('/v1/issue', { ...reg, PIN: '135790' });
    expect(second.status).toBe(201);
    const list = await post('/v1/credentials/list', {}, first.token);
    expect(list.body.credentialIDs).toEqual([second.body.credentialID]);
    const oldInfo = await post('/v1/credentials/info', { credentialID: first.credentialID }, first.token);
    expect(oldInfo.body.cert.status).toBe('revoked');
    expect((await signOnce(cloud, first, 'x')).body.code).toBe('CERT_REVOKED');
  });

  // ------------------------------------------------------------ connect & devices

  it('connects a device by SMS code; wrong and expired codes are refused with specific errors', async () => {
    const e = await enrol(cloud);
    const p = e.person;
    // Unknown details get the same answer (no account oracle), and a challenge nothing opens (see http-hardening.test.ts).
    const unknown = await post('/v1/connect/request', { name: p.name, mobile: '01099999999', birthDate: p.birthDate });
    expect(unknown.status).toBe(200);
    expect(S.ChallengeReply.parse(unknown.body).expiresIn).toBe(180);
    const req = await post('/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate });
    expect(S.ChallengeReply.parse(req.body).expiresIn).toBe(180);
    const code = await smsCode(cloud, req.body.challengeID);
    const wrongCode = code === '000000' ? '000001' : '000000';
    const w = await post('/v1/connect/verify', { challengeID: req.body.challengeID, code: wrongCode, deviceName: 'tablet' });
    expect(w.body).toMatchObject({ code: 'CODE_WRONG', triesLeft: 4 });
    const v = await post('/v1/connect/verify', { challengeID: req.body.challengeID, code, deviceName: 'tablet' });
    expect(v.status).toBe(201);
    expect(v.body.token).toMatch(/^dt_/);
    expect((await post('/v1/connect/verify', { challengeID: req.body.challengeID, code, deviceName: 'tablet' })).body.code).toBe('CODE_EXPIRED');
    // A code lives 3 minutes.
    const late = await post('/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate });
    cloud.clock.advance(181_000);
    const lateCode = await smsCode(cloud, late.body.challengeID);
    expect((await post('/v1/connect/verify', { challengeID: late.body.challengeID, code: lateCode, deviceName: 'x' })).body.code).toBe('CODE_EXPIRED');
    // The outbox line has the code; the API answer never does.
    expect(JSON.stringify(req.body)).not.toContain(code);
  });

  it('allows 5 devices per person; a sixth is refused unless one is replaced; a revoked token fails at once', async () => {
    const e = await enrol(cloud);
    const devices = [{ token: e.token, deviceID: e.deviceID }];
    for (let i = 0; i < 4; i++) devices.push(await connectDevice(cloud, e.person, `device ${i}`));
    const list = await call(cloud.url, 'GET', '/v1/devices', undefined, e.token);
    expect(S.DevicesReply.parse(list.body).devices).toHaveLength(5);
    expect(list.body.devices.filter((d: { current: boolean }) => d.current)).toHaveLength(1);
    const req = await post('/v1/connect/request', { name: e.person.name, mobile: e.person.mobile, birthDate: e.person.birthDate });
    const code = await smsCode(cloud, req.body.challengeID);
    const sixth = await post('/v1/connect/verify', { challengeID: req.body.challengeID, code, deviceName: 'sixth' });
    expect(sixth.status).toBe(409);
    expect(sixth.body.code).toBe('DEVICE_LIMIT');
    // After a correct code the refusal names the devices, so the person can pick one to replace.
    expect(sixth.body.devices.map((d: { name: string }) => d.name).sort()).toEqual(['device 0', 'device 1', 'device 2', 'device 3', 'test device']);
    // The code was not used up by the refusal: replace device 1 with it.
    const replaced = await post('/v1/connect/verify', { challengeID: req.body.challengeID, code, deviceName: 'sixth', replaceDeviceID: devices[1]!.deviceID });
    expect(replaced.status).toBe(201);
    expect((await call(cloud.url, 'GET', '/v1/devices', undefined, devices[1]!.token)).status).toBe(401);
    // Revoke device 2 from device 0: its SAD and token stop at once.
    const hash = sha256b64('revoked device');
    const a = await post('/v1/credentials/authorize', { credentialID: e.credentialID, hash: [hash], PIN }, devices[2]!.token);
    expect(a.status).toBe(200);
    expect((await call(cloud.url, 'DELETE', `/v1/devices/${devices[2]!.deviceID}`, undefined, e.token)).body).toEqual({ ok: true });
    expect((await post('/v1/credentials/list', {}, devices[2]!.token)).body.code).toBe('UNAUTHORIZED');
    expect((await post('/v1/signatures/signHash', { credentialID: e.credentialID, SAD: a.body.SAD, hash: [hash] }, devices[2]!.token)).body.code).toBe('UNAUTHORIZED');
    expect((await call(cloud.url, 'DELETE', `/v1/devices/${devices[2]!.deviceID}`, undefined, e.token)).body.code).toBe('NOT_FOUND');
    // A one-time connection registers no device (another person: this one's SMS budget is spent) and ends after an hour.
    const o = await enrol(cloud);
    const onceReq = await post('/v1/connect/request', { name: o.person.name, mobile: o.person.mobile, birthDate: o.person.birthDate });
    const once = await post('/v1/connect/verify', {
      challengeID: onceReq.body.challengeID,
      code: await smsCode(cloud, onceReq.body.challengeID),
      deviceName: 'kiosk',
      autoConnect: false,
    });
    expect(once.status).toBe(201);
    expect(once.body.expiresIn).toBe(3600);
    expect((await post('/v1/credentials/list', {}, once.body.token)).body.credentialIDs).toEqual([o.credentialID]);
    expect((await call(cloud.url, 'GET', '/v1/devices', undefined, once.body.token)).body.devices.map((d: { name: string }) => d.name)).toEqual(['test device']);
    cloud.clock.advance(3_601_000);
    expect((await post('/v1/credentials/list', {}, once.body.token)).body.code).toBe('UNAUTHORIZED');
  });

  // ------------------------------------------------------------ signing

  let signer: Enrolled;
  it('authorize → signHash: a PKCS#1 v1.5 SHA-256 signature the certificate verifies', async () => {
    signer = await enrol(cloud);
    const info = await post('/v1/credentials/info', { credentialID: signer.credentialID, certificates: 'chain' }, signer.token);
    const i = S.InfoReply.parse(info.body);
    expect(i).toMatchObject({ key: { status: 'enabled', len: 2048 }, cert: { status: 'valid' }, PIN: { status: 'ok', triesLeft: 5 }, renewal: { due: false } });
    expect(i.cert.certificates).toHaveLength(3);
    expect(i.cert.subjectDN).toContain(signer.person.name);
    const data = Buffer.from('계좌이체 1,000,000원');
    const hashes = [sha256b64(data), sha256b64('second'), sha256b64('third')];
    const a = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, numSignatures: 3, hash: hashes, PIN }, signer.token);
    expect(S.AuthorizeReply.parse(a.body).expiresIn).toBe(300);
    // A subset of the authorized hashes may be signed; the SAD is then spent.
    const s = await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: a.body.SAD, hash: hashes.slice(0, 2) }, signer.token);
    expect(s.status).toBe(200);
    const r = S.SignHashReply.parse(s.body);
    expect(verify('sha256', data, pubKey(signer.certificate), Buffer.from(r.signatures[0]!, 'base64'))).toBe(true);
    expect(verify('sha256', Buffer.from('second'), pubKey(signer.certificate), Buffer.from(r.signatures[1]!, 'base64'))).toBe(true);
    expect(r.renewal.due).toBe(false);
    expect(r.rValue).toBeUndefined();
    const replay = await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: a.body.SAD, hash: [hashes[2]] }, signer.token);
    expect(replay.body.code).toBe('SAD_REPLAYED');
    // The R value on request, for identity checks.
    const b = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [hashes[2]], PIN }, signer.token);
    const withR = await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: b.body.SAD, hash: [hashes[2]], includeR: true }, signer.token);
    expect(checkVid(signer.certificate, Buffer.from(withR.body.rValue, 'base64'), signer.person.idn).match).toBe(true);
  });

  it('refuses a hash the SAD does not cover, a SAD of another device or credential, and an expired SAD', async () => {
    const hash = sha256b64('covered');
    const a = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [hash], PIN }, signer.token);
    const other = sha256b64('not covered');
    expect((await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: a.body.SAD, hash: [other] }, signer.token)).body.code).toBe('HASH_NOT_AUTHORIZED');
    const second = await connectDevice(cloud, signer.person);
    expect((await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: a.body.SAD, hash: [hash] }, second.token)).body.code).toBe('SAD_INVALID');
    const stranger = await enrol(cloud);
    expect((await post('/v1/signatures/signHash', { credentialID: stranger.credentialID, SAD: a.body.SAD, hash: [hash] }, signer.token)).body.code).toBe('SAD_INVALID');
    expect((await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: 'sad_nonsense', hash: [hash] }, signer.token)).body.code).toBe('SAD_INVALID');
    // Still usable after those refusals…
    const b = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [hash], PIN }, signer.token);
    cloud.clock.advance(301_000);
    // …but not after 5 minutes.
    expect((await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: b.body.SAD, hash: [hash] }, signer.token)).body.code).toBe('SAD_INVALID');
    expect((await post('/v1/signatures/signHash', { credentialID: signer.credentialID, SAD: a.body.SAD, hash: [hash] }, signer.token)).body.code).toBe('SAD_INVALID');
    // Bad shapes.
    expect((await post('/v1/credentials/authorize', { credentialID: signer.credentialID, numSignatures: 2, hash: [hash], PIN }, signer.token)).body.code).toBe('INVALID_REQUEST');
    expect((await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: ['AAAA'], PIN }, signer.token)).body.code).toBe('INVALID_REQUEST');
    expect((await post('/v1/credentials/info', { credentialID: stranger.credentialID }, signer.token)).body.code).toBe('NOT_FOUND');
  });

  it('CMS over content with the R value: verifies (main/npki, OpenSSL), signing time from the cloud, VID matches the IDN', async () => {
    const content = Buffer.from('본인확인 nonce=8f3a');
    const a = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [sha256b64(content)], PIN }, signer.token);
    const r = await post('/v1/signatures/signCms', { credentialID: signer.credentialID, SAD: a.body.SAD, content: content.toString('base64'), includeR: true }, signer.token);
    expect(r.status).toBe(200);
    const body = S.SignCmsReply.parse(r.body);
    expect(body.signingTime).toBe(new Date(Math.floor(cloud.clock.now().getTime() / 1000) * 1000).toISOString());
    const cms = Buffer.from(body.cms, 'base64');
    const v = verifyCms(cms);
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.content).toEqual(content);
    expect(v.certificatesDer).toHaveLength(3);
    const rValue = Buffer.from(body.rValue!, 'base64');
    expect(rValue).toHaveLength(20);
    expect(checkVid(signer.certificate, rValue, signer.person.idn).match).toBe(true);
    expect(checkVid(signer.certificate, rValue, person().idn).match).toBe(false);
    const dir = tmp.dir;
    writeFileSync(path.join(dir, 'root.pem'), `-----BEGIN CERTIFICATE-----\n${cloud.ca.rootDer.toString('base64')}\n-----END CERTIFICATE-----\n`);
    writeFileSync(path.join(dir, 'sig.der'), cms);
    const out = execFileSync('sh', [
      '-c',
      `openssl cms -verify -inform DER -in ${dir}/sig.der -CAfile ${dir}/root.pem -purpose any -attime ${Math.floor(cloud.clock.now().getTime() / 1000) + 1} 2>&1`,
    ]).toString();
    expect(out).toContain('Verification successful');
  });

  it('CMS detached and over a hash; content not authorized is refused', async () => {
    const content = Buffer.from('detached content');
    const a = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [sha256b64(content)], PIN }, signer.token);
    const wrong = await post('/v1/signatures/signCms', { credentialID: signer.credentialID, SAD: a.body.SAD, content: Buffer.from('other').toString('base64') }, signer.token);
    expect(wrong.body.code).toBe('HASH_NOT_AUTHORIZED');
    const d = await post('/v1/signatures/signCms', { credentialID: signer.credentialID, SAD: a.body.SAD, content: content.toString('base64'), detached: true }, signer.token);
    expect(d.status).toBe(200);
    expect(d.body.rValue).toBeUndefined();
    expect(verifyCms(Buffer.from(d.body.cms, 'base64')).valid).toBe(false);
    expect(verifyCms(Buffer.from(d.body.cms, 'base64'), { content }).valid).toBe(true);
    const hash = createHash('sha256').update('kept by the client').digest('base64');
    const b = await post('/v1/credentials/authorize', { credentialID: signer.credentialID, hash: [hash], PIN }, signer.token);
    const h = await post('/v1/signatures/signCms', { credentialID: signer.credentialID, SAD: b.body.SAD, hash }, signer.token);
    expect(verifyCms(Buffer.from(h.body.cms, 'base64'), { content: Buffer.from('kept by the client') }).valid).toBe(true);
    expect((await post('/v1/signatures/signCms', { credentialID: signer.credentialID, SAD: b.body.SAD, hash, content: 'AA==' }, signer.token)).body.code).toBe('INVALID_REQUEST');
  });

  // ------------------------------------------------------------ PIN lock, unlock, reissue

  it('five wrong PINs lock the credential (visible in info); unlock takes SMS re-verification and a new PIN', async () => {
    const e = await enrol(cloud);
    for (let left = 4; left >= 1; left--) {
      const w = await signOnce(cloud, e, 'x', '975310');
      expect(w.status).toBe(400);
      expect(w.body).toMatchObject({ code: 'PIN_WRONG', triesLeft: left });
    }
    const fifth = await signOnce(cloud, e, 'x', '975310');
    expect(fifth.status).toBe(403);
    expect(fifth.body.code).toBe('PIN_LOCKED');
    expect((await signOnce(cloud, e, 'x', PIN)).body.code).toBe('PIN_LOCKED');
    const info = await post('/v1/credentials/info', { credentialID: e.credentialID }, e.token);
    expect(info.body).toMatchObject({ PIN: { status: 'locked', triesLeft: 0 }, key: { status: 'disabled' } });
    // Unlock: code by SMS, then a new (strong) PIN.
    const rc = await post('/v1/credentials/reset-code', {}, e.token);
    const code = await smsCode(cloud, rc.body.challengeID);
    expect((await post('/v1/credentials/unlock', { credentialID: e.credentialID, challengeID: rc.body.challengeID, code, newPIN: '123456' }, e.token)).body.code).toBe('PIN_WEAK');
    const badCode = code === '111111' ? '222222' : '111111';
    expect((await post('/v1/credentials/unlock', { credentialID: e.credentialID, challengeID: rc.body.challengeID, code: badCode, newPIN: '246813' }, e.token)).body.code).toBe(
      'CODE_WRONG',
    );
    const u = await post('/v1/credentials/unlock', { credentialID: e.credentialID, challengeID: rc.body.challengeID, code, newPIN: '246813' }, e.token);
    expect(u.status).toBe(201);
    const fresh: Enrolled = { ...e, credentialID: u.body.credentialID, certificate: Buffer.from(u.body.certificate, 'base64') };
    expect((await signOnce(cloud, fresh, 'after unlock', '246813')).status).toBe(200);
    expect((await signOnce(cloud, fresh, 'old pin', PIN)).body).toMatchObject({ code: 'PIN_WRONG', triesLeft: 4 });
    expect((await signOnce(cloud, e, 'old credential', '246813')).body.code).toBe('CERT_REVOKED');
    // Unlocking a credential that is not locked is refused.
    const rc2 = await post('/v1/credentials/reset-code', {}, e.token);
    const code2 = await smsCode(cloud, rc2.body.challengeID);
    expect((await post('/v1/credentials/unlock', { credentialID: fresh.credentialID, challengeID: rc2.body.challengeID, code: code2, newPIN: '246813' }, e.token)).body.code).toBe(
      'CONFLICT',
    );
    // Reissue (forgotten PIN) works in any state, with the same code.
    const ri = await post('/v1/credentials/reissue', { challengeID: rc2.body.challengeID, code: code2, newPIN: '970531' }, e.token);
    expect(ri.status).toBe(201);
    expect((await post('/v1/credentials/list', {}, e.token)).body.credentialIDs).toEqual([ri.body.credentialID]);
  });

  // ------------------------------------------------------------ audit

  it('keeps an audit log the holder can read — their own only, and never a PIN, code or token', async () => {
    const e = await enrol(cloud);
    await signOnce(cloud, e, 'audited');
    await signOnce(cloud, e, 'audited', '975310');
    const second = await connectDevice(cloud, e.person);
    await call(cloud.url, 'DELETE', `/v1/devices/${second.deviceID}`, undefined, e.token);
    const log = await call(cloud.url, 'GET', '/v1/audit?limit=100', undefined, e.token);
    const entries = S.AuditReply.parse(log.body).entries;
    const events = entries.map((x) => `${x.event}:${x.outcome}`);
    for (const ev of ['ra_register:ok', 'issue:ok', 'device_add:ok', 'authorize:ok', 'sign:ok', 'authorize:PIN_WRONG', 'connect_request:ok', 'connect:ok', 'device_revoke:ok']) {
      expect(events).toContain(ev);
    }
    const text = JSON.stringify(entries);
    expect(text).not.toContain(PIN);
    expect(text).not.toContain('975310');
    expect(text).not.toContain(e.token);
    expect(text).not.toContain(second.token);
    expect(text).not.toContain(e.person.idn);
    const outbox = (await import('./sms.js')).readOutbox;
    for (const m of await outbox(cloud.dataDir)) expect(text).not.toContain(`"${m.code}"`);
    expect(entries.every((x) => x.deviceID === null || typeof x.deviceID === 'string')).toBe(true);
    const page = await call(cloud.url, 'GET', `/v1/audit?limit=2&before=${entries[1]!.id}`, undefined, e.token);
    expect(page.body.entries.map((x: { id: number }) => x.id)).toEqual(entries.slice(2, 4).map((x) => x.id));
    // Another person sees none of it.
    const other = await enrol(cloud);
    const theirs = await call(cloud.url, 'GET', '/v1/audit', undefined, other.token);
    expect(theirs.body.entries.every((x: { credentialID: string | null }) => x.credentialID !== e.credentialID)).toBe(true);
  });

  // ------------------------------------------------------------ HTTP hygiene

  it('answers bad input with specific {code, message} errors, limits bodies, and documents every route in OpenAPI', async () => {
    const nf = await call(cloud.url, 'GET', '/v1/nope');
    expect(nf).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const badJson = await fetch(cloud.url + '/v1/connect/request', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).code).toBe('INVALID_REQUEST');
    const text = await fetch(cloud.url + '/v1/connect/request', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    const big = await post('/v1/connect/request', { name: 'x'.repeat(70 * 1024), mobile: '01012345678', birthDate: '19800101' });
    expect(big).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const badDate = await post('/v1/connect/request', { name: 'x', mobile: '01012345678', birthDate: '19800231' });
    expect(badDate.body).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('birthDate') });
    expect((await post('/v1/credentials/list', {})).body.code).toBe('UNAUTHORIZED');
    expect((await post('/v1/credentials/list', {}, 'dt_' + 'A'.repeat(43))).status).toBe(401);
    const api = await call(cloud.url, 'GET', '/v1/openapi.json');
    expect(api.body.openapi).toBe('3.1.0');
    for (const r of ROUTES) {
      const p = r.path.replace(/:(\w+)/g, '{$1}');
      expect(api.body.paths[p]?.[r.method.toLowerCase()], `${r.method} ${p}`).toBeDefined();
    }
    const auth = api.body.paths['/v1/credentials/authorize'].post;
    expect(auth.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(auth.responses['400'].description).toContain('PIN_WRONG');
  });

  it('times out a client that sends its request too slowly', async () => {
    const u = new URL(cloud.url);
    const started = Date.now();
    const closed = await new Promise<{ ms: number; data: string }>((resolve) => {
      const s = net.connect(Number(u.port), u.hostname, () => {
        s.write('POST /v1/connect/request HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na');
      });
      let data = '';
      s.on('data', (d) => (data += d.toString()));
      s.on('close', () => resolve({ ms: Date.now() - started, data }));
      s.on('error', () => {});
    });
    // Not before the request timeout; how late under load is no test's business (the test timeout ends a hang).
    expect(closed.ms).toBeGreaterThanOrEqual(1_000);
    expect(closed.data).toMatch(/^HTTP\/1\.1 408|^$/);
  });
});
