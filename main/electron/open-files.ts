/**
 * Files the OS asks the app to open (a .p7s or .pfx double-clicked in the file manager): from the
 * command line on Windows and Linux (first launch, and the second instance's argv), from macOS's
 * `open-file` event. Signatures open in Verify, certificate bundles in Import.
 */
import path from 'node:path';

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
