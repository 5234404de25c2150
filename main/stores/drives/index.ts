import { linuxLister } from './linux.js';
import { macLister } from './macos.js';
import type { DriveLister } from './types.js';
import { windowsLister } from './windows.js';

export type { Drive, DriveLister } from './types.js';
export { DriveWatcher, DRIVE_POLL_MS, type DrivesChanged } from './watcher.js';

/** The drive lister for this OS (no native modules: mount table, /Volumes, or drive letters + PowerShell). */
export function defaultDriveLister(platform: NodeJS.Platform = process.platform): DriveLister {
  if (platform === 'win32') return windowsLister();
  if (platform === 'darwin') return macLister();
  return linuxLister();
}

let shared: DriveLister | null = null;

/** The removable drives mounted now. */
export function listDrives(): ReturnType<DriveLister> {
  shared ??= defaultDriveLister();
  return shared();
}
