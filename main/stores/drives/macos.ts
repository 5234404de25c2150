import fs from 'node:fs/promises';
import path from 'node:path';
import type { Drive } from './types.js';

export interface VolumeEntry {
  name: string;
  /** lstat kind: the boot volume appears in /Volumes as a symlink to `/`. */
  kind: 'dir' | 'symlink' | 'other';
  /** st_dev of the volume (for a symlink: of its target, or -1 when it dangles). */
  dev: number;
}

/**
 * Volumes under /Volumes minus the boot volume: its symlink (`Macintosh HD -> /`), anything on the same
 * device as `/` or the Data volume (APFS system/data split), hidden names (`.timemachine`, `.DS_Store`).
 */
export function macVolumes(entries: VolumeEntry[], bootDevs: number[], volumesDir = '/Volumes'): Drive[] {
  return entries
    .filter((e) => !e.name.startsWith('.') && e.kind === 'dir' && !bootDevs.includes(e.dev))
    .map((e) => {
      const mountPoint = path.posix.join(volumesDir, e.name);
      return { id: mountPoint, mountPoint, label: e.name, removable: null, fsType: null, device: null };
    });
}

export function macLister(volumesDir = '/Volumes'): () => Promise<Drive[]> {
  return async () => {
    const bootDevs: number[] = [];
    for (const p of ['/', '/System/Volumes/Data']) {
      const st = await fs.stat(p).catch(() => null);
      if (st) bootDevs.push(st.dev);
    }
    const dirents = await fs.readdir(volumesDir, { withFileTypes: true }).catch(() => []);
    const entries: VolumeEntry[] = [];
    for (const d of dirents) {
      const st = await fs.stat(path.join(volumesDir, d.name)).catch(() => null);
      entries.push({
        name: d.name,
        kind: d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'dir' : 'other',
        dev: st ? st.dev : -1,
      });
    }
    return macVolumes(entries, bootDevs, volumesDir);
  };
}
