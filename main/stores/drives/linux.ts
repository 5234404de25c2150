import fs from 'node:fs/promises';
import path from 'node:path';
import type { Drive } from './types.js';

/** Where desktop Linux mounts USB drives: udisks (`/media/<user>/<label>`, `/run/media/<user>/<label>`) and by hand (`/mnt/<x>`). */
export const LINUX_MOUNT_PREFIXES = ['/media', '/run/media', '/mnt'] as const;

export interface MountRow {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
}

/** /proc/self/mounts escapes space, tab, newline and backslash as \040 \011 \012 \134. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parses /proc/self/mounts (fstab format: device mountpoint fstype options dump pass). */
export function parseProcMounts(text: string): MountRow[] {
  const rows: MountRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/[ \t]+/);
    if (f.length < 4 || !f[0] || f[0].startsWith('#')) continue;
    rows.push({
      device: unescapeMount(f[0]),
      mountPoint: unescapeMount(f[1]!),
      fsType: f[2]!,
      options: f[3]!.split(','),
    });
  }
  return rows;
}

function under(p: string, prefix: string): boolean {
  return p.startsWith(prefix.endsWith('/') ? prefix : prefix + '/');
}

export interface LinuxFilterOptions {
  prefixes?: readonly string[];
  /** The sysfs removable hint for a device, or null when it cannot be told. */
  removableOf: (device: string) => boolean | null;
  /** Only real block devices (`/dev/…`); tests with tmpfs turn this off. */
  requireBlockDevice?: boolean;
}

/**
 * Mounts that look like removable drives: a block device mounted below /media or /run/media (unless sysfs
 * says it is not removable), or below /mnt when sysfs says it is. When a mount point is listed twice the
 * last (topmost) mount wins.
 */
export function linuxDrives(rows: MountRow[], opts: LinuxFilterOptions): Drive[] {
  const prefixes = opts.prefixes ?? LINUX_MOUNT_PREFIXES;
  const requireBlock = opts.requireBlockDevice ?? true;
  const byMount = new Map<string, Drive>();
  for (const r of rows) {
    const prefix = prefixes.find((p) => under(r.mountPoint, p));
    if (!prefix) continue;
    if (requireBlock && !r.device.startsWith('/dev/')) continue;
    const removable = opts.removableOf(r.device);
    const strict = path.posix.basename(prefix) === 'mnt';
    if (strict ? removable !== true : removable === false) continue;
    byMount.set(r.mountPoint, {
      id: r.mountPoint,
      mountPoint: r.mountPoint,
      label: path.posix.basename(r.mountPoint),
      removable,
      fsType: r.fsType,
      device: r.device,
    });
  }
  return [...byMount.values()];
}

/**
 * The sysfs hint: `/sys/class/block/<dev>` resolves into the device tree; a partition's disk is its parent.
 * USB disks often report removable=0, so a path through a USB bus counts as removable too.
 */
export async function sysfsRemovable(device: string, sysRoot = '/sys'): Promise<boolean | null> {
  if (!device.startsWith('/dev/')) return null;
  try {
    const name = path.basename(await fs.realpath(device).catch(() => device));
    const real = await fs.realpath(path.join(sysRoot, 'class', 'block', name));
    const disk = (await fs.stat(path.join(real, 'partition')).then(
      () => true,
      () => false,
    ))
      ? path.dirname(real)
      : real;
    if (/\/usb\d*\//.test(disk)) return true;
    const flag = (await fs.readFile(path.join(disk, 'removable'), 'utf8')).trim();
    return flag === '1';
  } catch {
    return null;
  }
}

export interface LinuxListerOptions {
  mountTable?: string;
  prefixes?: readonly string[];
  sysRoot?: string;
  requireBlockDevice?: boolean;
}

export function linuxLister(opts: LinuxListerOptions = {}): () => Promise<Drive[]> {
  const mountTable = opts.mountTable ?? '/proc/self/mounts';
  return async () => {
    const rows = parseProcMounts(await fs.readFile(mountTable, 'utf8'));
    const prefixes = opts.prefixes ?? LINUX_MOUNT_PREFIXES;
    const hints = new Map<string, boolean | null>();
    for (const r of rows) {
      if (hints.has(r.device) || !prefixes.some((p) => under(r.mountPoint, p))) continue;
      hints.set(r.device, await sysfsRemovable(r.device, opts.sysRoot));
    }
    return linuxDrives(rows, {
      removableOf: (d) => hints.get(d) ?? null,
      prefixes,
      ...(opts.requireBlockDevice !== undefined ? { requireBlockDevice: opts.requireBlockDevice } : {}),
    });
  };
}
