/**
 * Files the OS asks the app to open (a .p7s or .pfx double-clicked in the file manager): from the
 * command line on Windows and Linux (first launch, and the second instance's argv; the browser
 * host's too), from macOS's `open-file` event. Signatures open in Verify, certificate bundles in
 * Import. The OS handing us a file is the user choosing it: the renderer gets a handle for it,
 * as from a file dialog (docs/security.md), and takes the files when its window is ready.
 */
import path from 'node:path';
import type { ChosenPath } from '../../preload/areas/files.js';
import type { Events } from '../../preload/types.js';
import type { FileAccess } from './files/index.js';

export type OpenKind = 'verify' | 'import';

/** Extensions registered in electron-builder.yml `fileAssociations` (keep the two in step: builder-config.test.ts). */
export const OPEN_KINDS: Readonly<Record<string, OpenKind>> = { '.p7s': 'verify', '.p7m': 'verify', '.pfx': 'import', '.p12': 'import' };

export function openKind(file: string): OpenKind | null {
  return OPEN_KINDS[path.extname(file).toLowerCase()] ?? null;
}

/** The files to open in an argv (flags and the app's own script skipped), resolved against the launch folder. */
export function filesInArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && openKind(a) !== null)
    .map((a) => path.resolve(cwd, a));
}

export interface OpenedFile {
  path: string;
  kind: OpenKind;
  /** A handle for the screen that opens it (verify-input or import-pfx); null when the file is gone. */
  chosen: ChosenPath | null;
}

/**
 * The files waiting for the window: queued, then announced (openFile). The renderer takes them
 * when it starts and after each announcement, so a file opened before the window loaded is not lost.
 */
export class OpenedFiles {
  private pending: OpenedFile[] = [];

  constructor(
    private readonly files: FileAccess,
    private readonly emit: <E extends keyof Events>(event: E, payload: Events[E]) => void,
  ) {}

  async open(file: string): Promise<void> {
    const kind = openKind(file);
    if (!kind) return;
    const chosen = await this.files.grant(kind === 'verify' ? 'verify-input' : 'import-pfx', file).catch(() => null);
    this.pending.push({ path: file, kind, chosen });
    this.emit('openFile', { path: file, kind });
  }

  take(): OpenedFile[] {
    return this.pending.splice(0);
  }
}
