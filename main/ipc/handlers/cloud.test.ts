/**
 * The cloud area through the dispatcher, as either host calls it: request validation, the app
 * with no cloud configured, a cloud that is down, and one journey against the real cloud service
 * set through settings.cloudUrl (keychain: in memory here; the real one is tested in main/fincert).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../app/context.test-util.js';
import { silentLogger } from '../../core/log.js';
import { verifyCms } from '../../../common/pki/cms.js';
import { TestCloud, newPerson } from '../../fincert/cloud.test-util.js';
import { MemoryKeyStore } from '../../fincert/memory-keystore.test-util.js';
import { createDispatcher, type Dispatch } from '../dispatch.js';
import { createHandlers } from './index.js';

function app(env: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dojang-cloud-handlers-'));
  const ctx = testContext({ home: dataDir, dataDir, env, keyStore: new MemoryKeyStore() });
  return { ctx, dispatch: createDispatcher(createHandlers(ctx), silentLogger) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are checked field by field
async function value<T = any>(dispatch: Dispatch, method: string, request: unknown = {}): Promise<T> {
  const outcome = await dispatch(method, request);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
  return outcome.value as T;
}
async function error(dispatch: Dispatch, method: string, request: unknown = {}) {
  const outcome = await dispatch(method, request);
  expect(outcome.ok).toBe(false);
  return (outcome as { ok: false; error: { code: string; message: string } }).error;
}

describe('cloud area without a cloud', () => {
  it('validates before anything goes out: PIN of 6 digits, mobile, birth date, unknown fields', async () => {
    const { dispatch } = app();
    expect((await error(dispatch, 'cloudSign', { credentialId: 'c', pin: '12345', content: { text: 'x' } })).code).toBe('INVALID_REQUEST');
    expect((await error(dispatch, 'cloudConnectStart', { name: '홍길동', mobile: '02-123-4567', birthDate: '19900101' })).code).toBe('INVALID_REQUEST');
    expect((await error(dispatch, 'cloudConnectStart', { name: '홍길동', mobile: '010-1234-5678', birthDate: '19901301' })).code).toBe('INVALID_REQUEST');
    expect((await error(dispatch, 'cloudStatus', { token: 'x' })).code).toBe('INVALID_REQUEST');
  });

  it('no cloud configured: status says so, no certificates, connecting explains what to set', async () => {
    const { dispatch } = app();
    expect(await value(dispatch, 'cloudStatus')).toMatchObject({ url: '', reachable: false, connected: false, keychain: 'available' });
    expect(await value(dispatch, 'cloudCertificates')).toEqual([]);
    const e = await error(dispatch, 'cloudConnectStart', { name: '홍길동', mobile: '010-1234-5678', birthDate: '19900101' });
    expect(e).toMatchObject({ code: 'CLOUD_UNREACHABLE', key: 'cloud.notConfigured' });
  });

  it('a cloud that is down: status reachable false; calls fail with CLOUD_UNREACHABLE', async () => {
    const { ctx, dispatch } = app();
    await ctx.settings.update({ cloudUrl: 'http://127.0.0.1:9' });
    expect(await value(dispatch, 'cloudStatus')).toMatchObject({ url: 'http://127.0.0.1:9', reachable: false, connected: false });
    expect((await error(dispatch, 'cloudConnectStart', { name: '홍길동', mobile: '010-1234-5678', birthDate: '19900101' })).code).toBe('CLOUD_UNREACHABLE');
    expect((await error(dispatch, 'cloudDevices')).code).toBe('CLOUD_NOT_CONNECTED');
  });
});

describe('cloud area against the real cloud service', () => {
  const cloud = new TestCloud();
  beforeAll(() => cloud.start(), 120_000);
  afterAll(() => cloud.stop());

  it('settings.cloudUrl → issue → connect → list → sign (verifies) → devices → disconnect', async () => {
    const { ctx, dispatch } = app();
    await ctx.settings.update({ cloudUrl: cloud.url + '/' });
    const p = newPerson();
    const reg = await cloud.register(p);
    const issued = await value(dispatch, 'cloudIssue', { refNum: reg.refNum, authCode: reg.authCode, pin: '802413' });
    expect(issued).toMatchObject({ kind: 'cloud', cloud: { pinLocked: false } });
    const started = await value(dispatch, 'cloudConnectStart', { name: p.name, mobile: p.mobile.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1-$2-$3'), birthDate: p.birthDate });
    expect(started.devOutbox).toBeNull(); // not the app's own cloud: no outbox to point at
    const status = await value(dispatch, 'cloudConnectVerify', { requestId: started.requestId, code: await cloud.lastCode(p.mobile), remember: true });
    expect(status).toMatchObject({ connected: true, status: { url: cloud.url, connected: true, remembered: true, person: { name: p.name } } });
    const [row] = await value(dispatch, 'cloudCertificates');
    expect(row).toMatchObject({ id: issued.id, cloud: { triesLeft: 5 } });
    const signed = await value(dispatch, 'cloudSign', { credentialId: row.cloud.credentialId, pin: '802413', content: { text: '동의합니다' } });
    expect(verifyCms(Buffer.from(signed.cmsBase64, 'base64')).valid).toBe(true);
    const { devices } = await value(dispatch, 'cloudDevices');
    expect(devices).toEqual([expect.objectContaining({ id: status.status.deviceId, current: true })]);
    expect(await value(dispatch, 'cloudDisconnect')).toMatchObject({ connected: false, remembered: false });
  });
});
