import type { FILE_METHODS } from '../../../preload/areas/files.js';
import type { AppContext } from '../../app/context.js';
import type { AreaHandlers } from './types.js';

/** Choosing files and folders: the native dialog (Electron) or main's chooser (browser host), answered as handles. */
export function fileHandlers(ctx: AppContext): AreaHandlers<(typeof FILE_METHODS)[number]> {
  return {
    choosePath: ({ purpose, defaultName }) => ctx.files.choose(purpose, defaultName),
    chooserList: ({ chooserId, location }) => ctx.files.list(chooserId, location),
    chooserFinish: ({ chooserId, location, name }) => ctx.files.finish(chooserId, location, name),
    chooserCancel: async ({ chooserId }) => ctx.files.cancel(chooserId),
  };
}
