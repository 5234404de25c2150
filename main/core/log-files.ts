/**
 * The app's log: JSON lines (pino) in <data folder>/logs, rotated by size (rotating-file-stream,
 * in this process: no transport worker thread to bundle or unpack from the asar). Secrets are
 * censored by field path wherever they sit in the fields (LOG_REDACT_PATHS); callers still pass
 * none. A folder that cannot be written (read-only, full, gone) never stops the app: the log goes to
 * stderr and `problem` says why the files are off, for Settings to show.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { Logger } from './log.js';

/** Field names that hold secrets, censored at the top level and up to two levels down. */
const SECRET_NAMES = [
  'password',
  'oldPassword',
  'newPassword',
  'passphrase',
  'pin',
  'PIN',
  'oldPin',
  'newPin',
  'newPIN',
  'idn',
  'rrn',
  'token',
  'accessToken',
  'refreshToken',
  'deviceToken',
  'authorization',
  'cookie',
  'authCode',
  'smsCode',
  'otp',
  'secret',
  'privateKey',
  'key',
  'raKey',
  'signature',
];
export const LOG_REDACT_PATHS = SECRET_NAMES.flatMap((n) => [n, `*.${n}`, `*.*.${n}`]);

export const LOG_FILE = 'dojang.log';

export interface AppLog {
  log: Logger;
  /** The folder the files are in; null when logging to files is off. */
  folder: string | null;
  /** Why the files are off (for Settings), else null. */
  problem: string | null;
  close(): Promise<void>;
}

export interface AppLogOptions {
  /** Rotate at this size (rotating-file-stream notation); default 5M. */
  size?: string;
  /** Rotated files kept; default 5. */
  maxFiles?: number;
  /** Also write to stderr (a terminal run); default false. */
  stderr?: boolean;
}

function folderProblem(folder: string): string | null {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    accessSync(folder, constants.W_OK);
    return null;
  } catch (e) {
    return `${(e as NodeJS.ErrnoException).code ?? 'ERROR'}: ${folder}`;
  }
}

export function openAppLog(dataDir: string, scope: string, opts: AppLogOptions = {}): AppLog {
  const folder = path.join(dataDir, 'logs');
  const base = { level: 'info', base: { scope }, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  const stderrLog = pino(base, pino.destination({ fd: 2, sync: true }));
  let current = stderrLog;
  const log: Logger = {
    info: (message, fields = {}) => current.info(fields, message),
    warn: (message, fields = {}) => current.warn(fields, message),
    error: (message, fields = {}) => current.error(fields, message),
  };
  const problem = folderProblem(folder);
  if (problem) {
    log.warn('log files are off', { problem });
    return { log, folder: null, problem, close: async () => {} };
  }
  const files: RotatingFileStream = createStream(LOG_FILE, { path: folder, size: opts.size ?? '5M', maxFiles: opts.maxFiles ?? 5, mode: 0o600 });
  const state: AppLog = { log, folder, problem: null, close: () => new Promise((r) => files.end(() => r())) };
  // A disk that fills or goes away later: keep running, on stderr, and say so.
  files.on('error', (e: NodeJS.ErrnoException) => {
    if (state.problem) return;
    state.problem = `${e.code ?? 'ERROR'}: ${folder}`;
    state.folder = null;
    current = stderrLog;
    log.warn('log files are off', { problem: state.problem });
  });
  const streams = [{ stream: files }, ...(opts.stderr ? [{ stream: pino.destination({ fd: 2, sync: true }) }] : [])];
  current = pino(base, pino.multistream(streams));
  return state;
}
