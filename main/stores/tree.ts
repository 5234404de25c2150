import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { cancelledError, errnoOf } from './fs-errors.js';
import { isSafeName, readFileCapped } from './safe-fs.js';

/**
 * A folder read into memory (certificate folders are a few KiB) and written back with every byte
 * checked: the building block of copy, move and the cross-drive recovery move.
 */

/** A certificate folder holds four small files; a folder this large is not one. */
export const MAX_TREE_BYTES = 16 * 1024 * 1024;
export const MAX_TREE_FILE_BYTES = 4 * 1024 * 1024;

export interface TreeFile {
  /** `/`-separated path relative to the tree root. */
  rel: string;
  data: Buffer;
}

export interface Tree {
  dirs: string[];
  files: TreeFile[];
  /** Links found and left out: never followed, never recreated. */
  skippedLinks: string[];
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads a folder tree without following links. */
export async function readTree(root: string): Promise<Tree> {
  const tree: Tree = { dirs: [], files: [], skippedLinks: [] };
  let total = 0;
  async function walk(relDir: string): Promise<void> {
    const abs = path.join(root, ...relDir.split('/').filter(Boolean));
    for (const d of await fs.readdir(abs, { withFileTypes: true })) {
      if (!isSafeName(d.name)) continue;
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      if (d.isSymbolicLink()) tree.skippedLinks.push(rel);
      else if (d.isDirectory()) {
        tree.dirs.push(rel);
        await walk(rel);
      } else if (d.isFile()) {
        const file = path.join(abs, d.name);
        const read = await readFileCapped(file, MAX_TREE_FILE_BYTES);
        total += read.ok ? read.data.length : MAX_TREE_BYTES;
        if (!read.ok || total > MAX_TREE_BYTES) {
          throw new DojangError('FILE_DAMAGED', 'copy.oversizedFile', {}, { file: rel });
        }
        tree.files.push({ rel, data: read.data });
      }
    }
  }
  await walk('');
  return tree;
}

/** fsync a folder so a rename into it or a file created in it survives power loss (no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `tree` into `dest`, which must not exist (created exclusively: a racing writer gets EEXIST).
 * Each file is created exclusively, fsynced, then read back and compared by SHA-256; folders are fsynced last.
 * On any failure the caller removes `dest`. `pauseAfterFileMs` is a test hook (HostServices.testHooks): it
 * widens the window in which a test cancels or kills a copy.
 */
export async function writeTreeVerified(dest: string, tree: Tree, signal?: AbortSignal, pauseAfterFileMs = 0): Promise<void> {
  await fs.mkdir(dest, { mode: 0o700 });
  for (const rel of tree.dirs) await fs.mkdir(path.join(dest, ...rel.split('/')), { mode: 0o700 });
  // The files of one folder are written in parallel: their fsyncs overlap instead of queueing.
  await Promise.all(
    tree.files.map(async (f) => {
      if (signal?.aborted) throw cancelledError();
      const target = path.join(dest, ...f.rel.split('/'));
      // Owner-only, whatever the source had: the folder holds a private key. Read back through the same handle.
      const fh = await fs.open(target, 'wx+', 0o600);
      let back: Buffer;
      try {
        await fh.writeFile(f.data);
        await fh.sync();
        back = Buffer.alloc(f.data.length + 1);
        let filled = 0;
        for (;;) {
          const { bytesRead } = await fh.read(back, filled, back.length - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
          if (filled === back.length) break;
        }
        back = back.subarray(0, filled);
      } finally {
        await fh.close();
      }
      if (sha256(back) !== sha256(f.data)) {
        throw new DojangError('FILE_DAMAGED', 'copy.verifyMismatch', {}, { file: f.rel });
      }
      if (pauseAfterFileMs > 0) await new Promise((r) => setTimeout(r, pauseAfterFileMs));
    }),
  );
  if (signal?.aborted) throw cancelledError();
  for (const rel of [...tree.dirs].reverse()) await fsyncDir(path.join(dest, ...rel.split('/')));
  await fsyncDir(dest);
}

/** mkdir of one level; an existing folder is fine. (Recursive mkdir reports EROFS as ENOENT, hiding the cause.) */
export async function mkdirOne(p: string): Promise<void> {
  try {
    await fs.mkdir(p);
  } catch (e) {
    if (errnoOf(e) !== 'EEXIST') throw e;
  }
}

/** Removes a folder we created; failures are ignored (cleanupTemp gets it at the next start). */
export async function removeQuietly(p: string): Promise<void> {
  await fs.rm(p, { recursive: true, force: true }).catch(() => undefined);
}
