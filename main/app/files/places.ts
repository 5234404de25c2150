/**
 * Where the browser host's chooser may look, and the rule for what it shows: the home folder,
 * this computer's NPKI folders, added folders and drives; never a hidden name (`.ssh`, `.bashrc`,
 * `.config` — and so Dojang's own data folder) and never a link out of these roots.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ChooserPlace } from '../../../preload/areas/files.js';
import { DojangError } from '../../../common/errors.js';
import { defaultRootPaths } from '../../stores/roots.js';
import { isInside } from '../../stores/safe-fs.js';

export interface PlaceSources {
  home: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  folders(): Promise<string[]>;
  drives(): { label: string; mountPoint: string }[];
}

export function notAllowed(): DojangError {
  return new DojangError('PATH_NOT_ALLOWED', 'path.notAllowed');
}

/** `~/…` for places in the home folder, the absolute path elsewhere (drives). */
export function displayLocation(home: string, target: string): string {
  const rel = path.relative(home, target);
  if (rel === '') return '~';
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return `~/${rel.split(path.sep).join('/')}`;
  return target;
}

/** Reads what the user typed or the chooser sent: `~`, `~/x`, an absolute path, or a path relative to home. */
export function parseLocation(home: string, location: string): string {
  const text = location.trim();
  if (text.includes('\0')) throw notAllowed();
  if (text === '~') return home;
  if (text.startsWith('~/') || text.startsWith('~\\')) return path.resolve(home, text.slice(2));
  return path.resolve(home, text);
}

/** Home folders the OS keeps for programs (keychains, browser profiles): hidden like dot-folders. Their NPKI roots are roots of their own. */
const PROGRAM_FOLDERS: Partial<Record<NodeJS.Platform, string>> = { darwin: 'Library', win32: 'AppData' };

function hiddenBelow(root: string, target: string, programFolder: string | null): boolean {
  const segments = path.relative(root, target).split(path.sep);
  return segments.some((segment) => segment.startsWith('.')) || (programFolder !== null && segments[0]?.toLowerCase() === programFolder.toLowerCase());
}

export class Places {
  constructor(private readonly sources: PlaceSources) {}

  async list(): Promise<ChooserPlace[]> {
    const { home } = this.sources;
    const npki = defaultRootPaths({ platform: this.sources.platform, homedir: home, env: this.sources.env });
    const present = (await Promise.all(npki.map(async (root) => ((await realpath(root).catch(() => null)) ? root : null)))).filter((r): r is string => r !== null);
    return [
      ...present.map((root) => ({ kind: 'npki' as const, label: displayLocation(home, root), location: displayLocation(home, root) })),
      ...this.sources.drives().map((d) => ({ kind: 'drive' as const, label: d.label, location: d.mountPoint })),
      ...(await this.sources.folders()).map((f) => ({ kind: 'folder' as const, label: displayLocation(home, f), location: displayLocation(home, f) })),
      { kind: 'home', label: '~', location: '~' },
    ];
  }

  /** Whether a listing of `folder` leaves out `name` (a dot name, or a program folder of home). */
  hides(folder: string, name: string): boolean {
    const program = PROGRAM_FOLDERS[this.sources.platform];
    return name.startsWith('.') || (program !== undefined && path.resolve(folder) === path.resolve(this.sources.home) && name.toLowerCase() === program.toLowerCase());
  }

  private async roots(): Promise<string[]> {
    const { home, platform, env } = this.sources;
    return [home, ...defaultRootPaths({ platform, homedir: home, env }), ...(await this.sources.folders()), ...this.sources.drives().map((d) => d.mountPoint)].map((r) =>
      path.resolve(r),
    );
  }

  /**
   * Refuses a place outside the roots, below a hidden name, or inside Dojang's data folder; checked
   * on the path as given and on its real path (a link inside home must not lead to `~/.ssh`).
   * `target` need not exist (a file to save): its nearest existing folder is what is resolved.
   */
  async check(target: string): Promise<void> {
    const roots = await this.roots();
    const program = PROGRAM_FOLDERS[this.sources.platform] ?? null;
    // The first root is home (see roots()), the only one whose program folder is hidden.
    const visible = (p: string, rootList: (string | null)[]) => rootList.some((root, i) => root !== null && isInside(root, p) && !hiddenBelow(root, p, i === 0 ? program : null));
    if (!visible(target, roots)) throw notAllowed();
    const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => null)));
    let existing = target;
    let rest = '';
    for (;;) {
      const real = await realpath(existing).catch(() => null);
      if (real) {
        const full = rest ? path.join(real, rest) : real;
        if (!visible(full, realRoots)) throw notAllowed();
        const data = await realpath(this.sources.dataDir).catch(() => path.resolve(this.sources.dataDir));
        if (isInside(data, full)) throw notAllowed();
        return;
      }
      const parent = path.dirname(existing);
      if (parent === existing) throw notAllowed();
      rest = rest ? path.join(path.basename(existing), rest) : path.basename(existing);
      existing = parent;
    }
  }
}
