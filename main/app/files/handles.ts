/**
 * Opaque handles for paths the user chose. The renderer holds only the random id and a display
 * name; main keeps the path, the one purpose it was chosen for, and when it lapses. Handles live
 * in memory for this run of the app (a restart forgets them) and are spent by their first
 * successful write.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ChosenPath, PathPurpose } from '../../../preload/areas/files.js';
import { DojangError } from '../../../common/errors.js';
import { PURPOSE_RULES } from './purposes.js';

/** A choice is for the task at hand: after this, choose again. */
export const HANDLE_TTL_MS = 30 * 60 * 1000;
/** A renderer asking for handles in a loop cannot grow main's memory without bound. */
const MAX_HANDLES = 200;

interface Held {
  path: string;
  purpose: PathPurpose;
  expiresAt: number;
}

export function notChosen(): DojangError {
  return new DojangError('PATH_NOT_CHOSEN', 'path.notChosen');
}

export class HandleStore {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly now: () => number,
    private readonly display: (target: string) => string,
  ) {}

  issue(purpose: PathPurpose, target: string): ChosenPath {
    this.sweep();
    while (this.held.size >= MAX_HANDLES) this.held.delete(this.held.keys().next().value!);
    const handle = `h_${randomBytes(18).toString('base64url')}`;
    this.held.set(handle, { path: target, purpose, expiresAt: this.now() + HANDLE_TTL_MS });
    return { handle, purpose, name: path.basename(target) || target, where: this.display(path.dirname(target)) };
  }

  /** The path behind a handle of this purpose; anything else (a typed path, another purpose, a lapsed handle) is refused. */
  resolve(handle: string, purpose: PathPurpose): string {
    const held = this.held.get(handle);
    if (!held || held.purpose !== purpose || held.expiresAt <= this.now()) throw notChosen();
    return held.path;
  }

  /** Runs `use` on the handle's path; a single-use handle is spent once `use` succeeds (a wrong password lets the user retry). */
  async use<T>(handle: string, purpose: PathPurpose, use: (target: string) => Promise<T>): Promise<T> {
    const result = await use(this.resolve(handle, purpose));
    if (PURPOSE_RULES[purpose].singleUse) this.held.delete(handle);
    return result;
  }

  private sweep(): void {
    const now = this.now();
    for (const [handle, held] of this.held) if (held.expiresAt <= now) this.held.delete(handle);
  }
}
