/**
 * One handler per bridge method. Each receives a request already validated by the dispatcher and
 * delegates to the module that owns the work; none of them knows which host it runs in.
 */
import path from 'node:path';
import { DojangError } from '../core/errors.js';
import type { AppContext } from '../app/context.js';
import { isAllowedExternalUrl } from '../app/external-links.js';
import { listCertificates } from '../app/certificates.js';
import type { Handlers } from './dispatch.js';

export function createHandlers(ctx: AppContext): Handlers {
  return {
    getAppInfo: async () => ({ host: ctx.host, version: ctx.version, platform: ctx.platform }),
    listCertificates: () => listCertificates(ctx),
    getSettings: () => ctx.settings.get(),
    updateSettings: (change) => ctx.settings.update(change),
    addFolder: async ({ path: folder }) => {
      if (!path.isAbsolute(folder)) throw new DojangError('INVALID_REQUEST', '폴더는 전체 경로로 지정해야 합니다. / The folder must be an absolute path.');
      const settings = await ctx.settings.get();
      const resolved = path.resolve(folder);
      if (settings.folders.includes(resolved)) return settings;
      return ctx.settings.update({ folders: [...settings.folders, resolved] });
    },
    removeFolder: async ({ path: folder }) => {
      const settings = await ctx.settings.get();
      return ctx.settings.update({ folders: settings.folders.filter((f) => f !== path.resolve(folder)) });
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalUrl(url)) {
        throw new DojangError('FORBIDDEN', '허용되지 않은 주소입니다. / This address is not on Dojang’s list of certificate authority pages.');
      }
      await ctx.openExternal(url);
      return { opened: true };
    },
  };
}
