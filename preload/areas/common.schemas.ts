import { z } from 'zod';

/** Shared field schemas. Every string is bounded; paths are absolute. */
export const empty = z.object({}).strict();
export const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');
export const id = z.string().min(1).max(200);
/** A certificate password as typed: bounded, never logged (main/core/log.ts redacts the field). */
export const password = z.string().min(1).max(256);
export const operationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
