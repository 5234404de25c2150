import fsCb, { constants, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Guards for reading a folder tree we do not trust (a USB stick, a folder someone copied):
 * never follow a link out of it, never read a huge file whole, never block on a FIFO.
 */

/** A name from readdir that is safe to join to its parent (readdir never returns these, but a hostile FS might). */
export function isSafeName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return false;
  if (name.includes('/') || name.includes('\0')) return false;
  if (process.platform === 'win32' && (name.includes('\\') || name.includes(':'))) return false;
  return true;
}

/** True when `real` is `realRoot` itself or below it (both already real paths). */
export function isInside(realRoot: string, real: string): boolean {
  if (real === realRoot) return true;
  // Real paths have no `..` or doubled separators: a plain prefix answers the common case (a scan asks per file).
  if (real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) return true;
  const rel = path.relative(realRoot, real);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

// O_NOFOLLOW: the last component must not be a link. O_NONBLOCK: a FIFO named signCert.der must not hang us.
// Neither exists on Windows, where lstat-based Dirent checks do the job.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export type CappedRead = { ok: true; data: Buffer } | { ok: false; why: 'notFile' | 'tooLarge' | 'outside' };

// Linux names every open file in /proc/self/fd: one readlink tells where the file we opened really is
// (whatever its path names by now), where realpath walks every component again (a scan's costliest call).
let procFd = process.platform === 'linux';

function procPath(fd: number): string {
  return `/proc/self/fd/${fd}`;
}

/** No /proc here (a container without it): from now on the real path of the file's name, as realpath gives it. */
function noProc(e: unknown): void {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  procFd = false;
}

/** Whether the open file `fd` (opened as `file`) lies inside the real path `realRoot`. */
function openedInsideSync(fd: number, file: string, realRoot: string): boolean {
  if (procFd) {
    try {
      return isInside(realRoot, fsCb.readlinkSync(procPath(fd)));
    } catch (e) {
      noProc(e);
    }
  }
  return isInside(realRoot, fsCb.realpathSync.native(file));
}

async function openedInside(fd: number, file: string, realRoot: string): Promise<boolean> {
  if (procFd) {
    try {
      return isInside(realRoot, await fs.readlink(procPath(fd)));
    } catch (e) {
      noProc(e);
    }
  }
  return isInside(realRoot, await fs.realpath(file));
}

/**
 * Reads a regular file of at most `maxBytes` without following a final symlink. A larger file is
 * refused after fstat, before reading, so a 50 MB "certificate" costs one syscall, not 50 MB.
 * With `within` (a real path), a file whose folders lead out of it (a folder swapped for a link) is
 * refused as 'outside', checked on the file as opened.
 * Callback fs, not FileHandle: for thousands of 2 KiB files it is about twice as fast.
 */
export function readFileCapped(file: string, maxBytes: number, within?: string): Promise<CappedRead> {
  return new Promise((resolve, reject) => {
    fsCb.open(file, READ_FLAGS, (openErr, fd) => {
      if (openErr) return reject(openErr);
      const done = (err: unknown, result?: CappedRead): void => fsCb.close(fd, () => (err ? reject(err) : resolve(result!)));
      const readOpened = (): void =>
        fsCb.fstat(fd, (statErr, st) => {
          if (statErr) return done(statErr);
          if (!st.isFile()) return done(null, { ok: false, why: 'notFile' });
          if (st.size > maxBytes) return done(null, { ok: false, why: 'tooLarge' });
          // One byte more than allowed, in case the file grew after fstat.
          const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
          let filled = 0;
          const readMore = (): void =>
            fsCb.read(fd, buf, filled, buf.length - filled, filled, (readErr, n) => {
              if (readErr) return done(readErr);
              filled += n;
              if (n > 0 && filled < buf.length) return readMore();
              if (filled > maxBytes) return done(null, { ok: false, why: 'tooLarge' });
              done(null, { ok: true, data: buf.subarray(0, filled) });
            });
          readMore();
        });
      if (within === undefined) readOpened();
      else openedInside(fd, file, within).then((inside) => (inside ? readOpened() : done(null, { ok: false, why: 'outside' })), done);
    });
  });
}

/** readFileCapped with blocking calls: for local disks, where a 2 KiB read costs less than a thread-pool round trip. */
export function readFileCappedSync(file: string, maxBytes: number, within?: string): CappedRead {
  const fd = fsCb.openSync(file, READ_FLAGS);
  try {
    if (within !== undefined && !openedInsideSync(fd, file, within)) return { ok: false, why: 'outside' };
    const st = fsCb.fstatSync(fd);
    if (!st.isFile()) return { ok: false, why: 'notFile' };
    if (st.size > maxBytes) return { ok: false, why: 'tooLarge' };
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const want = buf.length - filled;
      const n = fsCb.readSync(fd, buf, filled, want, filled);
      filled += n;
      // A read that came back short with exactly the size fstat gave is the end of the file: no
      // further read just to see 0 (one syscall in ten of a scan). A file that grew still shows it.
      if (n === 0 || filled === buf.length || (n < want && filled === st.size)) break;
    }
    return filled > maxBytes ? { ok: false, why: 'tooLarge' } : { ok: true, data: buf.subarray(0, filled) };
  } finally {
    fsCb.closeSync(fd);
  }
}

/** Dirents of a folder keyed by lower-cased name (NPKI file names vary in case across tools and OSes). */
export function byLowerName(dirents: Dirent[]): Map<string, Dirent> {
  const m = new Map<string, Dirent>();
  for (const d of dirents) if (isSafeName(d.name)) m.set(d.name.toLowerCase(), d);
  return m;
}

/** Whether anything (a link included) is at `p`; errors other than "not there" are thrown. */
export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
