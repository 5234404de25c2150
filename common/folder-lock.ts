/**
 * A lock file that keeps a second process out of a folder only one may use at a time (an embedded
 * PGlite database: two openers would corrupt it). Shared by the cloud service and the app.
 *
 * The file holds the owner's pid and, on Linux, the process's start time (/proc/<pid>/stat), so
 * a lock left by a killed process is taken over even when its pid is a zombie not yet reaped or
 * has since been reused by another process. The file is created with its content in one step
 * (link of a written temp file), so no reader ever sees a half-written lock; a stale lock is
 * replaced under a short-lived takeover guard, so two starters cannot both take it.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

interface Holder {
  pid: number;
  /** Clock ticks since boot when the process started (Linux); null where the OS does not tell. */
  start: string | null;
}

/** The start time and state of a process from /proc, or null when there is no such process. */
function procStat(pid: number): { start: string; state: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid … starttime …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function selfHolder(): Holder {
  return { pid: process.pid, start: process.platform === 'linux' ? (procStat(process.pid)?.start ?? null) : null };
}

function format(h: Holder): string {
  return h.start === null ? String(h.pid) : `${h.pid} ${h.start}`;
}

function parse(text: string): Holder | null {
  const m = /^(\d+)(?: (\d+))?$/.exec(text.trim());
  return m ? { pid: Number(m[1]), start: m[2] ?? null } : null;
}

/** Is the process that wrote this lock still running? */
export function holderAlive(h: Holder, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'linux') {
    const stat = procStat(h.pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return false; // gone, or killed and not yet reaped
    return h.start === null || stat.start === h.start; // another process under a reused pid is not the holder
  }
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `file` holding `content`, atomically; false when it exists. */
function createWith(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function removeIfHeldBy(file: string, content: string): void {
  try {
    if (readFileSync(file, 'utf8') === content) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Replaces a stale lock (still holding `stale`) by ours, under a takeover guard; false when someone else moved first. */
function takeOver(file: string, stale: string, mine: string): boolean {
  const guard = `${file}.takeover`;
  if (!createWith(guard, mine)) {
    // A starter that died while taking over leaves its guard: clear it, and let the loop retry.
    const text = readFileSafe(guard);
    const guardHolder = text === null ? null : parse(text);
    if (text !== null && (guardHolder === null || !holderAlive(guardHolder))) removeIfHeldBy(guard, text);
    return false;
  }
  try {
    if (readFileSafe(file) !== stale) return false;
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, mine, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
    return true;
  } finally {
    removeIfHeldBy(guard, mine);
  }
}

/** The file's text, or null when it does not exist. */
function readFileSafe(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Takes the lock; answers its release. `busy` makes the error for a folder another live process holds. */
export function lockFolder(dir: string, fileName: string, busy: (pid: number) => Error): () => void {
  const file = path.join(dir, fileName);
  const mine = format(selfHolder());
  const release = () => removeIfHeldBy(file, mine);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createWith(file, mine)) return release;
    const stale = readFileSafe(file);
    if (stale === null) continue; // released meanwhile: try again
    const holder = parse(stale);
    if (holder && holderAlive(holder)) throw busy(holder.pid);
    // Dead holder, or a file that is not a lock of ours (no process writes a partial one): take it over.
    if (takeOver(file, stale, mine)) return release;
  }
  throw busy(parse(readFileSafe(file) ?? '')?.pid ?? 0);
}
