import { z } from 'zod';
import { absolutePath, empty, plainText } from './common.schemas.js';

export const appSchemas = {
  getAppInfo: empty,
  getSettings: empty,
  updateSettings: z
    .object({
      language: z.enum(['ko', 'en']).optional(),
      cloudUrl: z.url({ protocol: /^https?$/ }).max(2048).nullable().optional(),
      notifications: z.boolean().optional(),
    })
    .strict(),
  addFolder: z.object({ path: absolutePath }).strict(),
  removeFolder: z.object({ path: absolutePath }).strict(),
  openExternal: z.object({ url: plainText(2048, 1) }).strict(),
  /** A native file dialog on Electron; the browser host answers {path: null} and the UI asks for a typed path. */
  pickPath: z
    .object({
      mode: z.enum(['openFile', 'saveFile', 'folder']),
      extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(8).optional(),
      defaultName: plainText(255).optional(),
    })
    .strict(),
} as const;
