/**
 * Certificate stores: where NPKI certificates live (default roots, added folders, removable drives),
 * scanning them safely, and copy / move / delete (recoverable) between them.
 */
export type { CertificateEntry, EntryState, ScanReport, StoreRef } from './types.js';
export { allStores, defaultRootPaths, defaultStores, driveStore, folderStore, type RootsContext } from './roots.js';
export { groupCopies, KNOWN_CA_FOLDERS, MAX_CERT_FILE_BYTES, resolveUserFolder, scanStores, type ScanOptions } from './scan.js';
export {
  buildTargetIndex,
  cleanupTemp,
  copyCertificate,
  copyCertificates,
  moveCertificate,
  type ConflictChoice,
  type CopyOptions,
  type CopyResult,
  type TargetIndex,
} from './copy.js';
export { deleteCertificate, listRecovery, RecoveryArea, restore, type RecoveryItem, type Trash } from './recovery.js';
export { runBulk, type BulkProgress, type BulkSummary } from './bulk.js';
export { dueForNotification, expiryState, RENEWAL_WINDOW_DAYS, type ExpiryState } from './expiry.js';
export { defaultDriveLister, DriveWatcher, listDrives, type Drive, type DriveLister, type DrivesChanged } from './drives/index.js';
