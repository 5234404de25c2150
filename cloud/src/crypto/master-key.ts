/**
 * The development master key: 32 bytes from DOJANG_CLOUD_MASTER_KEY (hex or base64), an
 * explicit option, or a 0600 key file the service creates in its data dir. The file form of the
 * key service (keys/file-keys.ts) derives everything from it. Production uses an HSM instead.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_FILE = 'master.key';

/** Parses 64 hex digits or base64 of 32 bytes. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const b = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (b.length !== 32) {
    throw new Error('DOJANG_CLOUD_MASTER_KEY must be 32 bytes, written as 64 hex digits or base64.');
  }
  return b;
}

/**
 * Reads <dataDir>/master.key, creating it (0600, atomically) on first start. A key file other
 * users can read is refused: on a shared machine it would undo the envelope encryption.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, MASTER_KEY_FILE);
  try {
    const st = statSync(file);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new Error(`${file} can be read by other users; run chmod 600 on it, then start again.`);
    }
    return parseMasterKey(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = randomBytes(32);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('hex') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return key;
}
