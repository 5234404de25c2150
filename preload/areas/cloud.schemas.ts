import { z } from 'zod';
import { empty, hasNoControl, id, NO_CONTROL, plainText } from './common.schemas.js';
import { fileHandle } from './files.schemas.js';

const pin = z.string().regex(/^\d{6}$/, '6 digits');
const requestId = plainText(200, 1);

export const cloudSchemas = {
  cloudStatus: empty,
  cloudConnectStart: z
    .object({
      name: z.string().trim().min(1).max(100).refine(hasNoControl, NO_CONTROL),
      mobile: z.string().regex(/^01[016789]-?\d{3,4}-?\d{4}$/, 'a Korean mobile number'),
      birthDate: z.string().regex(/^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'YYYYMMDD'),
    })
    .strict(),
  cloudConnectVerify: z.object({ requestId, code: z.string().regex(/^\d{6}$/), remember: z.boolean(), replaceDeviceId: z.string().min(1).max(200).optional() }).strict(),
  cloudDisconnect: empty,
  cloudCertificates: empty,
  cloudIssue: z.object({ refNum: plainText(64, 1), authCode: plainText(64, 1), pin }).strict(),
  cloudSign: z
    .object({
      credentialId: id,
      pin,
      content: z.union([z.object({ text: z.string().max(1_000_000) }).strict(), z.object({ file: fileHandle }).strict()]),
      encoding: z.enum(['utf-8', 'euc-kr']).default('utf-8'),
      detached: z.boolean().default(false),
      outFile: fileHandle.optional(),
    })
    .strict(),
  cloudRenew: z.object({ credentialId: id, pin }).strict(),
  cloudDevices: empty,
  cloudRevokeDevice: z.object({ deviceId: id }).strict(),
  cloudUnlockStart: z.object({ credentialId: id }).strict(),
  cloudUnlockFinish: z.object({ credentialId: id, requestId, code: z.string().regex(/^\d{6}$/), newPin: pin }).strict(),
} as const;
