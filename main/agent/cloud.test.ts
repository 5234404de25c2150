/**
 * The web signing agent with a 금융인증서, against the real cloud service (cloud/src, PGlite): the
 * consent window offers the cloud certificate, a wrong PIN stays in the window with the tries left
 * refreshed, the right PIN signs every item under one PIN check, and the R value the page gets is
 * the holder's (the VID in the certificate matches the person's ID number with it). A PIN locked
 * in the window reaches the page as LOCKED once the user closes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Events } from '../../preload/types.js';
import type { AppContext } from '../app/context.js';
import { testContext } from '../app/context.test-util.js';
import { silentLogger } from '../core/log.js';
import { verifyCms, verifyPkcs1 } from '../../common/pki/cms.js';
import { checkVid } from '../../common/pki/vid.js';
import { closeVerifyStores, verifySignature } from '../verify/index.js';
import { TestCloud, newPerson, type TestPerson } from '../fincert/cloud.test-util.js';
import { MemoryKeyStore } from '../fincert/memory-keystore.test-util.js';
import { createDispatcher, type Dispatch } from '../ipc/dispatch.js';
import { createHandlers } from '../ipc/handlers/index.js';
import type { AgentResponse, SignResult } from './protocol.js';

const PIN = '802413';
const cloud = new TestCloud();
let dataDir: string;
let ctx: AppContext;
let dispatch: Dispatch;
let person: TestPerson;
let events: (keyof Events)[] = [];
let seq = 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field
async function call<T = any>(method: string, request: unknown = {}): Promise<T> {
  const outcome = await dispatch(method, request);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
  return outcome.value as T;
}
async function failure(method: string, request: unknown) {
  const outcome = await dispatch(method, request);
  expect(outcome.ok).toBe(false);
  return (outcome as { ok: false; error: { code: string } }).error.code;
}

async function ask(
  params: Record<string, unknown>,
): Promise<{ answer: Promise<AgentResponse>; view: { requestId: string; certificates: { id: string; cloud: { triesLeft: number } }[] } }> {
  const before = events.filter((e) => e === 'agentRequest').length;
  seq++;
  const answer = ctx.agent.handle(
    { v: 1, id: `c${seq}`, origin: 'https://bank.example', request: { id: `c${seq}`, method: 'sign', params: params as never } },
    new AbortController().signal,
  );
  await vi.waitFor(() => expect(events.filter((e) => e === 'agentRequest').length).toBe(before + 1), { timeout: 20_000 });
  return { answer, view: (await call('agentPending')).request };
}

beforeAll(async () => {
  await cloud.start();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'dojang-agent-cloud-'));
  ctx = testContext({
    home: dataDir,
    dataDir,
    emit: (event) => events.push(event),
    keyStore: new MemoryKeyStore(),
    fetch: cloud.fetch,
  });
  dispatch = createDispatcher(createHandlers(ctx), silentLogger);
  await ctx.settings.update({ cloudUrl: cloud.url });
  person = newPerson();
  const reg = await cloud.register(person);
  await call('cloudIssue', { refNum: reg.refNum, authCode: reg.authCode, pin: PIN });
  const started = await call('cloudConnectStart', { name: person.name, mobile: person.mobile.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1-$2-$3'), birthDate: person.birthDate });
  await call('cloudConnectVerify', { requestId: started.requestId, code: await cloud.lastCode(person.mobile), remember: false });
}, 120_000);
afterAll(async () => {
  await ctx.agent.audit(1);
  await closeVerifyStores();
  await cloud.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('web signing with a 금융인증서', () => {
  it('a wrong PIN stays in the window; the right one signs both texts (CMS) and sends the holder’s R value', async () => {
    events = [];
    const { answer, view } = await ask({ content: { texts: ['로그인 1', '로그인 2'] }, includeR: true, signType: 'login', filter: { kinds: ['cloud'] } });
    expect(view.certificates).toHaveLength(1);
    const certificateId = view.certificates[0]!.id;
    expect(await failure('agentDecide', { requestId: view.requestId, certificateId, pin: '135792' })).toBe('PIN_WRONG');
    const fresh = (await call('agentPending')).request;
    expect(fresh.certificates[0].cloud.triesLeft).toBe(4);
    await call('agentDecide', { requestId: view.requestId, certificateId, pin: PIN });
    const value = ((await answer) as { value: SignResult }).value;
    expect(value.signedData.map((s) => verifyCms(Buffer.from(s, 'base64url')).content?.toString('utf8'))).toEqual(['로그인 1', '로그인 2']);
    expect(value.signedData.every((s) => verifyCms(Buffer.from(s, 'base64url')).valid)).toBe(true);
    const certDer = Buffer.from(value.certificate, 'base64url');
    expect(checkVid(certDer, Buffer.from(value.rValue!, 'base64url'), person.idn).match).toBe(true);
    // The relying-party engine, as a bank would run it: the signature and the identity (VID) check hold.
    const rValue = Buffer.from(value.rValue!, 'base64url').toString('hex');
    const report = await verifySignature(path.join(dataDir, 'rp'), { input: { base64: value.signedData[0]! }, rValue, idn: person.idn });
    for (const name of ['signature', 'contentDigest', 'vid'] as const) expect(report.checks.find((c) => c.name === name)?.ok, name).toBe(true);
  });

  it('PKCS#1 over the content itself, no R value unless asked', async () => {
    const { answer, view } = await ask({ content: { texts: ['이체 10,000원'] }, format: 'PKCS1' });
    const cloudRow = view.certificates.find((c) => c.cloud)!;
    await call('agentDecide', { requestId: view.requestId, certificateId: cloudRow.id, pin: PIN });
    const value = ((await answer) as { value: SignResult }).value;
    expect(value.rValue).toBeNull();
    expect(verifyPkcs1(Buffer.from(value.certificate, 'base64url'), Buffer.from('이체 10,000원'), Buffer.from(value.signedData[0]!, 'base64url'))).toBe(true);
  });

  it('a PIN locked in the window: the page hears LOCKED after the user closes it', async () => {
    const { answer, view } = await ask({ content: { texts: ['x'] }, filter: { kinds: ['cloud'] } });
    const certificateId = view.certificates[0]!.id;
    let code = '';
    for (let i = 0; i < 5 && code !== 'PIN_LOCKED'; i++) code = await failure('agentDecide', { requestId: view.requestId, certificateId, pin: '135792' });
    expect(code).toBe('PIN_LOCKED');
    await call('agentCancel', { requestId: view.requestId });
    expect(await answer).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});
