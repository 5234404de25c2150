import type { CERTIFICATE_METHODS } from '../../../preload/areas/certificates.js';
import type { AppContext } from '../../app/context.js';
import { changePassword, checkIdentity, checkSigner, exportToPfx, importFromPfx, signWithKey, testPassword } from '../../app/key-actions.js';
import { cancel, transfer } from '../../app/transfers.js';
import { certificateDetails } from '../../app/details.js';
import { checkPasswordRules } from '../../npki/password-rules.js';
import { deleteCertificate, listRecovery, restore } from '../../stores/recovery.js';
import type { AreaHandlers } from './types.js';

export function certificateHandlers(ctx: AppContext): AreaHandlers<(typeof CERTIFICATE_METHODS)[number]> {
  return {
    listCertificates: () => ctx.catalog.list(),
    getCertificateDetails: async ({ id }) => certificateDetails(ctx, await ctx.catalog.get(id)),
    listDrives: async () => (ctx.drives?.drives ?? []).map((d) => ({ id: d.id, label: d.label, mountPoint: d.mountPoint })),
    testPassword: async ({ id, password }) => testPassword(await ctx.catalog.get(id), password),
    checkPasswordRules: async ({ password }) => ({ violations: checkPasswordRules(password) }),
    changePassword: async ({ id, oldPassword, newPassword }) => changePassword(await ctx.catalog.get(id), oldPassword, newPassword),
    exportPfx: async ({ id, password, pfxPassword, outPath, format, includeChain }) =>
      exportToPfx(await ctx.catalog.get(id), password, pfxPassword, outPath, { format, includeChain, dataDir: ctx.dataDir }),
    importPfx: ({ pfxPath, pfxPassword, newPassword, targetRoot }) => importFromPfx(pfxPath, pfxPassword, newPassword, targetRoot),
    copyCertificates: (request) => transfer(ctx, 'copy', request),
    moveCertificates: (request) => transfer(ctx, 'move', request),
    cancelOperation: async ({ operationId }) => cancel(ctx, operationId),
    deleteCertificate: async ({ id }) => {
      const result = await deleteCertificate((await ctx.catalog.get(id)).path, { trash: ctx.trash });
      return { restorable: result.restorable, recoveryId: result.id ?? null };
    },
    listRecovery: () => listRecovery(ctx.dataDir),
    restoreCertificate: async ({ recoveryId }) => ({ path: await restore(ctx.dataDir, recoveryId) }),
    signWithCertificate: async ({ id, ...request }) => signWithKey(await ctx.catalog.get(id), request, ctx),
    checkSigner: async ({ id }) => checkSigner(await ctx.catalog.get(id), ctx),
    checkVid: async ({ id, password, idn }) => checkIdentity(await ctx.catalog.get(id), password, idn),
  };
}
