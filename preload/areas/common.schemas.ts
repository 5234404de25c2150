import { z } from 'zod';
import { fileHandle } from './files.schemas.js';

/** Shared field schemas. Every string is bounded; names carry no control characters. No field takes a path: files come as handles (files.schemas.ts). */
export const empty = z.object({}).strict();

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
export const NO_CONTROL = 'must not contain control characters (NUL, escapes, line breaks)';
export const hasNoControl = (s: string): boolean => !CONTROL.test(s);

/**
 * A name, id or path segment as typed: bounded, and no control characters (issue 12: a NUL in a
 * name reached the file system or the database and came back as INTERNAL). Bad text is refused
 * here, as INVALID_REQUEST naming the field, before any handler sees it.
 */
export function plainText(max: number, min = 0) {
  return z.string().min(min).max(max).refine(hasNoControl, NO_CONTROL);
}

/** Free text of several lines (tabs and line breaks allowed, other control characters not). */
export function textLines(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !CONTROL_BUT_LINES.test(s), 'must not contain control characters (NUL, escapes)');
}

export const id = plainText(200, 1);
/** A certificate password as typed: bounded, never logged (main/core/log.ts redacts the field). */
export const password = z.string().min(1).max(256);
/** Where copies, moves and imports go: a store the catalog listed (this computer, an added folder, a drive) or a chosen folder. */
export const targetStore = z.union([z.object({ store: z.string().min(1).max(200) }).strict(), z.object({ folder: fileHandle }).strict()]);
export const operationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
