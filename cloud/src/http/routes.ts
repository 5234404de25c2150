/**
 * The /v1 API as one table: each route's schemas, auth, documented errors, an example, and its
 * handler. server.ts registers the table with Fastify; openapi.ts documents it.
 */
import type { z } from 'zod';
import type { CloudErrorCode } from '../errors.js';
import { POLICY_OID } from '../pki/oids.js';
import { RULES } from '../rules.js';
import { readAudit } from '../services/audit-log.js';
import { requestConnectCode, requestResetCode, verifyConnect } from '../services/connect.js';
import type { Ctx } from '../services/context.js';
import { authorize, credentialInfo, issue, listCredentials } from '../services/credentials.js';
import { listDevices, revokeDevice, type DeviceAuth } from '../services/devices.js';
import { renew, resetCredential } from '../services/lifecycle.js';
import { registerPerson } from '../services/ra.js';
import { answerOcsp, currentCrl } from '../services/revocation.js';
import { signCmsRequest, signHash, type SadConsumer } from '../services/signing.js';
import * as S from './schemas.js';

export interface Binary {
  binary: true;
  contentType: string;
  body: Buffer;
}

export interface HandlerArgs {
  ctx: Ctx;
  consumer: SadConsumer;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by the route's zod schema
  query: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  params: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  device: DeviceAuth | null;
  deviceToken: string | null;
  raId: string | null;
  address: string;
  rawBody: Buffer | null;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify path (":param"). */
  path: string;
  tag: 'CA' | 'RA' | 'Issue' | 'Connect' | 'Devices' | 'Credentials' | 'Signatures' | 'Lifecycle' | 'Audit';
  summary: string;
  description?: string;
  /** device: "Authorization: Bearer dt_…"; deviceToken: the token is checked with the SAD (signing hot path); ra: "Bearer rak_…". */
  auth: 'none' | 'device' | 'deviceToken' | 'ra';
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  reply: { status: 200 | 201; schema?: z.ZodType; contentType?: string; description: string };
  /** Request content type when not JSON. */
  consumes?: string;
  errors: CloudErrorCode[];
  example?: { request?: unknown; reply?: unknown };
  bodyLimit?: number;
  handler(a: HandlerArgs): Promise<unknown>;
}

const PEM = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;

const must = <T>(v: T | null): T => v as T;

export const ROUTES: RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/ca',
    tag: 'CA',
    summary: 'The CA certificates and where revocation is published',
    description: `Root and issuing CA (base64 DER) and the policy OID of our certificates (${POLICY_OID}). Trust the root to verify signatures.`,
    auth: 'none',
    reply: { status: 200, schema: S.CaReply, description: 'CA certificates' },
    errors: [],
    async handler({ ctx }) {
      return {
        root: ctx.ca.rootDer.toString('base64'),
        issuing: ctx.ca.issuingDer.toString('base64'),
        rootPem: PEM(ctx.ca.rootDer),
        policyOID: POLICY_OID,
        crl: `${ctx.baseUrl()}/v1/crl`,
        ocsp: `${ctx.baseUrl()}/v1/ocsp`,
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/ca/root.der',
    tag: 'CA',
    summary: 'Root CA certificate (DER)',
    auth: 'none',
    reply: { status: 200, contentType: 'application/pkix-cert', description: 'DER certificate' },
    errors: [],
    async handler({ ctx }): Promise<Binary> {
      return { binary: true, contentType: 'application/pkix-cert', body: ctx.ca.rootDer };
    },
  },
  {
    method: 'GET',
    path: '/v1/ca/issuing.der',
    tag: 'CA',
    summary: 'Issuing CA certificate (DER; the caIssuers URL of user certificates)',
    auth: 'none',
    reply: { status: 200, contentType: 'application/pkix-cert', description: 'DER certificate' },
    errors: [],
    async handler({ ctx }): Promise<Binary> {
      return { binary: true, contentType: 'application/pkix-cert', body: ctx.ca.issuingDer };
    },
  },
  {
    method: 'GET',
    path: '/v1/crl',
    tag: 'CA',
    summary: 'Current CRL (DER), reissued on every revocation and at least daily',
    auth: 'none',
    reply: { status: 200, contentType: 'application/pkix-crl', description: 'X.509 v2 CRL' },
    errors: [],
    async handler({ ctx }): Promise<Binary> {
      return { binary: true, contentType: 'application/pkix-crl', body: await currentCrl(ctx) };
    },
  },
  {
    method: 'POST',
    path: '/v1/ocsp',
    tag: 'CA',
    summary: 'OCSP responder (RFC 6960)',
    description: 'Body: DER OCSPRequest (Content-Type application/ocsp-request). Answers good / revoked / unknown, signed by the issuing CA.',
    auth: 'none',
    consumes: 'application/ocsp-request',
    reply: { status: 200, contentType: 'application/ocsp-response', description: 'DER OCSPResponse' },
    errors: ['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'],
    bodyLimit: 16 * 1024,
    async handler({ ctx, rawBody }): Promise<Binary> {
      return { binary: true, contentType: 'application/ocsp-response', body: await answerOcsp(ctx, rawBody ?? Buffer.alloc(0)) };
    },
  },
  {
    method: 'POST',
    path: '/v1/ra/registrations',
    tag: 'RA',
    summary: 'Register a person the bank has verified; answers a one-time refNum / authCode',
    description: 'Authorization: Bearer rak_… (an RA API key made with createRaKey / `dojang cloud ra-issue`).',
    auth: 'ra',
    body: S.RaRegisterBody,
    reply: { status: 201, schema: S.RaRegisterReply, description: 'Registration' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'CONFLICT'],
    example: {
      request: { name: '홍길동', mobile: '010-1234-5678', birthDate: '19800101', idn: '8001011234567' },
      reply: { refNum: '4820193746', authCode: '839201746512', expiresAt: '2026-03-08T09:00:00.000Z' },
    },
    async handler({ ctx, body, raId }) {
      const r = await registerPerson(ctx, must(raId), body);
      return { refNum: r.refNum, authCode: r.authCode, expiresAt: r.expiresAt.toISOString() };
    },
  },
  {
    method: 'POST',
    path: '/v1/issue',
    tag: 'Issue',
    summary: 'Issue the certificate with refNum / authCode and set the PIN',
    description: 'Creates the key pair and certificate in the cloud and revokes any previous certificate of the person (one active per person). Optionally connects this device.',
    auth: 'none',
    body: S.IssueBody,
    reply: { status: 201, schema: S.IssueReply, description: 'The new credential' },
    errors: ['INVALID_REQUEST', 'NOT_FOUND', 'CODE_WRONG', 'CODE_EXPIRED', 'PIN_WEAK', 'DEVICE_LIMIT', 'RATE_LIMITED'],
    example: { request: { refNum: '4820193746', authCode: '839201746512', PIN: '802413', device: { name: "Jiwoo's laptop" } } },
    async handler({ ctx, body, address }) {
      return issue(ctx, body, address);
    },
  },
  {
    method: 'POST',
    path: '/v1/connect/request',
    tag: 'Connect',
    summary: 'Step 1 of connecting a device: send a 6-digit code by SMS',
    description: 'In development the SMS is appended to <dataDir>/sms-outbox.log (one JSON line with the code).',
    auth: 'none',
    body: S.ConnectRequestBody,
    reply: { status: 200, schema: S.ChallengeReply, description: 'Code sent' },
    errors: ['INVALID_REQUEST', 'NOT_FOUND', 'RATE_LIMITED', 'SMS_UNAVAILABLE'],
    example: {
      request: { name: '홍길동', mobile: '010-1234-5678', birthDate: '19800101' },
      reply: { challengeID: '5d0f3c2a-8a7e-4f1b-9c55-2b8e0e6f1d11', expiresIn: 180 },
    },
    async handler({ ctx, body, address }) {
      return requestConnectCode(ctx, body, address);
    },
  },
  {
    method: 'POST',
    path: '/v1/connect/verify',
    tag: 'Connect',
    summary: 'Step 2: verify the code; registers the device (자동연결) or opens a one-time connection (autoConnect: false)',
    auth: 'none',
    body: S.ConnectVerifyBody,
    reply: { status: 201, schema: S.ConnectVerifyReply, description: 'Device connected' },
    errors: ['INVALID_REQUEST', 'NOT_FOUND', 'CODE_WRONG', 'CODE_EXPIRED', 'DEVICE_LIMIT', 'RATE_LIMITED'],
    example: { request: { challengeID: '5d0f3c2a-8a7e-4f1b-9c55-2b8e0e6f1d11', code: '482913', deviceName: "Jiwoo's laptop" } },
    async handler({ ctx, body, address }) {
      return verifyConnect(ctx, body, address);
    },
  },
  {
    method: 'GET',
    path: '/v1/devices',
    tag: 'Devices',
    summary: 'Connected devices of this account',
    auth: 'device',
    reply: { status: 200, schema: S.DevicesReply, description: 'Devices' },
    errors: ['UNAUTHORIZED'],
    async handler({ ctx, device }) {
      return { devices: await listDevices(ctx, must(device)) };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/devices/:deviceID',
    tag: 'Devices',
    summary: 'Disconnect a device (its token stops working at once; may be this device)',
    auth: 'device',
    params: S.DeviceParams,
    reply: { status: 200, schema: S.OkReply, description: 'Disconnected' },
    errors: ['UNAUTHORIZED', 'NOT_FOUND'],
    async handler({ ctx, device, params }) {
      await revokeDevice(ctx, must(device), params.deviceID);
      return { ok: true };
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/list',
    tag: 'Credentials',
    summary: 'Credential ids of this account (CSC credentials/list)',
    auth: 'device',
    body: S.EmptyBody,
    reply: { status: 200, schema: S.ListReply, description: 'Credential ids' },
    errors: ['UNAUTHORIZED'],
    async handler({ ctx, device }) {
      return { credentialIDs: await listCredentials(ctx, must(device)) };
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/info',
    tag: 'Credentials',
    summary: 'Key, certificate, PIN and renewal state (CSC credentials/info)',
    auth: 'device',
    body: S.InfoBody,
    reply: { status: 200, schema: S.InfoReply, description: 'Credential info' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND'],
    async handler({ ctx, device, body }) {
      return credentialInfo(ctx, must(device), body.credentialID, body.certificates === 'chain');
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/authorize',
    tag: 'Credentials',
    summary: 'PIN → SAD for exactly these hashes (CSC credentials/authorize)',
    description: `The SAD is single use, lives ${RULES.sadTtlMs / 1000} seconds and covers only the given hashes. ${RULES.maxPinFailures} wrong PINs in a row lock the credential.`,
    auth: 'device',
    body: S.AuthorizeBody,
    reply: { status: 200, schema: S.AuthorizeReply, description: 'SAD' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'PIN_WRONG', 'PIN_LOCKED', 'CERT_REVOKED', 'CERT_EXPIRED', 'RATE_LIMITED'],
    example: {
      request: { credentialID: '0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a', numSignatures: 1, hash: ['n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='], PIN: '802413' },
      reply: { SAD: 'sad_Q2xvdWRTaWduYXR1cmVBY3RpdmF0aW9uRGF0YUV4YW1wbGU', expiresIn: 300 },
    },
    async handler({ ctx, device, body }) {
      return authorize(ctx, must(device), { ...body, numSignatures: body.numSignatures ?? body.hash.length });
    },
  },
  {
    method: 'POST',
    path: '/v1/signatures/signHash',
    tag: 'Signatures',
    summary: 'Sign hashes with a SAD (CSC signatures/signHash); RSASSA-PKCS1-v1_5 / SHA-256',
    auth: 'deviceToken',
    body: S.SignHashBody,
    reply: { status: 200, schema: S.SignHashReply, description: 'Signatures' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'SAD_INVALID', 'SAD_REPLAYED', 'HASH_NOT_AUTHORIZED', 'CERT_REVOKED', 'CERT_EXPIRED', 'PIN_LOCKED'],
    example: {
      request: {
        credentialID: '0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a',
        SAD: 'sad_Q2xvdWRTaWduYXR1cmVBY3RpdmF0aW9uRGF0YUV4YW1wbGU',
        hash: ['n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='],
        hashAlgo: '2.16.840.1.101.3.4.2.1',
        signAlgo: '1.2.840.113549.1.1.11',
      },
    },
    async handler({ ctx, consumer, deviceToken, body }) {
      return signHash(ctx, consumer, must(deviceToken), body);
    },
  },
  {
    method: 'POST',
    path: '/v1/signatures/signCms',
    tag: 'Signatures',
    summary: 'CMS SignedData over content (or a hash) with a SAD; signing time from the cloud; optional R value',
    description: 'Authorize the SHA-256 of the content (or the given hash). The SignedData carries the signer, issuing CA and root certificates.',
    auth: 'deviceToken',
    body: S.SignCmsBody,
    bodyLimit: 2 * 1024 * 1024,
    reply: { status: 200, schema: S.SignCmsReply, description: 'SignedData' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'SAD_INVALID', 'SAD_REPLAYED', 'HASH_NOT_AUTHORIZED', 'CERT_REVOKED', 'CERT_EXPIRED', 'PIN_LOCKED', 'PAYLOAD_TOO_LARGE'],
    example: {
      request: {
        credentialID: '0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a',
        SAD: 'sad_Q2xvdWRTaWduYXR1cmVBY3RpdmF0aW9uRGF0YUV4YW1wbGU',
        content: '64+E7J6lIOyEnOuqhSDthYzsiqTtirg=',
        includeR: true,
      },
    },
    async handler({ ctx, consumer, deviceToken, body }) {
      return signCmsRequest(ctx, consumer, must(deviceToken), body);
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/renew',
    tag: 'Lifecycle',
    summary: 'Renew within 30 days before expiry: new key pair and 3-year certificate; the old one is revoked',
    auth: 'device',
    body: S.RenewBody,
    reply: { status: 201, schema: S.CredentialReply, description: 'The new credential' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'RENEWAL_NOT_DUE', 'PIN_WRONG', 'PIN_LOCKED', 'CERT_REVOKED', 'CERT_EXPIRED', 'CONFLICT', 'RATE_LIMITED'],
    async handler({ ctx, device, body }) {
      return renew(ctx, must(device), body);
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/reset-code',
    tag: 'Lifecycle',
    summary: 'Send an SMS code to re-verify the person before unlock or reissue',
    auth: 'device',
    body: S.EmptyBody,
    reply: { status: 200, schema: S.ChallengeReply, description: 'Code sent' },
    errors: ['UNAUTHORIZED', 'RATE_LIMITED', 'SMS_UNAVAILABLE'],
    async handler({ ctx, device, address }) {
      return requestResetCode(ctx, must(device), address);
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/unlock',
    tag: 'Lifecycle',
    summary: 'Unlock a locked PIN: SMS code + new PIN',
    description:
      'The private key is sealed under the old PIN, which the service does not know, so unlocking makes a new key pair and certificate (the old one is revoked, reason superseded).',
    auth: 'device',
    body: S.UnlockBody,
    reply: { status: 201, schema: S.CredentialReply, description: 'The new credential' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'CODE_WRONG', 'CODE_EXPIRED', 'PIN_WEAK', 'CERT_REVOKED', 'CONFLICT'],
    async handler({ ctx, device, body, address }) {
      return resetCredential(ctx, must(device), { ...body, address }, body.credentialID);
    },
  },
  {
    method: 'POST',
    path: '/v1/credentials/reissue',
    tag: 'Lifecycle',
    summary: 'Reissue (forgotten PIN, expired): SMS code + new PIN; the old certificate is revoked',
    auth: 'device',
    body: S.ReissueBody,
    reply: { status: 201, schema: S.CredentialReply, description: 'The new credential' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'CODE_WRONG', 'CODE_EXPIRED', 'PIN_WEAK'],
    async handler({ ctx, device, body, address }) {
      return resetCredential(ctx, must(device), { ...body, address }, null);
    },
  },
  {
    method: 'GET',
    path: '/v1/audit',
    tag: 'Audit',
    summary: "The holder's own audit log, newest first",
    auth: 'device',
    query: S.AuditQuery,
    reply: { status: 200, schema: S.AuditReply, description: 'Audit entries' },
    errors: ['INVALID_REQUEST', 'UNAUTHORIZED'],
    async handler({ ctx, device, query }) {
      return { entries: await readAudit(ctx, must(device), query) };
    },
  },
];
