import { hash } from 'node:crypto';
import { readdirSync, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ErrorCode } from '../../preload/errors.js';
import type { Message } from '../../preload/messages/format.js';
import { parseCertificate, type CertificateInfo } from '../../common/pki/certificate.js';
import { cancelledError, errnoOf, mayMeanDriveGone, REASON } from './fs-errors.js';
import { createLimiter } from './limiter.js';
import { byLowerName, isSafeName, readFileCapped, readFileCappedSync, type CappedRead } from './safe-fs.js';
import type { CertificateEntry, EntryState, ScanReport, StoreRef } from './types.js';

export type { CertificateEntry, ScanReport, StoreRef } from './types.js';

/** CA folder names from SPEC §1.1, matched case-insensitively. Unknown CA folders are scanned too. */
export const KNOWN_CA_FOLDERS = ['yessign', 'SignKorea', 'KICA', 'CrossCert', 'TradeSign', 'NCASign', 'KISA'] as const;

/** A DER certificate is 1–3 KiB; anything above this is not one, and is refused before it is read. */
export const MAX_CERT_FILE_BYTES = 64 * 1024;

/** Certificate folders read at once: enough to hide disk/USB latency, far below the open-file limit. */
export const SCAN_CONCURRENCY = 32;

/** Folders our own copy writes while it works; never shown, removed by cleanupTemp. */
export const TEMP_PREFIX = '.dojang-tmp-';

export const CERT_FILES = {
  signCert: 'signcert.der',
  signKey: 'signpri.key',
  kmCert: 'kmcert.der',
  kmKey: 'kmpri.key',
} as const;

export interface ScanOptions {
  signal?: AbortSignal;
  /** Called once per certificate folder as soon as it is read (for a fast first row). */
  onEntry?: (e: CertificateEntry) => void;
}

/** The key that identifies one certificate across copies: issuer DN + serial number. */
export function copyKeyOf(cert: CertificateInfo): string {
  return `${cert.issuer}|${cert.serialHex.toLowerCase()}`;
}

export function entryId(storeId: string, relPath: string): string {
  return hash('sha256', `${storeId}\0${relPath}`).slice(0, 24);
}

/** The same certificate found in several stores (or twice in one) is one group. Order of first sight is kept. */
export function groupCopies(entries: CertificateEntry[]): { copyKey: string | null; entries: CertificateEntry[] }[] {
  const groups = new Map<string, { copyKey: string | null; entries: CertificateEntry[] }>();
  for (const e of entries) {
    const k = e.copyKey ?? `\0${e.id}`;
    let g = groups.get(k);
    if (!g) {
      g = { copyKey: e.copyKey, entries: [] };
      groups.set(k, g);
    }
    g.entries.push(e);
  }
  return [...groups.values()];
}

/**
 * A folder the user picked may be the NPKI folder itself or a folder holding one (a drive root, a backup).
 * Returns the NPKI folder to scan.
 */
export async function resolveUserFolder(folder: string): Promise<string> {
  const abs = path.resolve(folder);
  if (path.basename(abs).toLowerCase() === 'npki') return abs;
  try {
    const child = (await fs.readdir(abs, { withFileTypes: true })).find((d) => d.isDirectory() && d.name.toLowerCase() === 'npki');
    if (child) return path.join(abs, child.name);
  } catch {
    // unreadable: the scan reports it
  }
  return abs;
}

/**
 * How a store's folders are read. This computer's disks: blocking calls, a few microseconds each against
 * tens for a thread-pool round trip (most of a scan's time was that), with a turn of the event loop after
 * HOLD_MS of them. Removable drives: the thread pool, so a pulled or hanging stick never freezes the app.
 */
interface ScanIo {
  readdir(dir: string): Dirent[] | Promise<Dirent[]>;
  readCapped(file: string, maxBytes: number, within: string): CappedRead | Promise<CappedRead>;
  blocking: boolean;
}

const BLOCKING_IO: ScanIo = {
  readdir: (dir) => readdirSync(dir, { withFileTypes: true }),
  readCapped: readFileCappedSync,
  blocking: true,
};

const THREAD_POOL_IO: ScanIo = {
  readdir: (dir) => fs.readdir(dir, { withFileTypes: true }),
  readCapped: readFileCapped,
  blocking: false,
};

/**
 * The longest a local scan holds the event loop (ms) before it lets waiting requests and a cancel in.
 * By time, not by a count of folders: a request to the host needs 15–20 turns (connection owner check,
 * body, launch gate, document read), each one waiting for a slice of the scan; with a turn per 64 folders
 * POST /launch was answered after a 4,000-folder scan ended (tried with answers-while-scanning.test.ts).
 */
const HOLD_MS = 2;

/** A certificate folder: `<root>/<caFolder>/<userFolder>/<dnFolder>` = `dir`. */
interface DnFolder {
  caFolder: string;
  userFolder: string;
  dnFolder: string;
  dir: string;
}

interface StoreState {
  store: StoreRef;
  io: ScanIo;
  realRoot: string;
  removed: boolean;
}

/** Scans every store; one bad file, folder or vanished drive never stops the others. */
export async function scanStores(stores: StoreRef[], opts: ScanOptions = {}): Promise<ScanReport> {
  const { signal, onEntry } = opts;
  const limit = createLimiter(SCAN_CONCURRENCY);
  const entries: CertificateEntry[] = [];
  const skipped: ScanReport['skipped'] = [];
  const states: StoreState[] = [];
  const looked: ScanReport['looked'] = [];
  let heldSince = performance.now();
  let turn: Promise<void> | null = null;
  /** One turn shared by all the folder loops of this scan (stores, CA folders): a slice per turn, not one each. */
  function nextSlice(): Promise<void> {
    turn ??= nextTurn().then(() => {
      turn = null;
      heldSince = performance.now();
    });
    return turn;
  }

  const checkAbort = (): void => {
    if (signal?.aborted) throw cancelledError();
  };

  /** After a "gone" error: is the whole store gone (drive pulled), or just this one path? */
  async function storeGone(st: StoreState): Promise<boolean> {
    if (st.removed) return true;
    try {
      const real = await fs.realpath(st.store.root);
      if (real !== st.realRoot) st.removed = true;
    } catch {
      st.removed = true;
    }
    return st.removed;
  }

  async function handleError(st: StoreState, p: string, e: unknown): Promise<void> {
    if (mayMeanDriveGone(e) && (await storeGone(st))) return;
    const code = errnoOf(e);
    if (code === 'ENOENT') return; // deleted while we looked: nothing to show
    skipped.push({
      path: p,
      reason: code === 'EACCES' || code === 'EPERM' ? REASON.folderDenied : { key: 'scan.unreadableFolder', params: { code: code ?? 'error' } },
    });
  }

  async function list(st: StoreState, dir: string): Promise<Dirent[] | null> {
    if (st.removed) return null;
    try {
      return await st.io.readdir(dir);
    } catch (e) {
      await handleError(st, dir, e);
      return null;
    }
  }

  function symlinkSkip(p: string): void {
    skipped.push({ path: p, reason: REASON.symlink });
  }

  function makeEntry(
    st: StoreState,
    parts: DnFolder,
    files: Map<string, Dirent>,
    cert: CertificateInfo | null,
    state: EntryState,
    reason: Message | null,
    errorCode: ErrorCode | null,
  ): CertificateEntry {
    const relPath = `${parts.caFolder}/${parts.userFolder}/${parts.dnFolder}`;
    const isFile = (n: string): boolean => files.get(n)?.isFile() ?? false;
    return {
      id: entryId(st.store.id, relPath),
      store: st.store,
      path: parts.dir,
      relPath,
      caFolder: parts.caFolder,
      hasKey: isFile(CERT_FILES.signKey),
      hasKm: isFile(CERT_FILES.kmCert),
      copyKey: cert ? copyKeyOf(cert) : null,
      cert,
      state,
      damaged: reason,
      errorCode,
    };
  }

  /** The entry for a DN folder whose certificate file was read (null: not inside the store, skipped). */
  function entryFromRead(st: StoreState, parts: DnFolder, files: Map<string, Dirent>, read: CappedRead): CertificateEntry | null {
    if (!read.ok && read.why === 'outside') {
      skipped.push({ path: parts.dir, reason: REASON.outside });
      return null;
    }
    let cert: CertificateInfo | null = null;
    if (read.ok) {
      try {
        cert = parseCertificate(read.data);
      } catch {
        cert = null;
      }
    }
    return cert ? makeEntry(st, parts, files, cert, 'ok', null, null) : makeEntry(st, parts, files, null, 'damaged', REASON.damaged, 'FILE_DAMAGED');
  }

  /** The entry for a folder without a readable certificate file, or 'read' when there is one to read (null: not a certificate folder). */
  function entryBeforeRead(st: StoreState, parts: DnFolder, files: Map<string, Dirent>): CertificateEntry | null | 'read' {
    const certDirent = files.get(CERT_FILES.signCert);
    if (!certDirent) {
      const hasAnyPart = [CERT_FILES.signKey, CERT_FILES.kmCert, CERT_FILES.kmKey].some((n) => files.has(n));
      return hasAnyPart ? makeEntry(st, parts, files, null, 'damaged', REASON.noCertFile, 'FILE_DAMAGED') : null;
    }
    if (!certDirent.isSymbolicLink()) return 'read';
    symlinkSkip(path.join(parts.dir, certDirent.name));
    return makeEntry(st, parts, files, null, 'damaged', REASON.symlink, 'FILE_DAMAGED');
  }

  function add(entry: CertificateEntry | null): void {
    if (!entry) return;
    entries.push(entry);
    onEntry?.(entry);
  }

  async function readDnFolder(st: StoreState, parts: DnFolder): Promise<void> {
    if (st.removed || signal?.aborted) return;
    const dirents = await list(st, parts.dir);
    if (!dirents) return;
    const files = byLowerName(dirents);
    const before = entryBeforeRead(st, parts, files);
    if (before !== 'read') return add(before);
    const certFile = `${parts.dir}${path.sep}${files.get(CERT_FILES.signCert)!.name}`;
    try {
      // A folder swapped for a link after we listed it must not lead out of the store: checked on the opened file.
      add(entryFromRead(st, parts, files, await st.io.readCapped(certFile, MAX_CERT_FILE_BYTES, st.realRoot)));
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'EACCES' || code === 'EPERM') {
        add(makeEntry(st, parts, files, null, 'unreadable', REASON.unreadable, 'PERMISSION_DENIED'));
      } else if (code === 'ELOOP') {
        // O_NOFOLLOW met a link that appeared after we listed the folder
        symlinkSkip(certFile);
        add(makeEntry(st, parts, files, null, 'damaged', REASON.symlink, 'FILE_DAMAGED'));
      } else {
        await handleError(st, parts.dir, e);
        if (st.removed) add(makeEntry(st, parts, files, null, 'removed', REASON.driveRemoved, 'DRIVE_REMOVED'));
      }
    }
  }

  /**
   * This computer's disks: a folder read in one synchronous step, no promise per call (most of a
   * scan's time went to those). False when a call failed: readDnFolder then does it again, errors and all.
   */
  function readDnFolderNow(st: StoreState, parts: DnFolder): boolean {
    let entry: CertificateEntry | null;
    try {
      const files = byLowerName(BLOCKING_IO.readdir(parts.dir) as Dirent[]);
      const before = entryBeforeRead(st, parts, files);
      const certFile = before === 'read' ? `${parts.dir}${path.sep}${files.get(CERT_FILES.signCert)!.name}` : '';
      entry = before === 'read' ? entryFromRead(st, parts, files, readFileCappedSync(certFile, MAX_CERT_FILE_BYTES, st.realRoot)) : before;
    } catch {
      return false;
    }
    add(entry);
    return true;
  }

  async function scanUserFolder(st: StoreState, caFolder: string, userFolder: string): Promise<void> {
    const userDir = path.join(st.store.root, caFolder, userFolder);
    const dirents = await list(st, userDir);
    if (!dirents) return;
    const tasks: Promise<void>[] = [];
    for (const d of dirents) {
      if (!isSafeName(d.name)) {
        skipped.push({ path: path.join(st.store.root, caFolder, userFolder, d.name), reason: REASON.oddName });
        continue;
      }
      if (d.name.startsWith('.')) continue; // our temp folders, OS metadata
      if (d.isSymbolicLink()) {
        symlinkSkip(path.join(st.store.root, caFolder, userFolder, d.name));
        continue;
      }
      if (!d.isDirectory()) continue;
      const parts: DnFolder = { caFolder, userFolder, dnFolder: d.name, dir: `${userDir}${path.sep}${d.name}` }; // a safe name under a joined folder: no need to normalize again
      if (st.io.blocking) {
        if (performance.now() - heldSince >= HOLD_MS) await nextSlice();
        if (st.removed || signal?.aborted) return;
        if (!readDnFolderNow(st, parts)) await readDnFolder(st, parts);
      } else {
        // One limiter slot per folder (not per syscall): a started folder finishes before new ones start,
        // which keeps the first row fast and the open handles bounded.
        tasks.push(limit(() => readDnFolder(st, parts)));
      }
    }
    await Promise.all(tasks);
  }

  async function scanCaFolder(st: StoreState, caFolder: string): Promise<void> {
    const dirents = await list(st, path.join(st.store.root, caFolder));
    if (!dirents) return;
    const user = dirents.find((d) => d.name.toLowerCase() === 'user');
    if (!user) return;
    if (user.isSymbolicLink()) return symlinkSkip(path.join(st.store.root, caFolder, user.name));
    if (!user.isDirectory()) return;
    await scanUserFolder(st, caFolder, user.name);
  }

  async function scanOne(store: StoreRef): Promise<void> {
    let realRoot: string;
    try {
      realRoot = await fs.realpath(store.root);
      const rootStat = await fs.stat(realRoot);
      if (!rootStat.isDirectory()) {
        looked.push({ store, present: false });
        return;
      }
    } catch (e) {
      const code = errnoOf(e);
      const present = code === 'EACCES' || code === 'EPERM';
      if (present) skipped.push({ path: store.root, reason: REASON.folderDenied });
      looked.push({ store, present });
      return;
    }
    const st: StoreState = { store, io: store.kind === 'drive' ? THREAD_POOL_IO : BLOCKING_IO, realRoot, removed: false };
    states.push(st);
    const lookedRow: ScanReport['looked'][number] = { store, present: true };
    looked.push(lookedRow);
    const dirents = await list(st, store.root);
    if (dirents) {
      const tasks: Promise<void>[] = [];
      for (const d of dirents) {
        if (!isSafeName(d.name)) {
          skipped.push({ path: path.join(store.root, d.name), reason: REASON.oddName });
          continue;
        }
        if (d.name.startsWith('.')) continue;
        if (d.isSymbolicLink()) {
          symlinkSkip(path.join(store.root, d.name));
          continue;
        }
        if (d.isDirectory()) tasks.push(scanCaFolder(st, d.name));
      }
      await Promise.all(tasks);
    }
    if (st.removed) lookedRow.removed = true;
  }

  checkAbort();
  await Promise.all(stores.map((s) => scanOne(s)));
  checkAbort();

  // A store whose drive went away: every row of it says so, whatever was read before.
  for (const st of states) {
    if (!st.removed) continue;
    for (const e of entries) {
      if (e.store.id !== st.store.id) continue;
      e.state = 'removed';
      e.damaged = REASON.driveRemoved;
      e.errorCode = 'DRIVE_REMOVED';
    }
  }
  const order = new Map(stores.map((s, i) => [s.id, i]));
  entries.sort((a, b) => (order.get(a.store.id) ?? 0) - (order.get(b.store.id) ?? 0) || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  looked.sort((a, b) => (order.get(a.store.id) ?? 0) - (order.get(b.store.id) ?? 0));
  return { entries, looked, skipped };
}
