import type { CLOUD_METHODS } from '../../../preload/areas/cloud.js';
import type { AppContext } from '../../app/context.js';
import { signRequest } from './sign-files.js';
import { cloudRowId } from '../../fincert/rows.js';
import type { AreaHandlers } from './types.js';

/** The 금융인증서 area: each call goes to the app's cloud session (main/fincert/service.ts). */
export function cloudHandlers(ctx: AppContext): AreaHandlers<(typeof CLOUD_METHODS)[number]> {
  const cloud = ctx.cloud;
  return {
    cloudStatus: () => cloud.status(),
    cloudConnectStart: (request) => cloud.connectStart(request),
    cloudConnectVerify: (request) => cloud.connectVerify(request),
    cloudDisconnect: () => cloud.disconnect(),
    cloudCertificates: async () => ctx.lastUsed.decorate(await cloud.certificates()),
    cloudIssue: (request) => cloud.issue(request),
    cloudSign: async ({ credentialId, pin, ...request }) => {
      const signed = await signRequest(ctx, request, (resolved) => cloud.sign({ credentialId, pin, ...resolved }));
      await ctx.lastUsed.record(cloudRowId(credentialId), ctx.now());
      return signed;
    },
    cloudRenew: (request) => cloud.renew(request),
    cloudDevices: () => cloud.devices(),
    cloudRevokeDevice: (request) => cloud.revokeDevice(request),
    cloudUnlockStart: (request) => cloud.unlockStart(request),
    cloudUnlockFinish: (request) => cloud.unlockFinish(request),
  };
}
