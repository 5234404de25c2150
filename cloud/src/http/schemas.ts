/**
 * Request and response schemas of the /v1 API: the same zod objects validate requests and
 * produce the OpenAPI document (z.toJSONSchema). Objects are strict: unknown fields are refused.
 */
import { z } from 'zod';
import { CLOUD_ERROR_CODES } from '../errors.js';
import { RULES } from '../rules.js';

const validYmd = (s: string): boolean => {
  const d = new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))));
  return d.getUTCFullYear() === Number(s.slice(0, 4)) && d.getUTCMonth() + 1 === Number(s.slice(4, 6)) && d.getUTCDate() === Number(s.slice(6, 8));
};

/**
 * NUL, other control characters (C0, DEL, C1, line/paragraph separators), non-characters and
 * unpaired surrogates. Free text with them is refused (400, the field named) before it reaches
 * the database, a log line or a certificate.
 */
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string without control or malformed characters: the one refinement every free-text field uses. */
export const plainText = (): z.ZodString => z.string().refine((s) => !BAD_TEXT.test(s), 'control characters (NUL, newline …) or malformed text are not allowed');

export const Name = plainText().trim().min(1).max(50).meta({ description: 'Real name as on the ID card', example: '홍길동' });
export const Mobile = z
  .string()
  .regex(/^01[016789]-?\d{3,4}-?\d{4}$/, 'a Korean mobile number such as 010-1234-5678')
  .transform((s) => s.replace(/-/g, ''))
  .meta({ description: 'Mobile number (hyphens optional)', example: '010-1234-5678' });
export const BirthDate = z
  .string()
  .regex(/^\d{8}$/, 'YYYYMMDD')
  .refine(validYmd, 'not a calendar date')
  .meta({ description: 'Birth date, YYYYMMDD', example: '19800101' });
export const Idn = z
  .string()
  .regex(/^\d{6}-?\d{7}$/, '13 digits (주민등록번호)')
  .transform((s) => s.replace('-', ''))
  .meta({ description: 'Resident registration number (13 digits); stored encrypted, never returned', example: '8001011234567' });
export const Pin = z
  .string()
  .regex(/^\d{6}$/, '6 digits')
  .meta({ description: '6-digit PIN', example: '802413' });
export const Uuid = z.uuid();
export const CredentialId = Uuid.meta({ description: 'Credential id', example: '0b7f6d3e-3f0e-4a59-9d43-3f3b7bbd6c1a' });
export const Hash = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes')
  .meta({ description: 'SHA-256 hash, base64', example: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' });
export const DeviceName = plainText().trim().min(1).max(64).meta({ description: 'A name the person recognises', example: "Jiwoo's laptop" });
export const Code = z
  .string()
  .regex(/^\d{6}$/, '6 digits')
  .meta({ description: 'The 6-digit SMS code', example: '482913' });
const Iso = z.string().meta({ description: 'ISO 8601 time (UTC)', example: '2026-03-01T09:00:00.000Z' });
const B64 = z.string().meta({ description: 'base64 (DER)' });

export const ErrorBody = z
  .object({
    code: z.enum(CLOUD_ERROR_CODES as [string, ...string[]]),
    message: z.string(),
    triesLeft: z.number().int().optional(),
    retryAfter: z.number().int().optional(),
  })
  .meta({ description: 'Every error answers this shape' });

export const Renewal = z.object({
  due: z.boolean().meta({ description: 'True within 30 days before expiry: offer renewal (POST /v1/credentials/renew)' }),
  availableFrom: Iso,
});

// ---------------------------------------------------------------- RA

export const RaRegisterBody = z.strictObject({ name: Name, mobile: Mobile, birthDate: BirthDate, idn: Idn });
export const RaRegisterReply = z.object({
  refNum: z.string().meta({ description: '참조번호: give it to the person', example: '4820193746' }),
  authCode: z.string().meta({ description: '인가코드: give it to the person separately', example: '839201746512' }),
  expiresAt: Iso,
});

// ---------------------------------------------------------------- issue

const NewDevice = z.object({
  deviceID: Uuid,
  token: z.string().meta({ description: 'Auto-connect token: shown once; send as "Authorization: Bearer <token>"', example: 'dt_3q2-7wEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEx' }),
});

export const IssueBody = z.strictObject({
  refNum: z.string().regex(/^\d{10}$/, '10 digits'),
  authCode: z.string().regex(/^\d{12}$/, '12 digits'),
  PIN: Pin,
  device: z.strictObject({ name: DeviceName }).optional().meta({ description: 'Also connect this device (returns a token)' }),
});
const CredentialSummary = z.object({
  credentialID: Uuid,
  serialNumber: z.string().meta({ description: 'Certificate serial, hex' }),
  certificate: B64,
  validFrom: Iso,
  validTo: Iso,
});
export const IssueReply = CredentialSummary.extend({ device: NewDevice.optional() });

// ---------------------------------------------------------------- connect

export const ConnectRequestBody = z.strictObject({ name: Name, mobile: Mobile, birthDate: BirthDate });
export const ChallengeReply = z.object({
  challengeID: Uuid,
  expiresIn: z.number().int().meta({ description: 'Seconds the code stays valid', example: 180 }),
});
export const ConnectVerifyBody = z.strictObject({
  challengeID: Uuid,
  code: Code,
  deviceName: DeviceName,
  replaceDeviceID: Uuid.optional().meta({ description: 'Disconnect this device to make room when 5 are connected' }),
  autoConnect: z
    .boolean()
    .optional()
    .meta({ description: 'false: a one-time connection (SMS each time) that registers no device, counts toward no limit and ends after an hour. Default true (자동연결).' }),
});
export const ConnectVerifyReply = NewDevice.extend({
  expiresIn: z.number().int().optional().meta({ description: 'Seconds a one-time connection lasts (absent for 자동연결)' }),
});

export const DevicesReply = z.object({
  devices: z.array(z.object({ deviceID: Uuid, name: z.string(), connectedAt: Iso, lastUsedAt: Iso, current: z.boolean() })),
});
export const DeviceParams = z.strictObject({ deviceID: Uuid });
export const EmptyBody = z.strictObject({});
export const OkReply = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------- credentials (CSC-shaped)

export const ListReply = z.object({ credentialIDs: z.array(Uuid) });
export const InfoBody = z.strictObject({
  credentialID: CredentialId,
  certificates: z.enum(['single', 'chain']).optional().meta({ description: 'chain: also the issuing and root CA' }),
});
export const InfoReply = z.object({
  credentialID: Uuid,
  description: z.string(),
  key: z.object({ status: z.enum(['enabled', 'disabled']), algo: z.array(z.string()), len: z.number().int() }),
  cert: z.object({
    status: z.enum(['valid', 'expired', 'revoked']),
    certificates: z.array(B64),
    serialNumber: z.string(),
    subjectDN: z.string(),
    issuerDN: z.string(),
    validFrom: Iso,
    validTo: Iso,
    policyOID: z.string(),
  }),
  authMode: z.literal('explicit'),
  PIN: z.object({
    presence: z.literal('true'),
    format: z.literal('N'),
    length: z.literal(6),
    status: z.enum(['ok', 'locked']),
    triesLeft: z.number().int(),
  }),
  multisign: z.number().int(),
  renewal: Renewal,
});

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const HashAlgo = z.literal(SHA256_OID).optional().meta({ description: 'Only SHA-256 (2.16.840.1.101.3.4.2.1)' });

export const AuthorizeBody = z.strictObject({
  credentialID: CredentialId,
  numSignatures: z.number().int().min(1).max(RULES.maxHashesPerSad).optional().meta({ description: 'Defaults to the number of hashes; must equal it' }),
  hash: z.array(Hash).min(1).max(RULES.maxHashesPerSad),
  hashAlgo: HashAlgo,
  PIN: Pin,
});
export const AuthorizeReply = z.object({
  SAD: z.string().meta({ description: 'Signature Activation Data: single use, bound to the credential and these hashes' }),
  expiresIn: z.number().int().meta({ example: 300 }),
});

export const SignHashBody = z.strictObject({
  credentialID: CredentialId,
  SAD: plainText().min(1).max(100),
  hash: z.array(Hash).min(1).max(RULES.maxHashesPerSad),
  hashAlgo: HashAlgo,
  signAlgo: z.enum(['1.2.840.113549.1.1.11', '1.2.840.113549.1.1.1']).optional().meta({ description: 'RSASSA-PKCS1-v1_5 (sha256WithRSAEncryption or rsaEncryption)' }),
  includeR: z.boolean().optional().meta({ description: 'Also return the R value (randomNum) for identity checks (VID)' }),
});
export const SignHashReply = z.object({
  signatures: z.array(B64).meta({ description: 'Raw RSASSA-PKCS1-v1_5 signatures, in the order of the hashes' }),
  rValue: z.string().optional().meta({ description: 'randomNum (R value), base64, when includeR' }),
  renewal: Renewal,
});

export const MAX_CMS_CONTENT = 1024 * 1024;

export const SignCmsBody = z.strictObject({
  credentialID: CredentialId,
  SAD: plainText().min(1).max(100),
  content: z
    .base64()
    .max(Math.ceil(MAX_CMS_CONTENT / 3) * 4)
    .optional()
    .meta({ description: 'Content to sign, base64 (at most 1 MiB). Authorize its SHA-256.' }),
  hash: Hash.optional().meta({ description: 'Or: SHA-256 of content the client keeps (the SignedData is detached)' }),
  detached: z.boolean().optional().meta({ description: 'Leave content out of the SignedData (content form only)' }),
  includeR: z.boolean().optional().meta({ description: 'Return the R value (randomNum) for identity checks (VID)' }),
});
export const SignCmsReply = z.object({
  cms: B64.meta({ description: 'ContentInfo SignedData, base64 DER' }),
  signingTime: Iso.meta({ description: 'Signing time set by the cloud' }),
  certificate: B64,
  rValue: z.string().optional().meta({ description: 'randomNum (R value), base64' }),
  renewal: Renewal,
});

// ---------------------------------------------------------------- lifecycle

export const RenewBody = z.strictObject({ credentialID: CredentialId, PIN: Pin });
export const CredentialReply = CredentialSummary;
export const ResetVerify = {
  challengeID: Uuid,
  code: Code,
  newPIN: Pin,
};
export const UnlockBody = z.strictObject({ credentialID: CredentialId, ...ResetVerify });
export const ReissueBody = z.strictObject(ResetVerify);

// ---------------------------------------------------------------- audit, CA

export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional().meta({ description: 'Entries with a smaller id (next page)' }),
});
export const AuditReply = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: Iso,
      event: z.string(),
      outcome: z.string().meta({ description: '"ok" or an error code' }),
      deviceID: Uuid.nullable(),
      credentialID: Uuid.nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const CaReply = z.object({
  root: B64,
  issuing: B64,
  rootPem: z.string(),
  policyOID: z.string(),
  crl: z.string(),
  ocsp: z.string(),
});
