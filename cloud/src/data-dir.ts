/**
 * The data folder: created 0700; with the embedded database a lock file keeps a second process
 * from opening the same PGlite folder (which would corrupt it). A lock left by a killed process
 * (its pid gone) is taken over.
 */
import { mkdirSync } from 'node:fs';
import { lockFolder } from '../../common/folder-lock.js';

export const LOCK_FILE = 'cloud.lock';

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/** Takes the folder lock; answers its release function. */
export function lockDataDir(dataDir: string): () => void {
  return lockFolder(dataDir, LOCK_FILE, (pid) => new Error(`Another Dojang cloud process (pid ${pid}) is using ${dataDir}. Stop it, or use another data folder or DATABASE_URL.`));
}
