/** Test-only: real tmpfs mounts (needs root / CAP_SYS_ADMIN). Returns why it could not, or null. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';

export async function mountTmpfs(dir: string, options: string): Promise<string | null> {
  await fs.mkdir(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return (e as { stderr?: Buffer }).stderr?.toString().trim() || String(e);
  }
}

export function remount(dir: string, options: string): void {
  execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}
