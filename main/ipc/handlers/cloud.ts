import type { CLOUD_METHODS } from '../../../preload/areas/cloud.js';
import type { AppContext } from '../../app/context.js';
import { signRequest } from './sign-files.js';
import type { AreaHandlers } from './types.js';

/** The 금융인증서 area: each call goes to the app's cloud session (main/fincert/service.ts). */
export function cloudHandlers(ctx: AppContext): AreaHandlers<(typeof CLOUD_METHODS)[number]> {
  const cloud = ctx.cloud;
  return {
    cloudStatus: () => cloud.status(),
    cloudConnectStart: (request) => cloud.connectStart(request),
    cloudConnectVerify: (request) => cloud.connectVerify(request),
    cloudDisconnect: () => cloud.disconnect(),
    cloudCertificates: () => cloud.certificates(),
    cloudIssue: (request) => cloud.issue(request),
    cloudSign: ({ credentialId, pin, ...request }) => signRequest(ctx, request, (resolved) => cloud.sign({ credentialId, pin, ...resolved })),
    cloudRenew: (request) => cloud.renew(request),
    cloudDevices: () => cloud.devices(),
    cloudRevokeDevice: (request) => cloud.revokeDevice(request),
    cloudUnlockStart: (request) => cloud.unlockStart(request),
    cloudUnlockFinish: (request) => cloud.unlockFinish(request),
  };
}
