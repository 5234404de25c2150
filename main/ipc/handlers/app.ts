import path from 'node:path';
import { DojangError } from '../../../common/errors.js';
import type { AppContext } from '../../app/context.js';
import { isAllowedExternalUrl } from '../../app/external-links.js';
import { normalizeCloudUrl } from '../../fincert/transport.js';
import type { AreaHandlers } from './types.js';
import type { APP_METHODS } from '../../../preload/areas/app.js';

export function appHandlers(ctx: AppContext): AreaHandlers<(typeof APP_METHODS)[number]> {
  return {
    getAppInfo: async () => ({ host: ctx.host, version: ctx.version, platform: ctx.platform }),
    getSettings: () => ctx.settings.get(),
    // A cloud address is checked before it is saved: a refused one is answered with the reason (INVALID_REQUEST).
    updateSettings: async (change) => {
      const settings = await ctx.settings.update(typeof change.cloudUrl === 'string' ? { ...change, cloudUrl: normalizeCloudUrl(change.cloudUrl) } : change);
      ctx.settingsChanged(settings);
      return settings;
    },
    addFolder: ({ folder }) =>
      ctx.files.use(folder, 'add-folder', async (resolved) => {
        const settings = await ctx.settings.get();
        if (settings.folders.includes(resolved)) return { settings, folder: resolved };
        ctx.catalog.invalidate();
        return { settings: await ctx.settings.update({ folders: [...settings.folders, resolved] }), folder: resolved };
      }),
    removeFolder: async ({ path: folder }) => {
      const settings = await ctx.settings.get();
      ctx.catalog.invalidate();
      return ctx.settings.update({ folders: settings.folders.filter((f) => f !== path.resolve(folder)) });
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalUrl(url)) {
        throw new DojangError('FORBIDDEN', '허용되지 않은 주소입니다. / This address is not on Dojang’s list of certificate authority pages.');
      }
      await ctx.openExternal(url);
      return { opened: true };
    },
    takeOpenedFiles: async () => ({ files: ctx.openedFiles.take() }),
    openLogFolder: async () => {
      const { folder, problem } = ctx.logs;
      return { path: folder, opened: folder ? await ctx.openFolder(folder) : false, problem };
    },
  };
}
