import { z } from 'zod';
import { empty, id, operationId, password, plainText, targetStore } from './common.schemas.js';
import { fileHandle } from './files.schemas.js';

const transfer = z
  .object({
    ids: z.array(id).min(1).max(5000),
    target: targetStore,
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
  tryCopies: z.object({ ids: z.array(id).min(1).max(20), password }).strict(),
  checkPasswordRules: z.object({ password: z.string().max(256) }).strict(),
  changePassword: z.object({ id, oldPassword: password, newPassword: password }).strict(),
  exportPfx: z
    .object({
      id,
      password,
      pfxPassword: password,
      outFile: fileHandle,
      /** modern: PBES2/AES-256 + HMAC-SHA256; legacy: 3DES + SHA-1 MAC for old readers (docs/pkcs12.md). */
      format: z.enum(['modern', 'legacy']).default('modern'),
      /** Also carry the CA certificates the trust list knows. */
      includeChain: z.boolean().default(false),
    })
    .strict(),
  importPfx: z.object({ pfxFile: fileHandle, pfxPassword: password, newPassword: password.optional(), target: targetStore }).strict(),
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
      content: z.union([z.object({ text: z.string().max(1_000_000) }).strict(), z.object({ file: fileHandle }).strict()]),
      encoding: z.enum(['utf-8', 'euc-kr']).default('utf-8'),
      detached: z.boolean().default(false),
      /** Carry the issuing CA's certificate in the CMS (when known). */
      includeChain: z.boolean().default(true),
      outFile: fileHandle.optional(),
    })
    .strict(),
  checkSigner: z.object({ id }).strict(),
  checkVid: z.object({ id, password, idn: z.string().regex(/^\d{6}-?\d{7}$|^\d{3}-?\d{2}-?\d{5}$/, '13-digit 주민등록번호 or 10-digit 사업자번호') }).strict(),
} as const;
