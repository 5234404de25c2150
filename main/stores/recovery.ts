import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { errnoOf, toWriteError } from './fs-errors.js';
import { TEMP_PREFIX } from './scan.js';
import { fsyncDir, mkdirOne, readTree, removeQuietly, sha256, writeTreeVerified, type Tree } from './tree.js';
import { exists } from './safe-fs.js';

/**
 * Deleting a certificate never destroys it: the folder moves to `<dataDir>/recovery/<id>/item` with a
 * manifest of where it came from, and can be restored. (The Electron host may pass shell.trashItem instead.)
 */
export interface Trash {
  trash(path: string): Promise<{ restorable: boolean; id?: string }>;
}

export interface RecoveryItem {
  id: string;
  originalPath: string;
  deletedAt: string;
  name: string;
}

const MANIFEST = 'manifest.json';
const ITEM = 'item';
const PARTIAL = '.partial';
const ID_RE = /^\d{8}T\d{6}\d{3}Z-[0-9a-f]{8}$/;

function newId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

async function writeFileSynced(file: string, data: string): Promise<void> {
  const fh = await fs.open(file, 'wx', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** True when both folders (or files) hold the same files with the same bytes. */
async function sameContent(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([fs.lstat(a), fs.lstat(b)]);
    if (sa.isFile() && sb.isFile()) return (await fs.readFile(a)).equals(await fs.readFile(b));
    if (!sa.isDirectory() || !sb.isDirectory()) return false;
    const [ta, tb] = await Promise.all([readTree(a), readTree(b)]);
    const digest = (t: Tree): string =>
      t.files
        .map((f) => `${f.rel}:${sha256(f.data)}`)
        .sort()
        .join('\n') +
      '|' +
      [...t.dirs].sort().join('\n');
    return digest(ta) === digest(tb);
  } catch {
    return false;
  }
}

/**
 * Moves a folder (or file) from `src` to `dest` (which must not exist): a rename on the same drive;
 * across drives a verified copy into `tmp` (a name beside `dest`), renamed into place, and only then
 * the source removed. A crash at any point leaves the source whole.
 */
export async function moveVerified(src: string, dest: string, tmp: string): Promise<void> {
  try {
    await fs.rename(src, dest);
    return;
  } catch (e) {
    if (errnoOf(e) !== 'EXDEV') throw e;
  }
  try {
    const st = await fs.lstat(src);
    if (st.isDirectory()) {
      await writeTreeVerified(tmp, await readTree(src));
    } else {
      await fs.copyFile(src, tmp, fs.constants.COPYFILE_EXCL);
      const fh = await fs.open(tmp, 'r+');
      await fh.sync().finally(() => fh.close());
    }
    await fs.rename(tmp, dest);
  } catch (e) {
    await removeQuietly(tmp);
    throw e;
  }
  await fsyncDir(path.dirname(dest));
  await fs.rm(src, { recursive: true, force: true });
}

export class RecoveryArea implements Trash {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'recovery');
  }

  async trash(target: string): Promise<{ restorable: boolean; id: string }> {
    const original = path.resolve(target);
    try {
      await fs.lstat(original);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') throw new DojangError('NOT_FOUND', 'recovery.pathGone', { path: original });
      throw toWriteError(e, original);
    }
    const id = newId(new Date());
    const partial = path.join(this.dir, id + PARTIAL);
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.mkdir(partial, { mode: 0o700 });
    try {
      const manifest: RecoveryItem = {
        id,
        originalPath: original,
        deletedAt: new Date().toISOString(),
        name: path.basename(original),
      };
      await writeFileSynced(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2));
      await moveVerified(original, path.join(partial, ITEM), path.join(partial, `${ITEM}.tmp`));
    } catch (e) {
      // Across drives the source is removed last. If that failed, the source is still (at least partly) there.
      const itemIn = await exists(path.join(partial, ITEM));
      if (!itemIn || (await sameContent(original, path.join(partial, ITEM)))) {
        await removeQuietly(partial);
      } else {
        // Part of the source is gone: keep the whole copy we made as a normal record.
        await this.finish(partial, id);
      }
      throw toWriteError(e, path.dirname(original));
    }
    await this.finish(partial, id);
    return { restorable: true, id };
  }

  private async finish(partial: string, id: string): Promise<void> {
    await fs.rename(partial, path.join(this.dir, id));
    await fsyncDir(this.dir);
  }

  async list(): Promise<RecoveryItem[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return [];
      throw e;
    }
    const items: RecoveryItem[] = [];
    for (const name of names) {
      if (!ID_RE.test(name)) continue;
      try {
        const m = JSON.parse(await fs.readFile(path.join(this.dir, name, MANIFEST), 'utf8')) as RecoveryItem;
        items.push({ id: name, originalPath: m.originalPath, deletedAt: m.deletedAt, name: m.name });
      } catch {
        // a record without a readable manifest is left alone, not shown
      }
    }
    return items.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0));
  }

  /** Puts the item back where it was. CONFLICT when something is there now. Returns the restored path. */
  async restore(id: string): Promise<string> {
    if (!ID_RE.test(id)) throw new DojangError('NOT_FOUND', 'recovery.noSuchItem');
    const recDir = path.join(this.dir, id);
    let m: RecoveryItem;
    try {
      m = JSON.parse(await fs.readFile(path.join(recDir, MANIFEST), 'utf8')) as RecoveryItem;
    } catch {
      throw new DojangError('NOT_FOUND', 'recovery.noSuchItem');
    }
    const dest = m.originalPath;
    if (await exists(dest)) {
      throw new DojangError('CONFLICT', 'recovery.originalTaken', { path: dest });
    }
    const parent = path.dirname(dest);
    // Recreate at most the CA/USER folders: if the NPKI folder itself is gone (drive not plugged in),
    // creating the whole path would put the certificate on the wrong disk.
    const npkiRoot = path.dirname(path.dirname(parent));
    if (!(await exists(parent)) && !(await exists(npkiRoot))) {
      throw new DojangError('DRIVE_REMOVED', 'recovery.originalDriveGone', { path: npkiRoot });
    }
    // Across drives the copy is staged under a temp name that cleanupTemp may remove: the recovery item
    // itself is only removed once the restored folder is in place.
    const staging = path.join(parent, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdirOne(path.dirname(parent));
      await mkdirOne(parent);
      await moveVerified(path.join(recDir, ITEM), dest, staging);
      await fsyncDir(parent);
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'ENOENT' && !(await exists(path.join(recDir, ITEM)))) {
        throw new DojangError('NOT_FOUND', 'recovery.noSuchItem');
      }
      if (code === 'ENOTEMPTY' || code === 'EEXIST') {
        throw new DojangError('CONFLICT', 'recovery.originalTaken', { path: dest });
      }
      throw toWriteError(e, parent);
    }
    await removeQuietly(recDir);
    return dest;
  }

  /** Finishes or drops records a crash left half-made. Run at start. */
  async cleanup(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith(PARTIAL) || !ID_RE.test(name.slice(0, -PARTIAL.length))) continue;
      const partial = path.join(this.dir, name);
      if (await exists(path.join(partial, ITEM))) {
        // The item made it in (its source may be gone): keep it as a normal record.
        await fs.rename(partial, path.join(this.dir, name.slice(0, -PARTIAL.length)));
      } else {
        await removeQuietly(partial);
      }
    }
  }
}

/** Checks that `entryPath` is a certificate folder (`…/<CA>/USER/<DN folder>`) before anything is moved. */
export async function assertCertificateFolder(entryPath: string): Promise<string> {
  const abs = path.resolve(entryPath);
  const notCert = (): DojangError => new DojangError('NOT_FOUND', 'recovery.notCertificateFolder', { path: abs });
  if (path.basename(path.dirname(abs)).toLowerCase() !== 'user') throw notCert();
  let st;
  try {
    st = await fs.lstat(abs);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') throw new DojangError('NOT_FOUND', 'recovery.certificateFolderGone', { path: abs });
    throw toWriteError(e, abs);
  }
  if (!st.isDirectory()) throw notCert();
  return abs;
}

/** Deletes a certificate folder by handing it to `trash` (recoverable). */
export async function deleteCertificate(entryPath: string, opts: { trash: Trash }): Promise<{ restorable: boolean; id?: string }> {
  const abs = await assertCertificateFolder(entryPath);
  return opts.trash.trash(abs);
}

export function listRecovery(dataDir: string): Promise<RecoveryItem[]> {
  return new RecoveryArea(dataDir).list();
}

export function restore(dataDir: string, id: string): Promise<string> {
  return new RecoveryArea(dataDir).restore(id);
}
