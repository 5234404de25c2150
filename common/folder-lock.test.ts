import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { holderAlive, lockFolder } from './folder-lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const busy = (pid: number) => new Error(`busy ${pid}`);
const CHILD = path.join(import.meta.dirname, 'folder-lock-child.test-util.ts');

/**
 * A real process takes the lock, under a parent (`sh … & exec sleep`) that never reaps it: once
 * SIGKILLed it stays a zombie, whose pid still answers kill(pid, 0), the case that failed restarts.
 */
async function lockedByChild(dir: string): Promise<{ pid: number; stopParent(): void }> {
  const parent = spawn('sh', ['-c', `"${process.execPath}" --import tsx "${CHILD}" "${dir}" & exec sleep 600`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: parent.stdout! }).once('line', (line) => resolve(Number(/^locked (\d+)$/.exec(line)?.[1])));
    parent.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  return { pid, stopParent: () => parent.kill('SIGKILL') };
}

function stateOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

describe('the folder lock', () => {
  it('keeps a second taker out while the holder lives, and frees on release', () => {
    const dir = tempDir();
    const release = lockFolder(dir, 'a.lock', busy);
    expect(readFileSync(path.join(dir, 'a.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid}( \\d+)?$`));
    expect(() => lockFolder(dir, 'a.lock', busy)).toThrow(`busy ${process.pid}`);
    release();
    lockFolder(dir, 'a.lock', busy)();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the lock of a SIGKILLed process at once, 20 times in a row (zombie not yet reaped)', async (ctx) => {
    if (process.platform === 'win32') return ctx.skip('uses sh to hold a zombie');
    const dir = tempDir();
    for (let i = 0; i < 20; i++) {
      const child = await lockedByChild(dir);
      expect(() => lockFolder(dir, 'test.lock', busy)).toThrow(`busy ${child.pid}`);
      process.kill(child.pid, 'SIGKILL');
      if (process.platform === 'linux') await expect.poll(() => stateOf(child.pid)).toBe('Z');
      const release = lockFolder(dir, 'test.lock', busy);
      release();
      child.stopParent();
    }
    expect(readdirSync(dir)).toEqual([]);
  }, 180_000);

  it('takes over a lock whose pid now belongs to another process (pid reuse: the start time differs)', (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('process start times are read from /proc (Linux)');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.lock'), `${process.ppid} 1`);
    expect(holderAlive({ pid: process.ppid, start: '1' })).toBe(false);
    expect(holderAlive({ pid: process.ppid, start: null })).toBe(true);
    lockFolder(dir, 'a.lock', busy)();
  });

  it('takes over a lock file that is not a lock (empty or garbage), and one of the old pid-only form', () => {
    const dir = tempDir();
    for (const text of ['', 'garbage', '999999999']) {
      writeFileSync(path.join(dir, 'a.lock'), text);
      lockFolder(dir, 'a.lock', busy)();
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
