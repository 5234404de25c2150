/**
 * Importing a .pfx into an NPKI root: the one path for the app and the CLI (issue 12), so both
 * follow the copy module's folder rule (stores/copy.ts, targetUserFolder): the chosen NPKI
 * folder itself may be created inside an existing folder, never its parents (`~/.ssh`) and never
 * a missing drive's mount point. The PFX becomes key files in a private staging folder first;
 * the verified, conflict-aware copy then puts them into the root, whatever its folder is called.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importPfxToFolder, type PfxToKeyFile } from '../npki/pkcs12.js';
import { copyCertificate, type ConflictChoice, type CopyResult } from './copy.js';
import type { Trash } from './recovery.js';
import type { MessageKey } from '../../preload/messages/format.js';

export interface PfxImportOptions {
  onConflict?: ConflictChoice;
  trash?: Trash;
  /** Where the PFX work runs (the app: its crypto worker; the CLI: in line). */
  convert?: PfxToKeyFile;
}

export interface PfxImportResult {
  copied: CopyResult;
  hasRandomNum: boolean;
  warning: MessageKey | null;
}

export async function importPfxInto(pfxPath: string, pfxPassword: string, newPassword: string | undefined, root: string, opts: PfxImportOptions = {}): Promise<PfxImportResult> {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'dojang-import-'));
  try {
    const imported = await importPfxToFolder(pfxPath, pfxPassword, newPassword, staging, opts.convert ? { convert: opts.convert } : {});
    const copied = await copyCertificate(imported.path, root, {
      ...(opts.onConflict ? { onConflict: opts.onConflict } : {}),
      ...(opts.trash ? { trash: opts.trash } : {}),
    });
    return { copied, hasRandomNum: imported.hasRandomNum, warning: imported.warning ?? null };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
