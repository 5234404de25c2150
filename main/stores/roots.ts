import { createHash } from 'node:crypto';
import path from 'node:path';
import type { StoreRef } from './types.js';

/** What the default roots depend on; passed in so the rule is a pure function testable for every OS. */
export interface RootsContext {
  platform: NodeJS.Platform;
  homedir: string;
  env: Record<string, string | undefined>;
}

export const NPKI_FOLDER = 'NPKI';

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The OS default NPKI roots (SPEC §1.1), most common first. */
export function defaultRootPaths(ctx: RootsContext): string[] {
  const p = pathApi(ctx.platform);
  const home = ctx.homedir;
  let roots: string[];
  switch (ctx.platform) {
    case 'win32': {
      const profile = ctx.env['USERPROFILE'] || home;
      const programFiles = ctx.env['ProgramFiles'] || 'C:\\Program Files';
      const programFilesX86 = ctx.env['ProgramFiles(x86)'] || 'C:\\Program Files (x86)';
      roots = [p.join(profile, 'AppData', 'LocalLow', NPKI_FOLDER), p.join(programFiles, NPKI_FOLDER), p.join(programFilesX86, NPKI_FOLDER)];
      break;
    }
    case 'darwin':
      roots = [p.join(home, 'Library', 'Preferences', NPKI_FOLDER), p.join(home, 'Documents', NPKI_FOLDER), p.join(home, NPKI_FOLDER)];
      break;
    default:
      roots = [p.join(home, NPKI_FOLDER)];
  }
  return dedupe(roots, ctx.platform);
}

/** Windows and macOS compare paths case-insensitively (default file systems). */
function pathKey(root: string, platform: NodeJS.Platform): string {
  const normalized = pathApi(platform).normalize(root);
  return platform === 'win32' || platform === 'darwin' ? normalized.toLowerCase() : normalized;
}

function dedupe(roots: string[], platform: NodeJS.Platform): string[] {
  const seen = new Set<string>();
  return roots.filter((r) => {
    const k = pathKey(r, platform);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function storeId(kind: StoreRef['kind'], root: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(pathKey(root, platform)).digest('hex').slice(0, 16);
  return `${kind}:${hash}`;
}

/** Shows `~/…` for paths in the home folder: shorter and does not print the user name twice. */
function displayPath(root: string, ctx: RootsContext): string {
  const p = pathApi(ctx.platform);
  const rel = p.relative(ctx.homedir, root);
  if (ctx.platform !== 'win32' && rel && !rel.startsWith('..') && !p.isAbsolute(rel)) return `~/${rel}`;
  return root;
}

export function defaultStores(ctx: RootsContext): StoreRef[] {
  return defaultRootPaths(ctx).map((root) => ({
    id: storeId('default', root, ctx.platform),
    kind: 'default',
    label: displayPath(root, ctx),
    root,
  }));
}

/** A folder the user added. `root` is the NPKI folder itself (see resolveUserFolder). */
export function folderStore(root: string, platform: NodeJS.Platform = process.platform): StoreRef {
  const p = pathApi(platform);
  const abs = p.resolve(root);
  return { id: storeId('folder', abs, platform), kind: 'folder', label: abs, root: abs };
}

/** A removable drive: its NPKI folder is `<mount point>/NPKI`. */
export function driveStore(drive: { mountPoint: string; label: string }, platform: NodeJS.Platform = process.platform): StoreRef {
  const root = pathApi(platform).join(drive.mountPoint, NPKI_FOLDER);
  return { id: storeId('drive', root, platform), kind: 'drive', label: drive.label, root, driveLabel: drive.label };
}

/** All stores to look at: defaults, then user folders, then drives; the same root is listed once. */
export function allStores(ctx: RootsContext, userFolders: string[], drives: { mountPoint: string; label: string }[]): StoreRef[] {
  const stores = [...defaultStores(ctx), ...userFolders.map((f) => folderStore(f, ctx.platform)), ...drives.map((d) => driveStore(d, ctx.platform))];
  const seen = new Set<string>();
  return stores.filter((s) => {
    const k = pathKey(s.root, ctx.platform);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
