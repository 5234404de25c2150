/**
 * A lock file that keeps a second process out of a folder only one may use at a time (an embedded
 * PGlite database: two openers would corrupt it). It holds the owner's pid; a lock left by a dead
 * process is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock; answers its release. `busy` makes the error for a folder another live process holds. */
export function lockFolder(dir: string, fileName: string, busy: (pid: number) => Error): () => void {
  const file = path.join(dir, fileName);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw busy(pid);
      unlinkSync(file);
    }
  }
  throw busy(0);
}
