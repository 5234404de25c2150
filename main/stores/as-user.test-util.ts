/**
 * Test-only: runs a small test entry (a *-cli.test-util.ts) as an unprivileged user, so permission
 * checks meet the kernel as a real user would. As root the child runs as `nobody` (uid/gid 65534);
 * as anyone else it runs as that user, who is unprivileged already.
 *
 * `nobody` may not be able to reach the checkout (e.g. a clone inside a 0700 folder) or its
 * node_modules, so the entry is first bundled with esbuild, dependencies included, into a 0755
 * folder under /tmp; the child needs nothing else from the repo. Whatever data it reads must be
 * made readable by the caller (see `openToOthers`).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** A temp folder every user can enter: os.tmpdir() when all its ancestors are searchable by others, else /tmp. */
export function sharedTempDir(prefix: string): string {
  const searchable = (dir: string): boolean => {
    for (let d = dir; ; d = path.dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) return false;
      if (path.dirname(d) === d) return true;
    }
  };
  const parent = searchable(os.tmpdir()) ? os.tmpdir() : '/tmp';
  return mkdtempSync(path.join(parent, prefix));
}

/** Makes `dir` and everything under it readable (and folders enterable) by other users. */
export async function openToOthers(dir: string): Promise<void> {
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    await fs.chmod(p, e.isDirectory() ? 0o755 : 0o644);
  }
  await fs.chmod(dir, 0o755);
}

export interface UnprivilegedRunner {
  /** Who the child runs as, for messages. */
  who: string;
  run(args: string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
  dispose(): void;
}

/**
 * Bundles `entry` and checks that the unprivileged user can run it. Returns the runner, or why it
 * cannot run here (a reason naming the cause, for a skip or, under CI, a failure).
 */
export async function unprivilegedRunner(entry: string): Promise<UnprivilegedRunner | { why: string }> {
  if (process.platform === 'win32') return { why: 'POSIX file modes do not restrict access on Windows' };
  const dir = sharedTempDir('dojang-as-user-');
  await fs.chmod(dir, 0o755);
  const outfile = path.join(dir, 'child.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  await fs.chmod(outfile, 0o644);
  const ids = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const who = asRoot ? `nobody (uid ${NOBODY})` : `the current user (uid ${process.getuid?.()})`;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [outfile, ...args], { encoding: 'utf8', cwd: dir, ...ids, env: { ...process.env, HOME: dir, ...env } });
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    accessSync(process.execPath, constants.X_OK);
  } catch {
    dispose();
    return { why: `${process.execPath} is not executable` };
  }
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.getuid()))'], { encoding: 'utf8', cwd: dir, ...ids });
  if (probe.error || probe.status !== 0) {
    dispose();
    return { why: `${who} cannot run ${process.execPath}: ${probe.error?.message ?? probe.stderr.trim()}` };
  }
  return { who, run, dispose };
}
