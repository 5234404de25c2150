/**
 * Where a copy, move or import goes: this PC's NPKI folder, a USB drive's, a folder added in
 * Settings, or a folder chosen now. Main gets a store id or a folder handle, never a path.
 */
import type { ChosenPath } from '../../../preload/areas/files';
import type { CertificateList, DriveView, LookedRoot } from '../../../preload/types';
import { joinPath } from './paths';

export type TargetChoice = { kind: 'default' } | { kind: 'drive'; id: string } | { kind: 'added'; storeId: string } | { kind: 'folder'; chosen: ChosenPath | null };
export type TargetRequest = { store: string } | { folder: string };

/** This PC's NPKI root: the first default root that exists, else the first one (main creates it). */
export function defaultRoot(list: CertificateList | null): LookedRoot | null {
  const roots = list?.looked.filter((l) => l.kind === 'default') ?? [];
  return roots.find((r) => r.present) ?? roots[0] ?? null;
}

/** Folders the user added in Settings (present or not: a missing one fails with a clear error). */
export function addedRoots(list: CertificateList | null): LookedRoot[] {
  return list?.looked.filter((l) => l.kind === 'folder') ?? [];
}

export function driveRoot(drive: DriveView): string {
  return joinPath(drive.mountPoint, 'NPKI');
}

export function targetOf(choice: TargetChoice, list: CertificateList | null, drives: readonly DriveView[]): TargetRequest | null {
  if (choice.kind === 'default') {
    const root = defaultRoot(list);
    return root ? { store: root.storeId } : null;
  }
  if (choice.kind === 'added') return { store: choice.storeId };
  if (choice.kind === 'drive') {
    const drive = drives.find((d) => d.id === choice.id);
    const store = drive ? list?.looked.find((l) => l.kind === 'drive' && l.root === driveRoot(drive)) : undefined;
    return store ? { store: store.storeId } : null;
  }
  return choice.chosen ? { folder: choice.chosen.handle } : null;
}
