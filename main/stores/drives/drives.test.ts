import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { needs } from '../../../fixtures/environment.js';
import { certFactory, tempDir, writeCertFolder } from '../cert-factory.test-util.js';
import { driveStore } from '../roots.js';
import { scanStores } from '../scan.js';
import { linuxDrives, linuxLister, parseProcMounts, sysfsRemovable } from './linux.js';
import { macLister, macVolumes, type VolumeEntry } from './macos.js';
import type { Drive } from './types.js';
import { DriveWatcher, type DrivesChanged } from './watcher.js';
import { parseLogicalDisks, probeDrives, probeLetters, windowsLister } from './windows.js';

const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string) => readFileSync(path.join(FIX, name), 'utf8');

let base: string;
beforeAll(async () => {
  base = await tempDir('dojang-drives-');
});
afterAll(async () => {
  await fs.rm(base, { recursive: true, force: true });
});

describe('Linux mount table', () => {
  it('parses /proc/self/mounts with octal escapes', () => {
    const rows = parseProcMounts(fixture('linux-ubuntu-mounts.txt'));
    expect(rows).toHaveLength(22);
    expect(rows.find((r) => r.device === '/dev/sdb1')).toEqual(expect.objectContaining({ mountPoint: '/media/hong/SAMSUNG USB', fsType: 'vfat' }));
    const fedora = parseProcMounts(fixture('linux-fedora-mounts.txt'));
    expect(fedora.at(-1)!.mountPoint).toBe('/run/media/hong/Backup\\Disk');
  });

  it('keeps removable block devices under /media, /run/media and (only when sysfs says so) /mnt', () => {
    const hints: Record<string, boolean | null> = { '/dev/sda1': false, '/dev/sdb1': true, '/dev/sdc1': false, '/dev/sdd1': true };
    const drives = linuxDrives(parseProcMounts(fixture('linux-ubuntu-mounts.txt')), {
      removableOf: (d) => hints[d] ?? null,
    });
    expect(drives.map((d) => [d.mountPoint, d.label, d.removable, d.fsType])).toEqual([
      ['/media/hong/SAMSUNG USB', 'SAMSUNG USB', true, 'vfat'],
      ['/mnt/usb', 'usb', true, 'exfat'],
    ]);
    const fedora = linuxDrives(parseProcMounts(fixture('linux-fedora-mounts.txt')), {
      removableOf: (d) => (d === '/dev/sdb1' ? true : null),
    });
    expect(fedora.map((d) => [d.mountPoint, d.removable])).toEqual([
      ['/run/media/hong/KINGSTON', true],
      ['/run/media/hong/Backup\\Disk', null],
    ]);
  });

  it('reads the removable hint from a sysfs tree (flag, USB bus, partition → disk)', async () => {
    const sys = path.join(base, 'sys');
    const usbDisk = path.join(sys, 'devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb');
    const sataDisk = path.join(sys, 'devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda');
    const cardDisk = path.join(sys, 'devices/platform/mmc0/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0');
    for (const [disk, part, flag] of [
      [usbDisk, 'sdb1', '0'],
      [sataDisk, 'sda1', '0'],
      [cardDisk, 'mmcblk0p1', '1'],
    ] as const) {
      await fs.mkdir(path.join(disk, part), { recursive: true });
      await fs.writeFile(path.join(disk, 'removable'), flag + '\n');
      await fs.writeFile(path.join(disk, part, 'partition'), '1\n');
      await fs.mkdir(path.join(sys, 'class/block'), { recursive: true });
      await fs.symlink(path.join(disk, part), path.join(sys, 'class/block', part));
    }
    expect(await sysfsRemovable('/dev/sdb1', sys)).toBe(true); // removable=0 but on a USB bus
    expect(await sysfsRemovable('/dev/sda1', sys)).toBe(false);
    expect(await sysfsRemovable('/dev/mmcblk0p1', sys)).toBe(true);
    expect(await sysfsRemovable('/dev/sdz9', sys)).toBeNull();
    expect(await sysfsRemovable('//nas/share', sys)).toBeNull();
  });

  it('this machine: the real root disk is not removable', async (ctx) => {
    const root = parseProcMounts(readFileSync('/proc/self/mounts', 'utf8')).find((r) => r.mountPoint === '/');
    // A container's / is an overlay, not a disk: nothing CI can install changes that.
    if (!root?.device.startsWith('/dev/')) return ctx.skip(`/ is mounted from ${root?.device ?? 'nothing'}, not a block device`);
    expect(await sysfsRemovable(root.device)).not.toBe(true);
  });
});

describe('Windows logical disks', () => {
  it('keeps DriveType 2 with media, in all three output shapes', () => {
    expect(parseLogicalDisks(fixture('win-logicaldisk-multi.json')).map((d) => [d.mountPoint, d.label, d.fsType])).toEqual([
      ['E:\\', 'SAMSUNG USB (E:)', 'FAT32'],
      ['G:\\', '이동식 디스크 (G:)', 'exFAT'],
    ]);
    expect(parseLogicalDisks(fixture('win-logicaldisk-single.json'))).toEqual([]);
    expect(parseLogicalDisks(fixture('win-logicaldisk-pretty.json'))).toEqual([
      { id: 'H:\\', mountPoint: 'H:\\', label: '공인인증서 (H:)', removable: true, fsType: 'FAT32', device: 'H:' },
    ]);
    expect(parseLogicalDisks('')).toEqual([]);
  });

  it('probes letters except A/B and the system drive', async () => {
    expect(probeLetters('C:')).toHaveLength(23);
    expect(probeLetters('D:')).toContain('C');
    const drives = await probeDrives(probeLetters(), async (r) => r === 'E:\\' || r === 'Z:\\');
    expect(drives.map((d) => d.mountPoint)).toEqual(['E:\\', 'Z:\\']);
  });

  it('asks PowerShell only when the letters change, and falls back to probing', async () => {
    let letters = new Set(['E:\\']);
    let calls = 0;
    let psOutput = fixture('win-logicaldisk-multi.json');
    const list = windowsLister({
      systemDrive: 'C:',
      exists: async (r) => letters.has(r),
      powershell: async () => {
        calls++;
        return psOutput;
      },
    });
    expect((await list()).map((d) => d.id)).toEqual(['E:\\']);
    expect((await list()).map((d) => d.id)).toEqual(['E:\\']);
    expect(calls).toBe(1);
    letters = new Set(['E:\\', 'G:\\']);
    expect((await list()).map((d) => d.id)).toEqual(['E:\\', 'G:\\']);
    expect(calls).toBe(2);
    psOutput = '';
    letters = new Set(['K:\\']);
    // PowerShell answers with no disks → no removable drive; a thrown error → the probing result
    expect(await list()).toEqual([]);
    expect(calls).toBe(3);
    letters = new Set(['M:\\']);
    const failing = windowsLister({ systemDrive: 'C:', exists: async (r) => r === 'M:\\', powershell: () => Promise.reject(new Error('no')) });
    expect((await failing()).map((d) => [d.id, d.removable])).toEqual([['M:\\', null]]);
  });
});

describe('macOS volumes', () => {
  it('lists /Volumes minus the boot volume, its Data twin and hidden entries', () => {
    const sample = JSON.parse(fixture('macos-volumes.json')) as { bootDevs: number[]; entries: VolumeEntry[] };
    expect(macVolumes(sample.entries, sample.bootDevs).map((d) => d.mountPoint)).toEqual(['/Volumes/NO NAME', '/Volumes/SAMSUNG USB', '/Volumes/Google Chrome']);
  });

  it('the lister drops a symlink to / and folders on the boot device (real temp /Volumes)', async () => {
    const vols = path.join(base, 'Volumes');
    await fs.mkdir(path.join(vols, 'same-device'), { recursive: true });
    await fs.symlink('/', path.join(vols, 'Macintosh HD'));
    const rootDev = (await fs.stat('/')).dev;
    const here = (await fs.stat(vols)).dev;
    const drives = await macLister(vols)();
    if (here === rootDev) expect(drives).toEqual([]);
    else expect(drives.map((d) => d.label)).toEqual(['same-device']);
  });
});

describe('DriveWatcher', () => {
  it('emits drivesChanged with added/removed from an injected lister', async () => {
    let current: Drive[] = [];
    const d = (m: string): Drive => ({ id: m, mountPoint: m, label: m, removable: true, fsType: null, device: null });
    const w = new DriveWatcher({ list: async () => current, intervalMs: 20 });
    const events: DrivesChanged[] = [];
    w.on('drivesChanged', (e) => events.push(e));
    expect(await w.start()).toEqual([]);
    current = [d('/media/a')];
    await waitFor(() => events.length === 1);
    current = [d('/media/b')];
    await waitFor(() => events.length === 2);
    w.stop();
    expect(events[0]).toMatchObject({ added: [{ id: '/media/a' }], removed: [] });
    expect(events[1]).toMatchObject({ added: [{ id: '/media/b' }], removed: [{ id: '/media/a' }], drives: [{ id: '/media/b' }] });
  });

  it('a scan while the first listing runs gets no drives at once; that listing then comes as a change (PowerShell on Windows)', async () => {
    const stick: Drive = { id: '/media/stick', mountPoint: '/media/stick', label: 'USB', removable: true, fsType: 'vfat', device: '/dev/sdz1' };
    let answer!: (drives: Drive[]) => void;
    const w = new DriveWatcher({ list: () => new Promise<Drive[]>((resolve) => (answer = resolve)), intervalMs: 60_000 });
    const events: DrivesChanged[] = [];
    w.on('drivesChanged', (e) => events.push(e));
    const started = w.start();
    expect(w.forScan()).toEqual([]); // at once: the listing is still held
    answer([stick]);
    expect(await started).toEqual([stick]);
    w.stop();
    // Emitted before start()/known() resolve: whoever waits there sees the change already made.
    expect(events).toEqual([{ added: [stick], removed: [], drives: [stick] }]);
    expect(w.forScan()).toEqual([stick]);
  });

  it('no scan before the first listing ends: no change event for it', async () => {
    const stick: Drive = { id: '/media/stick', mountPoint: '/media/stick', label: 'USB', removable: true, fsType: 'vfat', device: '/dev/sdz1' };
    const w = new DriveWatcher({ list: async () => [stick], intervalMs: 60_000 });
    const events: DrivesChanged[] = [];
    w.on('drivesChanged', (e) => events.push(e));
    expect(await w.start()).toEqual([stick]);
    expect(w.forScan()).toEqual([stick]);
    w.stop();
    expect(events).toEqual([]);
  });

  it('a failing listing is reported and keeps the last set', async () => {
    let fail = false;
    const w = new DriveWatcher({
      list: async () => {
        if (fail) throw new Error('mount table unreadable');
        return [{ id: '/m', mountPoint: '/m', label: 'm', removable: null, fsType: null, device: null }];
      },
      intervalMs: 10_000,
    });
    const errors: unknown[] = [];
    w.on('listError', (e) => errors.push(e));
    await w.start();
    fail = true;
    expect(await w.poll()).toBeNull();
    w.stop();
    expect(errors).toHaveLength(1);
    expect(w.drives.map((d) => d.id)).toEqual(['/m']);
  });

  it('follows a test mount table file (Linux lister, real temp folders)', async () => {
    const media = path.join(base, 'media');
    const stick = path.join(media, 'hong', 'MY USB');
    await fs.mkdir(stick, { recursive: true });
    const table = path.join(base, 'mounts');
    const line = (dev: string, mp: string) => `${dev} ${mp.replace(/ /g, '\\040')} vfat rw,relatime 0 0\n`;
    await fs.writeFile(table, line('/dev/nvme0n1p2', '/'));
    const w = new DriveWatcher({ list: linuxLister({ mountTable: table, prefixes: [media], sysRoot: path.join(base, 'no-sys') }) });
    const events: DrivesChanged[] = [];
    w.on('drivesChanged', (e) => events.push(e));
    await w.start();
    await fs.writeFile(table, line('/dev/nvme0n1p2', '/') + line('/dev/sdb1', stick));
    await waitFor(() => events.length === 1);
    await fs.writeFile(table, line('/dev/nvme0n1p2', '/'));
    await waitFor(() => events.length === 2);
    w.stop();
    expect(events[0]!.added.map((d) => [d.mountPoint, d.label])).toEqual([[stick, 'MY USB']]);
    expect(events[1]!.removed.map((d) => d.mountPoint)).toEqual([stick]);
  });
});

describe('a real tmpfs "drive" (needs mount permission)', () => {
  const media = () => path.join(base, 'rmedia');
  const mp = () => path.join(media(), 'hong', 'USBSTICK');

  async function tryMount(): Promise<string | null> {
    await fs.mkdir(mp(), { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mp()], { stdio: 'pipe' });
      return null;
    } catch (e) {
      return (e as { stderr?: Buffer }).stderr?.toString().trim() || String(e);
    }
  }
  const umount = (lazy = false) => execFileSync('umount', lazy ? ['-l', mp()] : [mp()], { stdio: 'pipe' });

  it('the watcher sees the mount and the unmount', async (ctx) => {
    const w = new DriveWatcher({ list: linuxLister({ prefixes: [media()], requireBlockDevice: false }) });
    const events: DrivesChanged[] = [];
    w.on('drivesChanged', (e) => events.push(e));
    await w.start();
    const failed = await tryMount();
    if (failed) w.stop();
    needs(ctx, 'tmpfs', failed && `cannot mount tmpfs here (${failed})`);
    try {
      await waitFor(() => events.length === 1);
      expect(events[0]!.added.map((d) => [d.mountPoint, d.fsType])).toEqual([[mp(), 'tmpfs']]);
    } finally {
      umount();
    }
    await waitFor(() => events.length === 2);
    w.stop();
    expect(events[1]!.removed.map((d) => d.mountPoint)).toEqual([mp()]);
  });

  it('a drive unmounted mid-scan gives DRIVE_REMOVED rows, not a crash', async (ctx) => {
    const failed = await tryMount();
    needs(ctx, 'tmpfs', failed && `cannot mount tmpfs here (${failed})`);
    let unmounted = false;
    try {
      const store = driveStore({ mountPoint: mp(), label: 'USBSTICK' });
      const factory = certFactory();
      for (let i = 0; i < 60; i++) {
        await writeCertFolder(store.root, 'yessign', `cn=${i}`, { 'signCert.der': factory.make({ serial: i, cn: `t${i}` }) });
      }
      const report = await scanStores([store], {
        onEntry: () => {
          if (unmounted) return;
          unmounted = true;
          umount(true);
        },
      });
      expect(report.entries.length).toBeGreaterThan(0);
      expect(report.entries.every((e) => e.state === 'removed' && e.errorCode === 'DRIVE_REMOVED')).toBe(true);
      expect(report.looked[0]).toMatchObject({ present: true, removed: true });
    } finally {
      if (!unmounted) umount();
    }
  });
});

/** Waits on the watcher's state; the generous timeout only ends a hung test, it is no speed budget. */
function waitFor(cond: () => boolean): Promise<void> {
  return vi.waitFor(() => expect(cond()).toBe(true), { timeout: 20_000, interval: 10 });
}
