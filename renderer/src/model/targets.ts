/** Where a copy, move or import goes: this PC's NPKI folder, a USB drive's NPKI folder, or any folder. */
import type { CertificateList, DriveView } from '../../../preload/types';
import { joinPath } from './paths';

export type TargetChoice = { kind: 'default' } | { kind: 'drive'; id: string } | { kind: 'folder'; path: string };

/** This PC's NPKI root: the first default root that exists, else the first one (main creates it). */
export function defaultRoot(list: CertificateList | null): string | null {
  const roots = list?.looked.filter((l) => l.kind === 'default') ?? [];
  return (roots.find((r) => r.present) ?? roots[0])?.root ?? null;
}

export function driveRoot(drive: DriveView): string {
  return joinPath(drive.mountPoint, 'NPKI');
}

export function targetRootOf(choice: TargetChoice, list: CertificateList | null, drives: readonly DriveView[]): string | null {
  if (choice.kind === 'default') return defaultRoot(list);
  if (choice.kind === 'drive') {
    const drive = drives.find((d) => d.id === choice.id);
    return drive ? driveRoot(drive) : null;
  }
  return choice.path.trim() || null;
}
