import { z } from 'zod';
import { empty, plainText } from './common.schemas.js';
import { fileHandle } from './files.schemas.js';
import { THEMES } from '../types.js';

export const appSchemas = {
  getAppInfo: empty,
  getSettings: empty,
  updateSettings: z
    .object({
      language: z.enum(['ko', 'en']).optional(),
      cloudUrl: z
        .url({ protocol: /^https?$/ })
        .max(2048)
        .nullable()
        .optional(),
      notifications: z.boolean().optional(),
      openAtLogin: z.boolean().optional(),
      theme: z.enum(THEMES).optional(),
      agentAllowLoopback: z.boolean().optional(),
    })
    .strict(),
  addFolder: z.object({ folder: fileHandle }).strict(),
  /** Only takes a folder out of the settings list: nothing is opened. */
  removeFolder: z.object({ path: plainText(4096, 1) }).strict(),
  openExternal: z.object({ url: plainText(2048, 1) }).strict(),
  openLogFolder: empty,
  takeOpenedFiles: empty,
} as const;
