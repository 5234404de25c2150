import { z } from 'zod';
import { fileHandle } from './files.schemas.js';

/** Shared field schemas. Every string is bounded. No field takes a path: files come as handles (files.schemas.ts). */
export const empty = z.object({}).strict();
export const id = z.string().min(1).max(200);
/** A certificate password as typed: bounded, never logged (main/core/log.ts redacts the field). */
export const password = z.string().min(1).max(256);
/** Where copies, moves and imports go: a store the catalog listed (this computer, an added folder, a drive) or a chosen folder. */
export const targetStore = z.union([z.object({ store: z.string().min(1).max(200) }).strict(), z.object({ folder: fileHandle }).strict()]);
export const operationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
