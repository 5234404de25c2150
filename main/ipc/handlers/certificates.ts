import type { CERTIFICATE_METHODS } from '../../../preload/areas/certificates.js';
import type { AppContext } from '../../app/context.js';
import { changePassword, checkIdentity, checkSigner, exportToPfx, importFromPfx, signWithKey, testPassword, tryCopies } from '../../app/key-actions.js';
import { cancel, transfer } from '../../app/transfers.js';
import { certificateDetails } from '../../app/details.js';
import { checkPasswordRules } from '../../npki/password-rules.js';
import { deleteCertificate, listRecovery, restore } from '../../stores/recovery.js';
import { targetRoot } from '../../app/files/targets.js';
import { signRequest } from './sign-files.js';
import type { AreaHandlers } from './types.js';

export function certificateHandlers(ctx: AppContext): AreaHandlers<(typeof CERTIFICATE_METHODS)[number]> {
  return {
    listCertificates: async () => {
      const list = await ctx.catalog.list();
      return { ...list, certificates: await ctx.lastUsed.decorate(list.certificates) };
    },
    getCertificateDetails: async ({ id }) => certificateDetails(ctx, await ctx.catalog.get(id)),
    listDrives: async () => ((await ctx.drives?.known()) ?? []).map((d) => ({ id: d.id, label: d.label, mountPoint: d.mountPoint })),
    testPassword: async ({ id, password }) => testPassword(await ctx.catalog.get(id), password),
    tryCopies: async ({ ids, password }) => tryCopies(await Promise.all(ids.map((id) => ctx.catalog.get(id))), password),
    checkPasswordRules: async ({ password }) => ({ violations: checkPasswordRules(password) }),
    changePassword: async ({ id, oldPassword, newPassword }) => changePassword(await ctx.catalog.get(id), oldPassword, newPassword),
    exportPfx: async ({ id, password, pfxPassword, outFile, format, includeChain }) => {
      const entry = await ctx.catalog.get(id);
      return ctx.files.use(outFile, 'export-pfx', (outPath) => exportToPfx(entry, password, pfxPassword, outPath, { format, includeChain, dataDir: ctx.dataDir }));
    },
    importPfx: ({ pfxFile, pfxPassword, newPassword, target }) =>
      ctx.files.use(pfxFile, 'import-pfx', async (pfxPath) => importFromPfx(pfxPath, pfxPassword, newPassword, await targetRoot(ctx, target))),
    copyCertificates: async ({ target, ...request }) => transfer(ctx, 'copy', { ...request, targetRoot: await targetRoot(ctx, target) }),
    moveCertificates: async ({ target, ...request }) => transfer(ctx, 'move', { ...request, targetRoot: await targetRoot(ctx, target) }),
    cancelOperation: async ({ operationId }) => cancel(ctx, operationId),
    deleteCertificate: async ({ id }) => {
      const result = await deleteCertificate((await ctx.catalog.get(id)).path, { trash: ctx.trash });
      return { restorable: result.restorable, recoveryId: result.id ?? null };
    },
    listRecovery: () => listRecovery(ctx.dataDir),
    restoreCertificate: async ({ recoveryId }) => ({ path: await restore(ctx.dataDir, recoveryId) }),
    signWithCertificate: async ({ id, password, ...request }) => {
      const entry = await ctx.catalog.get(id);
      const signed = await signRequest(ctx, request, (resolved) => signWithKey(entry, { password, ...resolved }, ctx));
      await ctx.lastUsed.record(id, ctx.now());
      return signed;
    },
    checkSigner: async ({ id }) => checkSigner(await ctx.catalog.get(id), ctx),
    checkVid: async ({ id, password, idn }) => checkIdentity(await ctx.catalog.get(id), password, idn),
  };
}
