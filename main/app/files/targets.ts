/**
 * Where a copy, move or import goes, from what the renderer may send: the id of a store the
 * catalog lists (this computer's NPKI folder, an added folder, a drive's NPKI folder) or a folder
 * handle chosen for 'copy-target'. A chosen folder not named NPKI gets its NPKI folder inside,
 * as on a USB drive.
 */
import path from 'node:path';
import { DojangError } from '../../../common/errors.js';
import { NPKI_FOLDER } from '../../stores/roots.js';
import type { AppContext } from '../context.js';

export type TargetRequest = { store: string } | { folder: string };

export async function targetRoot(ctx: AppContext, target: TargetRequest): Promise<string> {
  if ('folder' in target) {
    const folder = ctx.files.handles.resolve(target.folder, 'copy-target');
    return path.basename(folder).toUpperCase() === NPKI_FOLDER ? folder : path.join(folder, NPKI_FOLDER);
  }
  const store = (await ctx.catalog.stores()).find((s) => s.id === target.store);
  if (!store) throw new DojangError('DRIVE_REMOVED', 'path.placeGone');
  return store.root;
}
