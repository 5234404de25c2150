import { z } from 'zod';

/**
 * One request schema per bridge method. main/ validates every call against these before any
 * work; the renderer's request types are inferred from them. Strict objects: unknown fields
 * are refused, and strings are bounded.
 */
const path = z.string().min(1).max(4096);
const empty = z.object({}).strict();

export const requestSchemas = {
  getAppInfo: empty,
  listCertificates: empty,
  getSettings: empty,
  updateSettings: z
    .object({
      language: z.enum(['ko', 'en']).optional(),
      cloudUrl: z.url({ protocol: /^https?$/ }).max(2048).nullable().optional(),
      notifications: z.boolean().optional(),
    })
    .strict(),
  addFolder: z.object({ path }).strict(),
  removeFolder: z.object({ path }).strict(),
  openExternal: z.object({ url: z.string().min(1).max(2048) }).strict(),
} as const;

export type RequestSchemas = typeof requestSchemas;
