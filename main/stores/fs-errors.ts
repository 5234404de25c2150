import path from 'node:path';
import { DojangError, isDojangError } from '../../common/errors.js';
import type { Message } from '../../preload/messages/format.js';

/** The errno code of a Node fs error, or undefined. */
export function errnoOf(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return undefined;
}

/** Errors that mean "the medium is gone" when the store root is gone too. */
const GONE_CODES = new Set(['ENOENT', 'EIO', 'ENODEV', 'ENXIO', 'ESTALE', 'ENOTDIR']);
export function mayMeanDriveGone(e: unknown): boolean {
  const code = errnoOf(e);
  return code !== undefined && GONE_CODES.has(code);
}

/** Why the scan shows a folder as not usable, or skipped a path: catalog keys, said in the user's language by the renderer and the CLI. */
export const REASON = {
  damaged: { key: 'scan.damaged' },
  noCertFile: { key: 'scan.noCertFile' },
  unreadable: { key: 'scan.unreadable' },
  driveRemoved: { key: 'scan.driveRemoved' },
  folderDenied: { key: 'scan.folderDenied' },
  symlink: { key: 'scan.symlink' },
  outside: { key: 'scan.outside' },
  oddName: { key: 'scan.oddName' },
} as const satisfies Record<string, Message>;

/**
 * Turns a filesystem error from a write into the DojangError the user sees.
 * `where` names the place in the message, e.g. the target folder.
 */
export function toWriteError(e: unknown, where: string): DojangError {
  if (isDojangError(e)) return e;
  switch (errnoOf(e)) {
    case 'EACCES':
    case 'EPERM':
      return new DojangError('PERMISSION_DENIED', 'fs.noWritePermission', { path: where });
    case 'EROFS':
      return new DojangError('READ_ONLY', 'fs.readOnly', { path: where });
    case 'ENOSPC':
    case 'EDQUOT':
      return new DojangError('DISK_FULL', 'fs.full', { path: where });
    default:
      return new DojangError('INTERNAL', 'fs.writeFailed', { path: where }, { errno: errnoOf(e) });
  }
}

export function driveRemovedError(where: string): DojangError {
  return new DojangError('DRIVE_REMOVED', 'fs.driveRemoved', { path: where });
}

/** The folder that should hold a target NPKI folder is missing: a pulled drive, or a mistyped path. */
export function targetMissingError(root: string): DojangError {
  const parent = path.dirname(root);
  return new DojangError('DRIVE_REMOVED', 'fs.targetMissing', { path: parent });
}

export function cancelledError(): DojangError {
  return new DojangError('CANCELLED', 'operation.cancelled');
}
