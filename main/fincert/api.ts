/**
 * The cloud's /v1 API as typed calls (docs/cloud-api.md). Answers are checked with the client's
 * own schemas, lenient about extra fields: the cloud may grow, the app must not break.
 * Idempotent: reads (GET, list, info) and DELETE of a device. Everything that spends a try or a
 * code, or makes something, is sent once.
 */
import { z } from 'zod';
import { CloudTransport, type TransportOptions } from './transport.js';

const renewal = z.object({ due: z.boolean(), availableFrom: z.string() });
const credentialSummary = z.object({
  credentialID: z.string(),
  serialNumber: z.string(),
  certificate: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
});
const newDevice = z.object({ deviceID: z.string().min(1), token: z.string().min(1) });
const challenge = z.object({ challengeID: z.string().min(1), expiresIn: z.number() });

export const replies = {
  ca: z.object({ root: z.string(), issuing: z.string(), policyOID: z.string() }),
  challenge,
  newDevice,
  issue: credentialSummary.extend({ device: newDevice.optional() }),
  credential: credentialSummary,
  devices: z.object({
    devices: z.array(z.object({ deviceID: z.string(), name: z.string(), connectedAt: z.string(), lastUsedAt: z.string().nullable(), current: z.boolean() })),
  }),
  ok: z.object({ ok: z.literal(true) }),
  list: z.object({ credentialIDs: z.array(z.string()) }),
  info: z.object({
    credentialID: z.string(),
    key: z.object({ status: z.enum(['enabled', 'disabled']) }),
    cert: z.object({
      status: z.enum(['valid', 'expired', 'revoked']),
      certificates: z.array(z.string()).min(1),
      serialNumber: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
    }),
    PIN: z.object({ status: z.enum(['ok', 'locked']), triesLeft: z.number().int() }),
    renewal,
  }),
  authorize: z.object({ SAD: z.string().min(1), expiresIn: z.number() }),
  signHash: z.object({ signatures: z.array(z.string()).min(1), rValue: z.string().optional(), renewal }),
};

export type CredentialInfo = z.infer<typeof replies.info>;
export type CredentialSummary = z.infer<typeof replies.credential>;
export type Challenge = z.infer<typeof replies.challenge>;
export type CloudDeviceReply = z.infer<typeof replies.devices>['devices'][number];

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

export class CloudApi {
  readonly transport: CloudTransport;

  constructor(opts: TransportOptions) {
    this.transport = new CloudTransport(opts);
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  /** A quick reachability check, one attempt (and a fresh reading of the cloud's clock). */
  health(): Promise<{ ok: boolean }> {
    return this.transport.call({ method: 'GET', path: '/v1/health', idempotent: true, retries: 0, schema: z.object({ ok: z.boolean() }), timeoutMs: 5_000 });
  }

  ca() {
    return this.transport.call({ method: 'GET', path: '/v1/ca', idempotent: true, schema: replies.ca });
  }

  issue(body: { refNum: string; authCode: string; PIN: string; device?: { name: string } }) {
    return this.transport.call({ method: 'POST', path: '/v1/issue', body, idempotent: false, schema: replies.issue });
  }

  connectRequest(body: { name: string; mobile: string; birthDate: string }) {
    return this.transport.call({ method: 'POST', path: '/v1/connect/request', body, idempotent: false, schema: replies.challenge });
  }

  /** autoConnect false: a one-time connection (no device registered, the token ends within the hour). */
  connectVerify(body: { challengeID: string; code: string; deviceName: string; autoConnect: boolean; replaceDeviceID?: string }) {
    return this.transport.call({ method: 'POST', path: '/v1/connect/verify', body, idempotent: false, schema: replies.newDevice });
  }

  devices(token: string) {
    return this.transport.call({ method: 'GET', path: '/v1/devices', token, idempotent: true, schema: replies.devices });
  }

  revokeDevice(token: string, deviceId: string) {
    return this.transport.call({
      method: 'DELETE',
      path: `/v1/devices/${encodeURIComponent(deviceId)}`,
      token,
      idempotent: true,
      schema: replies.ok,
    });
  }

  list(token: string) {
    return this.transport.call({ method: 'POST', path: '/v1/credentials/list', body: {}, token, idempotent: true, schema: replies.list });
  }

  info(token: string, credentialID: string) {
    return this.transport.call({
      method: 'POST',
      path: '/v1/credentials/info',
      body: { credentialID, certificates: 'chain' },
      token,
      idempotent: true,
      schema: replies.info,
    });
  }

  authorize(token: string, credentialID: string, hashes: Buffer[], PIN: string) {
    return this.transport.call({
      method: 'POST',
      path: '/v1/credentials/authorize',
      body: { credentialID, numSignatures: hashes.length, hash: hashes.map((h) => h.toString('base64')), hashAlgo: SHA256, PIN },
      token,
      idempotent: false,
      schema: replies.authorize,
    });
  }

  /** `includeR` also asks for the holder's R value (randomNum), for identity checks (VID). */
  signHash(token: string, credentialID: string, SAD: string, hashes: Buffer[], includeR = false) {
    return this.transport.call({
      method: 'POST',
      path: '/v1/signatures/signHash',
      body: { credentialID, SAD, hash: hashes.map((h) => h.toString('base64')), hashAlgo: SHA256, signAlgo: SHA256_WITH_RSA, ...(includeR ? { includeR } : {}) },
      token,
      idempotent: false,
      schema: replies.signHash,
    });
  }

  renew(token: string, credentialID: string, PIN: string) {
    return this.transport.call({ method: 'POST', path: '/v1/credentials/renew', body: { credentialID, PIN }, token, idempotent: false, schema: replies.credential });
  }

  resetCode(token: string) {
    return this.transport.call({ method: 'POST', path: '/v1/credentials/reset-code', body: {}, token, idempotent: false, schema: replies.challenge });
  }

  unlock(token: string, body: { credentialID: string; challengeID: string; code: string; newPIN: string }) {
    return this.transport.call({ method: 'POST', path: '/v1/credentials/unlock', body, token, idempotent: false, schema: replies.credential });
  }

  reissue(token: string, body: { challengeID: string; code: string; newPIN: string }) {
    return this.transport.call({ method: 'POST', path: '/v1/credentials/reissue', body, token, idempotent: false, schema: replies.credential });
  }
}
