/** Test helpers: a cloud on a temp folder, a small JSON client, and the person-level flows. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../clock.js';
import { startCloud, type CloudInstance, type StartCloudOptions } from '../index.js';
import { readOutbox } from '../sms.js';
import { testKeys } from './softhsm.js';

export interface TestCloud extends CloudInstance {
  clock: ManualClock;
  /** The key settings it runs on (the SoftHSM token, testing/softhsm.ts): restart with them. */
  keyOptions: Pick<StartCloudOptions, 'pkcs11' | 'masterKey'>;
}

/** Waits for a state (polled), failing with `what` if it never comes. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function tempDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dojang-cloud-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A cloud with a manual clock and a cheap scrypt (PIN cost 2^10) for speed; everything else as
 * in production, keys in a real SoftHSM2 token (unless the caller passes other keys).
 */
export async function startTestCloud(opts: Partial<StartCloudOptions> & { dataDir: string; clock?: ManualClock }): Promise<TestCloud> {
  const clock = opts.clock ?? new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const keyOptions = opts.pkcs11 ? { pkcs11: opts.pkcs11 } : opts.masterKey ? { masterKey: opts.masterKey } : testKeys();
  const cloud = await startCloud({ port: 0, pinCost: 10, jobIntervalMs: 0, logger: false, ...opts, ...keyOptions, clock });
  return Object.assign(cloud, { clock, keyOptions });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are checked field by field
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are checked field by field
export async function call<T = any>(base: string, method: string, p: string, body?: unknown, token?: string): Promise<Reply<T>> {
  const res = await fetch(base + p, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface Person {
  name: string;
  mobile: string;
  birthDate: string;
  idn: string;
}

let seq = 0;
/** A distinct synthetic person (birth 1980-01-01 + n days; IDN consistent with it). */
export function person(n = ++seq): Person {
  const d = new Date(Date.UTC(1980, 0, 1) + (n % 9000) * 86_400_000);
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
  return {
    name: `홍길동${n}`,
    mobile: `010${String(10_000_000 + n).slice(-8)}`,
    birthDate: ymd,
    idn: `${ymd.slice(2)}1${String(234_567 + n).slice(-6)}`,
  };
}

/** A PIN that is not weak for anyone born in 1980–2004. */
export const PIN = '802413';

export interface Enrolled {
  person: Person;
  credentialID: string;
  token: string;
  deviceID: string;
  certificate: Buffer;
}

let raKey: { url: string; key: string } | null = null;

export async function registration(cloud: CloudInstance, p: Person): Promise<{ refNum: string; authCode: string }> {
  if (!raKey || raKey.url !== cloud.url) raKey = { url: cloud.url, key: (await cloud.createRaKey('Test Bank')).key };
  const r = await call(cloud.url, 'POST', '/v1/ra/registrations', p, raKey.key);
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return { refNum: r.body.refNum, authCode: r.body.authCode };
}

/** RA registration + issue with a device: the person ends up with a credential and a token. */
export async function enrol(cloud: CloudInstance, p: Person = person(), pin = PIN): Promise<Enrolled> {
  const reg = await registration(cloud, p);
  const r = await call(cloud.url, 'POST', '/v1/issue', { ...reg, PIN: pin, device: { name: 'test device' } });
  if (r.status !== 201) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
  return { person: p, credentialID: r.body.credentialID, token: r.body.device.token, deviceID: r.body.device.deviceID, certificate: Buffer.from(r.body.certificate, 'base64') };
}

/** The latest code the dev outbox holds for a challenge. */
export async function smsCode(cloud: CloudInstance, challengeID: string): Promise<string> {
  const msgs = await readOutbox(cloud.dataDir);
  const m = msgs.reverse().find((x) => x.challengeId === challengeID);
  if (!m) throw new Error(`no SMS for ${challengeID}`);
  return m.code;
}

export async function connectDevice(cloud: CloudInstance, p: Person, name = 'another device'): Promise<{ token: string; deviceID: string }> {
  const req = await call(cloud.url, 'POST', '/v1/connect/request', { name: p.name, mobile: p.mobile, birthDate: p.birthDate });
  if (req.status !== 200) throw new Error(`connect/request: ${req.status} ${JSON.stringify(req.body)}`);
  const code = await smsCode(cloud, req.body.challengeID);
  const v = await call(cloud.url, 'POST', '/v1/connect/verify', { challengeID: req.body.challengeID, code, deviceName: name });
  if (v.status !== 201) throw new Error(`connect/verify: ${v.status} ${JSON.stringify(v.body)}`);
  return v.body;
}

export function sha256b64(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

/** authorize + signHash for one hash; answers the raw signature. */
export async function signOnce(cloud: CloudInstance, e: Enrolled, data: string, pin = PIN): Promise<Reply> {
  const hash = sha256b64(data);
  const a = await call(cloud.url, 'POST', '/v1/credentials/authorize', { credentialID: e.credentialID, hash: [hash], PIN: pin }, e.token);
  if (a.status !== 200) return a;
  return call(cloud.url, 'POST', '/v1/signatures/signHash', { credentialID: e.credentialID, SAD: a.body.SAD, hash: [hash] }, e.token);
}
