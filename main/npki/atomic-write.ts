/**
 * Atomic file replacement: write a uniquely named temp sibling, fsync it, rename it over the
 * target, fsync the folder. A reader sees the old file or the new one, never a half-written one;
 * on any failure the temp file is removed and the original is untouched. File-system errors come
 * out as DojangError with a code the UI can act on (disk full, read-only, drive removed, ...).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';

export const TEMP_FILE_PREFIX = '.dojang-tmp-';

/** On Windows, antivirus and indexers briefly hold new files open; rename then fails with EPERM/EBUSY. */
const WINDOWS_RENAME_RETRIES = [20, 50, 100, 200, 400];

function errno(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

/** Maps a node:fs error to a DojangError for the user; `action` says what was being done. */
export function fileSystemError(e: unknown, action: 'read' | 'write'): DojangError {
  if (e instanceof DojangError) return e;
  const code = errno(e);
  const detail = { errno: code, action };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new DojangError('DISK_FULL', 'file.full', {}, detail);
    case 'EROFS':
      return new DojangError('READ_ONLY', 'file.readOnly', {}, detail);
    case 'EACCES':
    case 'EPERM':
      return action === 'read'
        ? new DojangError('PERMISSION_DENIED', 'file.noReadPermission', {}, detail)
        : new DojangError('PERMISSION_DENIED', 'file.noWritePermission', {}, detail);
    case 'ENOENT':
    case 'ENOTDIR':
      return new DojangError('NOT_FOUND', 'file.notFound', {}, detail);
    case 'EIO':
    case 'ENODEV':
    case 'ENXIO':
    case 'ENOMEDIUM':
      return new DojangError('DRIVE_REMOVED', 'file.driveRemoved', {}, detail);
    default:
      return action === 'read' ? new DojangError('INTERNAL', 'file.readFailed', {}, detail) : new DojangError('INTERNAL', 'file.writeFailed', {}, detail);
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const delay = WINDOWS_RENAME_RETRIES[attempt];
      if (process.platform !== 'win32' || delay === undefined || !['EPERM', 'EACCES', 'EBUSY'].includes(errno(e))) throw e;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Replaces (or creates) `target` with `data` atomically. Throws DojangError (see {@link fileSystemError}). */
export async function writeFileAtomic(target: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `${TEMP_FILE_PREFIX}${process.pid}-${randomBytes(8).toString('hex')}`);
  try {
    // 'wx': never reuse or follow an existing file at the temp name.
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw fileSystemError(e, 'write');
  }
  await fsyncDir(dir);
}
