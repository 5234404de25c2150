import path from 'node:path';
import { DojangError, isDojangError } from '../../common/errors.js';

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

export const MSG = {
  damaged: '손상된 인증서 파일 (damaged certificate file)',
  noCertFile: '인증서 파일(signCert.der)이 없습니다 (signCert.der is missing)',
  unreadable: '인증서 파일을 읽을 권한이 없습니다 (no permission to read the certificate file)',
  driveRemoved: '드라이브가 분리되었습니다. 다시 연결한 뒤 새로 고치세요 (the drive was removed; reconnect it and refresh)',
  folderDenied: '폴더를 열 권한이 없습니다 (no permission to open this folder)',
  symlink: '바로 가기(심볼릭 링크)는 따라가지 않습니다 (symbolic links are not followed)',
  outside: '인증서 저장 위치 밖을 가리킵니다 (points outside the certificate store)',
  oddName: '사용할 수 없는 이름입니다 (unusable file name)',
} as const;

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
