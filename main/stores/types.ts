import type { ErrorCode } from '../../preload/errors.js';
import type { Message } from '../../preload/messages/format.js';
import type { CertificateInfo } from '../../common/pki/certificate.js';

/** Where certificates are kept: one NPKI folder on this computer, a folder the user added, or a removable drive. */
export interface StoreRef {
  /** Stable for the same kind + root: `<kind>:<hash of the root path>`. */
  id: string;
  kind: 'default' | 'folder' | 'drive';
  /** A short name in no language (the path, or the drive's own name): screens say the kind in theirs. */
  label: string;
  /** Absolute path of the NPKI folder (the one holding the CA folders). */
  root: string;
  /** A drive's own name (its volume label), for the user to recognise the stick. */
  driveLabel?: string;
}

/**
 * ok: parsed; damaged: the certificate file is not a certificate (or missing / too large);
 * unreadable: no permission to read it; removed: the drive went away while we looked.
 */
export type EntryState = 'ok' | 'damaged' | 'unreadable' | 'removed';

export interface CertificateEntry {
  /** Stable: hash of store id + relative path. */
  id: string;
  store: StoreRef;
  /** The DN folder, absolute. */
  path: string;
  /** The DN folder relative to the store root, `/`-separated: `<CA>/USER/<DN folder>`. */
  relPath: string;
  caFolder: string;
  hasKey: boolean;
  hasKm: boolean;
  /** issuer + serial: entries sharing it are copies of one certificate. */
  copyKey: string | null;
  cert: CertificateInfo | null;
  state: EntryState;
  /** Why, whenever state is not 'ok': a catalog key (e.g. scan.damaged), said in the user's language where it is shown. */
  damaged: Message | null;
  /** FILE_DAMAGED / PERMISSION_DENIED / DRIVE_REMOVED when state is not 'ok'. */
  errorCode: ErrorCode | null;
}

export interface ScanReport {
  entries: CertificateEntry[];
  /** present: the root existed when we looked; removed: it went away during the scan. */
  looked: { store: StoreRef; present: boolean; removed?: boolean }[];
  skipped: { path: string; reason: Message }[];
}
