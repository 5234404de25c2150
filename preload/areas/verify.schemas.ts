import { z } from 'zod';
import { empty, id, password, plainText, textLines } from './common.schemas.js';
import { fileHandle } from './files.schemas.js';

const base64 = z
  .string()
  .min(1)
  .max(8_000_000)
  .regex(/^[A-Za-z0-9+/=_\-\s]+$/);
const idn = z.string().regex(/^\d{6}-?\d{7}$|^\d{3}-?\d{2}-?\d{5}$/, '13-digit 주민등록번호 or 10-digit 사업자번호');
const challenge = z.object({ nonce: plainText(128, 16), text: textLines(10_000), issuedAt: plainText(40), expiresAt: plainText(40) }).strict();
const report = z.object({ verdict: z.enum(['valid', 'invalid', 'indeterminate']) }).passthrough();

export const verifySchemas = {
  verifySignature: z
    .object({
      input: z.union([z.object({ file: fileHandle }).strict(), z.object({ base64 }).strict()]),
      contentFile: fileHandle.optional(),
      rValue: base64.optional(),
      idn: idn.optional(),
    })
    .strict(),
  verifyCertificate: z.object({ input: z.union([z.object({ file: fileHandle }).strict(), z.object({ base64 }).strict(), z.object({ id }).strict()]) }).strict(),
  saveReport: z.object({ report, outFile: fileHandle }).strict(),
  listTrustAnchors: empty,
  inspectTrustAnchor: z.object({ file: fileHandle }).strict(),
  // The SHA-256 the user saw (inspectTrustAnchor) and confirmed: another file is refused.
  addTrustAnchor: z.object({ file: fileHandle, confirmFingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  removeTrustAnchor: z.object({ fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  importCrl: z.object({ file: fileHandle }).strict(),
  newChallenge: z.object({ text: textLines(10_000).optional() }).strict(),
  answerChallenge: z
    .object({
      challenge,
      with: z.union([z.object({ id, password }).strict(), z.object({ credentialId: id, pin: z.string().regex(/^\d{6}$/) }).strict()]),
    })
    .strict(),
  checkChallenge: z.object({ challenge, cmsBase64: base64, idn: idn.optional() }).strict(),
  cloudRootOffer: empty,
  // The SHA-256 the user was shown (cloudRootOffer) and confirmed: another root is refused.
  pinCloudRoot: z.object({ fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
} as const;
