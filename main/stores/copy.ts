import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { cancelledError, driveRemovedError, errnoOf, mayMeanDriveGone, targetMissingError, toWriteError } from './fs-errors.js';
import { assertNewPassword } from './reencrypt.js';
import { reencryptKey, type ReencryptKey } from '../npki/keyfile.js';
import { runBulk, type BulkProgress, type BulkSummary } from './bulk.js';
import { assertCertificateFolder, type Trash } from './recovery.js';
import { CERT_FILES, copyKeyOf, scanStores, TEMP_PREFIX } from './scan.js';
import { folderStore } from './roots.js';
import { fsyncDir, mkdirOne, readTree, removeQuietly, writeTreeVerified, type Tree } from './tree.js';
import { exists } from './safe-fs.js';

/** A leftover temp folder of a process still alive is kept unless it is older than this (another app instance). */
export const STALE_TEMP_MS = 60 * 60 * 1000;
/** "keep both" names the new folder `<name> (2)`, `(3)`, … up to this. */
const MAX_SUFFIX = 99;
const WINDOWS_RENAME_RETRY_MS = [20, 50, 100, 200, 400];

export type ConflictChoice = 'keepBoth' | 'replace';

export interface CopyOptions {
  /** What to do when the target already holds this certificate or a folder of that name. Absent: throw CONFLICT. */
  onConflict?: ConflictChoice;
  /** Re-encrypt the private keys on the target with a new password (same scheme, randomNum kept). */
  reencrypt?: { oldPassword: string; newPassword: string };
  /** Where that re-encryption runs (the app: its crypto worker, npki/off-thread.ts); default in line. */
  reencryptWith?: ReencryptKey;
  /** Where a replaced folder (and a moved source) goes; required for 'replace' and for moves. */
  trash?: Trash;
  signal?: AbortSignal;
  /** Certificates already at the target, built once for a bulk copy (see buildTargetIndex). */
  index?: TargetIndex;
  /** Test hook: a pause after each written file (see writeTreeVerified). */
  pauseAfterFileMs?: number;
}

export interface CopyResult {
  /** The new certificate folder. */
  path: string;
  /** Folders replaced at the target (moved to the recovery area). */
  replaced: { path: string; id?: string }[];
}

/** Certificates at one target root by copy key (issuer + serial), so a bulk copy scans the target once. */
export interface TargetIndex {
  root: string;
  byCopyKey: Map<string, string[]>;
  /** `<CA>/USER` folders already found or made at the target, by lower-cased CA folder name. */
  userDirs: Map<string, string>;
}

export async function buildTargetIndex(targetRoot: string): Promise<TargetIndex> {
  const index: TargetIndex = { root: path.resolve(targetRoot), byCopyKey: new Map(), userDirs: new Map() };
  const report = await scanStores([folderStore(index.root)]);
  for (const e of report.entries) if (e.copyKey) addToIndex(index, e.copyKey, e.path);
  return index;
}

function addToIndex(index: TargetIndex, copyKey: string, p: string): void {
  const list = index.byCopyKey.get(copyKey) ?? [];
  if (!list.includes(p)) list.push(p);
  index.byCopyKey.set(copyKey, list);
}

function removeFromIndex(index: TargetIndex, p: string): void {
  for (const [k, list] of index.byCopyKey) {
    const rest = list.filter((x) => x !== p);
    if (rest.length) index.byCopyKey.set(k, rest);
    else index.byCopyKey.delete(k);
  }
}

/** A child folder matched case-insensitively (`yessign` vs `YESSIGN`, `USER` vs `User`), or null. */
async function findChildDir(parent: string, name: string): Promise<string | null> {
  try {
    const d = (await fs.readdir(parent, { withFileTypes: true })).find((x) => x.isDirectory() && x.name.toLowerCase() === name.toLowerCase());
    return d ? path.join(parent, d.name) : null;
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

/** `<targetRoot>/<CA>/USER`, created if missing (but never the drive or folder above the NPKI folder). */
async function targetUserFolder(targetRoot: string, caFolder: string): Promise<string> {
  if (!(await exists(path.dirname(targetRoot)))) throw targetMissingError(targetRoot);
  await mkdirOne(targetRoot);
  const ca = (await findChildDir(targetRoot, caFolder)) ?? path.join(targetRoot, caFolder);
  await mkdirOne(ca);
  await assertRealDir(ca);
  const user = (await findChildDir(ca, 'USER')) ?? path.join(ca, 'USER');
  await mkdirOne(user);
  await assertRealDir(user);
  return user;
}

/** The CA and USER folders we write into must be folders, not links to somewhere else. */
async function assertRealDir(p: string): Promise<void> {
  const st = await fs.lstat(p);
  if (!st.isDirectory()) {
    throw new DojangError('CONFLICT', 'copy.notAFolder', { path: p });
  }
}

function certFile(tree: Tree, lowerName: string) {
  return tree.files.find((f) => f.rel.toLowerCase() === lowerName);
}

function copyKeyOfTree(tree: Tree): string | null {
  const f = certFile(tree, CERT_FILES.signCert);
  if (!f) return null;
  try {
    return copyKeyOf(parseCertificate(f.data));
  } catch {
    return null; // a damaged certificate can still be copied (to a backup); it just has no identity to compare
  }
}

function conflictError(detail: { existing: string[]; sameCertificate: boolean }): DojangError {
  return new DojangError('CONFLICT', detail.sameCertificate ? 'copy.sameCertificateThere' : 'copy.sameNameThere', {}, detail);
}

/** Reads the source folder, mapping "the drive is gone" and "not allowed" to user errors. */
async function readSource(src: string): Promise<Tree> {
  try {
    return await readTree(src);
  } catch (e) {
    if (e instanceof DojangError) throw e;
    if (mayMeanDriveGone(e)) {
      if (!(await exists(src).catch(() => false))) throw driveRemovedError(src);
    }
    const code = errnoOf(e);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new DojangError('PERMISSION_DENIED', 'copy.noReadPermission', { path: src });
    }
    throw new DojangError('INTERNAL', 'copy.readFailed', { path: src }, { errno: code });
  }
}

function tempName(): string {
  return `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * Copies a certificate folder (`…/<CA>/USER/<DN folder>`) into another NPKI root, under the same CA folder.
 * The copy is written to a hidden temp folder beside its final place, each file fsynced and re-read to
 * compare SHA-256, then renamed into place: the target shows the whole verified folder or nothing.
 * Two copies racing to one name: the rename lets exactly one win; the other gets CONFLICT.
 */
export async function copyCertificate(entryPath: string, targetRoot: string, opts: CopyOptions = {}): Promise<CopyResult> {
  const src = await assertCertificateFolder(entryPath);
  const root = path.resolve(targetRoot);
  const caFolder = path.basename(path.dirname(path.dirname(src)));
  const dnName = path.basename(src);
  if (opts.signal?.aborted) throw cancelledError();

  const tree = await readSource(src);
  const copyKey = copyKeyOfTree(tree);
  if (opts.reencrypt) {
    // Before anything is written: a wrong old password or a weak new one leaves the target untouched.
    assertNewPassword(opts.reencrypt.newPassword);
    for (const [keyName, certName] of [
      [CERT_FILES.signKey, CERT_FILES.signCert],
      [CERT_FILES.kmKey, CERT_FILES.kmCert],
    ] as const) {
      const key = certFile(tree, keyName);
      if (!key) continue;
      const cert = certFile(tree, certName);
      if (!cert) {
        throw new DojangError('FILE_DAMAGED', 'copy.noCertificateForKey', { file: keyName });
      }
      // Same scheme, PRF, cipher and iterations, fresh salt/IV; the PrivateKeyInfo (randomNum) kept exactly.
      key.data = await (opts.reencryptWith ?? reencryptKey)(cert.data, key.data, opts.reencrypt.oldPassword, opts.reencrypt.newPassword, 'same');
    }
  }

  let userDir = '';
  let tmp = '';
  try {
    const index = opts.index && opts.index.root === root ? opts.index : await buildTargetIndex(root);
    userDir = index.userDirs.get(caFolder.toLowerCase()) ?? (await targetUserFolder(root, caFolder));
    index.userDirs.set(caFolder.toLowerCase(), userDir);
    const same = copyKey ? (index.byCopyKey.get(copyKey) ?? []) : [];
    const finalDefault = path.join(userDir, dnName);
    const nameTaken = await exists(finalDefault);
    const toReplace: string[] = [];
    let finalPath = finalDefault;
    if (same.length || nameTaken) {
      const existing = [...new Set([...same, ...(nameTaken ? [finalDefault] : [])])];
      if (!opts.onConflict) throw conflictError({ existing, sameCertificate: same.length > 0 });
      if (existing.some((p) => path.resolve(p) === src) && opts.onConflict === 'replace') {
        throw new DojangError('CONFLICT', 'copy.sameFolder');
      }
      if (opts.onConflict === 'replace') {
        if (!opts.trash) throw new DojangError('INVALID_REQUEST', 'copy.needsRecoveryFolder');
        toReplace.push(...existing);
      } else {
        finalPath = await freeSuffixedName(userDir, dnName);
      }
    }

    tmp = path.join(userDir, tempName());
    await writeTreeVerified(tmp, tree, opts.signal, opts.pauseAfterFileMs);
    if (opts.signal?.aborted) throw cancelledError();

    const replaced: CopyResult['replaced'] = [];
    for (const p of toReplace) {
      const r = await opts.trash!.trash(p);
      replaced.push({ path: p, ...(r.id ? { id: r.id } : {}) });
      removeFromIndex(index, p);
    }
    finalPath = await renameIntoPlace(tmp, finalPath, userDir, dnName, opts.onConflict === 'keepBoth', same);
    tmp = '';
    await fsyncDir(userDir);
    if (copyKey) addToIndex(index, copyKey, finalPath);
    return { path: finalPath, replaced };
  } catch (e) {
    if (tmp) await removeQuietly(tmp);
    if (e instanceof DojangError) throw e;
    if (mayMeanDriveGone(e) && !(await exists(path.dirname(root)).catch(() => false))) throw driveRemovedError(root);
    throw toWriteError(e, userDir || root);
  }
}

async function freeSuffixedName(userDir: string, dnName: string): Promise<string> {
  for (let i = 2; i <= MAX_SUFFIX; i++) {
    const p = path.join(userDir, `${dnName} (${i})`);
    if (!(await exists(p))) return p;
  }
  throw new DojangError('CONFLICT', 'copy.tooManyCopies');
}

/**
 * rename(2) of a folder onto a non-empty folder fails (ENOTEMPTY/EEXIST; EPERM on Windows), so the
 * first of two racing writers wins. The loser takes the next free name when keeping both, else CONFLICT.
 */
async function renameIntoPlace(tmp: string, wanted: string, userDir: string, dnName: string, keepBoth: boolean, same: string[]): Promise<string> {
  let target = wanted;
  let busyRetries = 0;
  for (let attempt = 0; attempt < MAX_SUFFIX; attempt++) {
    try {
      await fs.rename(tmp, target);
      return target;
    } catch (e) {
      const code = errnoOf(e);
      const taken = await exists(target);
      const lost = code === 'ENOTEMPTY' || code === 'EEXIST' || (code === 'EPERM' && taken);
      if (!lost) {
        // Windows: antivirus or the indexer briefly holds the new files open.
        const delay = WINDOWS_RENAME_RETRY_MS[busyRetries++];
        if (process.platform === 'win32' && delay !== undefined && ['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) {
          await new Promise((r) => setTimeout(r, delay));
          attempt--;
          continue;
        }
        throw e;
      }
      if (!keepBoth) throw conflictError({ existing: [target, ...same], sameCertificate: false });
      target = await freeSuffixedName(userDir, dnName);
    }
  }
  throw new DojangError('CONFLICT', 'copy.tooManyCopies');
}

/**
 * Moves a certificate folder: a verified copy first, then the source goes to the recovery area (never a
 * plain delete). If the source cannot be removed, the new copy is taken back: the move is all or nothing.
 */
export async function moveCertificate(entryPath: string, targetRoot: string, opts: CopyOptions & { trash: Trash }): Promise<CopyResult & { sourceRecoveryId?: string }> {
  const src = await assertCertificateFolder(entryPath);
  const realSrcParent = await fs.realpath(path.dirname(src));
  const existingUser = await findChildDir(path.resolve(targetRoot), path.basename(path.dirname(path.dirname(src))))
    .then((ca) => (ca ? findChildDir(ca, 'USER') : null))
    .catch(() => null);
  if (existingUser && (await fs.realpath(existingUser)) === realSrcParent) {
    throw new DojangError('CONFLICT', 'copy.alreadyThere');
  }
  const result = await copyCertificate(src, targetRoot, opts);
  try {
    const r = await opts.trash.trash(src);
    return { ...result, ...(r.id ? { sourceRecoveryId: r.id } : {}) };
  } catch (e) {
    await removeQuietly(result.path);
    if (opts.index) removeFromIndex(opts.index, result.path);
    throw e instanceof DojangError ? e : toWriteError(e, path.dirname(src));
  }
}

/**
 * Removes what a crash or a pulled drive left behind: our temp folders in `<root>/<CA>/USER/` and atomic-write
 * temp files inside certificate folders (same `.dojang-tmp-<pid>-` prefix). A temp entry of a live process is
 * kept (another Dojang window may be working) unless it is older than STALE_TEMP_MS.
 */
export async function cleanupTemp(root: string): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  const clean = async (p: string, name: string): Promise<void> => {
    if (await inUse(p, name)) return;
    await fs.rm(p, { recursive: true, force: true });
    removed.push(p);
  };
  const cas = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const ca of cas) {
    if (!ca.isDirectory()) continue;
    const user = await findChildDir(path.join(root, ca.name), 'USER').catch(() => null);
    if (!user) continue;
    for (const d of await fs.readdir(user, { withFileTypes: true }).catch(() => [])) {
      if (!d.isDirectory()) continue;
      const p = path.join(user, d.name);
      if (d.name.startsWith(TEMP_PREFIX)) {
        await clean(p, d.name);
        continue;
      }
      for (const f of await fs.readdir(p, { withFileTypes: true }).catch(() => [])) {
        if (f.isFile() && f.name.startsWith(TEMP_PREFIX)) await clean(path.join(p, f.name), f.name);
      }
    }
  }
  return { removed };
}

async function inUse(p: string, name: string): Promise<boolean> {
  const pid = Number(name.slice(TEMP_PREFIX.length).split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return false;
  const st = await fs.stat(p).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs < STALE_TEMP_MS;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM';
  }
}

/**
 * Copies (or moves) many certificate folders to one target: the target is scanned once, items run
 * `concurrency` at a time, and each ends fully done or untouched (see runBulk).
 */
export async function copyCertificates(
  entryPaths: readonly string[],
  targetRoot: string,
  opts: Omit<CopyOptions, 'index' | 'signal'> & {
    move?: boolean;
    signal?: AbortSignal;
    concurrency?: number;
    onProgress?: (p: BulkProgress<string>) => void;
  } = {},
): Promise<BulkSummary<string>> {
  const { move, concurrency, onProgress, signal, ...copyOpts } = opts;
  if (move && !copyOpts.trash) throw new DojangError('INVALID_REQUEST', 'copy.needsRecoveryFolder');
  const index = await buildTargetIndex(targetRoot);
  return runBulk(
    entryPaths,
    (p, sig) => {
      const o: CopyOptions = { ...copyOpts, index, ...(sig ? { signal: sig } : {}) };
      return move ? moveCertificate(p, targetRoot, { ...o, trash: copyOpts.trash! }) : copyCertificate(p, targetRoot, o);
    },
    { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}), ...(concurrency ? { concurrency } : {}) },
  );
}
