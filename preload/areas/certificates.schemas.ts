import { z } from 'zod';
import { absolutePath, empty, id, operationId, password, plainText } from './common.schemas.js';

const transfer = z
  .object({
    ids: z.array(id).min(1).max(5000),
    targetRoot: absolutePath,
    onConflict: z.enum(['keepBoth', 'replace']).optional(),
    reencrypt: z.object({ oldPassword: password, newPassword: password }).strict().optional(),
    operationId,
  })
  .strict();

export const certificateSchemas = {
  listCertificates: empty,
  getCertificateDetails: z.object({ id }).strict(),
  listDrives: empty,
  testPassword: z.object({ id, password }).strict(),
  checkPasswordRules: z.object({ password: z.string().max(256) }).strict(),
  changePassword: z.object({ id, oldPassword: password, newPassword: password }).strict(),
  exportPfx: z.object({ id, password, pfxPassword: password, outPath: absolutePath }).strict(),
  importPfx: z.object({ pfxPath: absolutePath, pfxPassword: password, newPassword: password.optional(), targetRoot: absolutePath }).strict(),
  copyCertificates: transfer,
  moveCertificates: transfer,
  cancelOperation: z.object({ operationId }).strict(),
  deleteCertificate: z.object({ id }).strict(),
  listRecovery: empty,
  restoreCertificate: z.object({ recoveryId: plainText(100, 1) }).strict(),
  signWithCertificate: z
    .object({
      id,
      password,
      content: z.union([z.object({ text: z.string().max(1_000_000) }).strict(), z.object({ path: absolutePath }).strict()]),
      encoding: z.enum(['utf-8', 'euc-kr']).default('utf-8'),
      detached: z.boolean().default(false),
      outPath: absolutePath.optional(),
    })
    .strict(),
  checkVid: z
    .object({ id, password, idn: z.string().regex(/^\d{6}-?\d{7}$|^\d{3}-?\d{2}-?\d{5}$/, '13-digit 주민등록번호 or 10-digit 사업자번호') })
    .strict(),
} as const;
