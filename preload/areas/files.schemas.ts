import { z } from 'zod';

/**
 * Paths as capabilities: the renderer never names a file. A file or folder the user chose (native
 * dialog, or the browser host's chooser) reaches it as an opaque handle bound to one purpose.
 */
export const PATH_PURPOSES = ['save-report', 'sign-input', 'sign-output', 'export-pfx', 'import-pfx', 'verify-input', 'trust-anchor', 'crl', 'copy-target', 'add-folder'] as const;

export const purpose = z.enum(PATH_PURPOSES);
/** A handle as main issued it. Any other string (a typed path, say) is refused by main with PATH_NOT_CHOSEN. */
export const fileHandle = z.string().min(1).max(4096);
const chooserId = z.string().min(1).max(100);
/** A place in the browser host's chooser: `~`, `~/…`, or a drive / NPKI folder the chooser offered. */
const location = z.string().min(1).max(4096);
const fileName = z.string().min(1).max(255);

export const fileSchemas = {
  choosePath: z.object({ purpose, defaultName: fileName.optional() }).strict(),
  chooserList: z.object({ chooserId, location }).strict(),
  chooserFinish: z.object({ chooserId, location, name: fileName.optional() }).strict(),
  chooserCancel: z.object({ chooserId }).strict(),
} as const;
