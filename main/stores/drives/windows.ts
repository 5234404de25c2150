import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import type { Drive } from './types.js';

/** Win32_LogicalDisk.DriveType: 2 = removable (USB stick, card). */
export const DRIVE_TYPE_REMOVABLE = 2;

export const POWERSHELL_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  'Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,DriveType,VolumeName,FileSystem,Size | ConvertTo-Json -Compress',
];

interface LogicalDisk {
  DeviceID?: unknown;
  DriveType?: unknown;
  VolumeName?: unknown;
  FileSystem?: unknown;
  Size?: unknown;
}

/**
 * Parses the PowerShell output. ConvertTo-Json prints one object (not an array) when there is one disk,
 * and nothing at all when there is none. A removable slot without media (empty card reader) has Size null.
 */
export function parseLogicalDisks(json: string): Drive[] {
  const text = json.replace(/^\uFEFF/, '').trim();
  if (!text) return [];
  const parsed = JSON.parse(text) as LogicalDisk | LogicalDisk[];
  const disks = Array.isArray(parsed) ? parsed : [parsed];
  const drives: Drive[] = [];
  for (const d of disks) {
    if (d.DriveType !== DRIVE_TYPE_REMOVABLE || typeof d.DeviceID !== 'string' || d.Size == null) continue;
    if (!/^[A-Z]:$/i.test(d.DeviceID)) continue;
    const mountPoint = `${d.DeviceID.toUpperCase()}\\`;
    const name = typeof d.VolumeName === 'string' && d.VolumeName ? d.VolumeName : '이동식 디스크';
    drives.push({
      id: mountPoint,
      mountPoint,
      label: `${name} (${d.DeviceID.toUpperCase()})`,
      removable: true,
      fsType: typeof d.FileSystem === 'string' ? d.FileSystem : null,
      device: d.DeviceID.toUpperCase(),
    });
  }
  return drives;
}

/** Letters to probe: C–Z except the system drive (A:/B: are floppy slots that can stall). */
export function probeLetters(systemDrive = 'C:'): string[] {
  const sys = systemDrive.toUpperCase().charAt(0);
  return Array.from({ length: 24 }, (_, i) => String.fromCharCode(67 + i)).filter((l) => l !== sys);
}

/** Drive-letter probing: which of the letters answer. Cannot tell removable from fixed. */
export async function probeDrives(letters: string[], exists: (root: string) => Promise<boolean>): Promise<Drive[]> {
  const found = await Promise.all(letters.map(async (l) => ((await exists(`${l}:\\`)) ? l : null)));
  return found.filter((l): l is string => l !== null).map((l) => ({ id: `${l}:\\`, mountPoint: `${l}:\\`, label: `${l}:`, removable: null, fsType: null, device: `${l}:` }));
}

function runPowerShell(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('powershell.exe', POWERSHELL_ARGS, { timeout: 10_000, windowsHide: true }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/**
 * Polling PowerShell every second would cost a process start each time, so each poll probes drive letters
 * (cheap) and asks PowerShell only when the set of letters changed. Without PowerShell, probing alone is used.
 */
export function windowsLister(
  deps: {
    systemDrive?: string;
    exists?: (root: string) => Promise<boolean>;
    powershell?: () => Promise<string>;
  } = {},
): () => Promise<Drive[]> {
  const exists =
    deps.exists ??
    ((root: string) =>
      fs.stat(root).then(
        () => true,
        () => false,
      ));
  const powershell = deps.powershell ?? runPowerShell;
  const letters = probeLetters(deps.systemDrive ?? process.env['SystemDrive'] ?? 'C:');
  let lastKey: string | null = null;
  let last: Drive[] = [];
  return async () => {
    const probed = await probeDrives(letters, exists);
    const key = probed.map((d) => d.id).join(',');
    if (key === lastKey) return last;
    try {
      const present = new Set(probed.map((d) => d.id));
      last = parseLogicalDisks(await powershell()).filter((d) => present.has(d.id));
    } catch {
      last = probed;
    }
    lastKey = key;
    return last;
  };
}
