import type { VERIFY_METHODS } from '../../../preload/areas/verify.js';
import { DojangError } from '../../../common/errors.js';
import type { AppContext } from '../../app/context.js';
import { entryFiles } from '../../app/entry-files.js';
import { signWithKey } from '../../app/key-actions.js';
import { writeFileAtomic } from '../../npki/atomic-write.js';
import * as verify from '../../verify/index.js';
import type { AreaHandlers } from './types.js';

export function verifyHandlers(ctx: AppContext): AreaHandlers<(typeof VERIFY_METHODS)[number]> {
  const dataDir = ctx.dataDir;
  const readable = (handle: string) => ctx.files.handles.resolve(handle, 'verify-input');
  /**
   * A report whose chain stops at the configured 금융인증서 service's root (not trusted yet) carries
   * that root, offered for pinning on first use. A cloud that cannot be asked just adds no offer.
   */
  const offerCloudRoot = async <R extends verify.VerifyReport>(report: R): Promise<R & { cloudRoot?: verify.CloudRootOffer }> => {
    if (report.checks.find((c) => c.name === 'chain')?.ok !== null) return report;
    const cloud = await ctx.cloud.caRoot().catch((e: unknown) => {
      ctx.log.warn('the cloud root could not be fetched for the report', { error: e instanceof Error ? e.message : String(e) });
      return null;
    });
    if (!cloud || !verify.chainEndsAtRoot(report, cloud.rootDer)) return report;
    const offer = await verify.cloudRootOffer(dataDir, cloud);
    return offer.state === 'pinned' ? report : { ...report, cloudRoot: offer };
  };
  return {
    verifySignature: async ({ input, contentFile, ...request }) =>
      offerCloudRoot(
        await verify.verifySignature(dataDir, {
          ...request,
          input: 'file' in input ? { path: readable(input.file) } : input,
          ...(contentFile ? { contentPath: readable(contentFile) } : {}),
        }),
      ),
    verifyCertificate: async ({ input }) => {
      if ('id' in input) return offerCloudRoot(await verify.verifyCertificate(dataDir, { input: { path: (await entryFiles(await ctx.catalog.get(input.id))).certPath } }));
      return offerCloudRoot(await verify.verifyCertificate(dataDir, { input: 'file' in input ? { path: readable(input.file) } : input }));
    },
    cloudRootOffer: async () => {
      const cloud = await ctx.cloud.caRoot();
      return cloud ? verify.cloudRootOffer(dataDir, cloud) : null;
    },
    // Pinned only if the service still presents the root the user was shown and confirmed.
    pinCloudRoot: async ({ fingerprintSha256 }) => {
      const cloud = await ctx.cloud.caRoot();
      if (!cloud) throw new DojangError('CLOUD_UNREACHABLE', '금융인증서 클라우드 주소가 설정되어 있지 않습니다 (no 금융인증서 cloud is configured)');
      await verify.pinCloudRoot(dataDir, { url: cloud.url, input: { base64: cloud.rootDer.toString('base64') }, confirmFingerprintSha256: fingerprintSha256 });
      return verify.listTrustAnchors(dataDir);
    },
    saveReport: ({ report, outFile }) =>
      ctx.files.use(outFile, 'save-report', async (outPath) => {
        await writeFileAtomic(outPath, JSON.stringify(report, null, 2) + '\n', 0o644);
        return { path: outPath };
      }),
    listTrustAnchors: () => verify.listTrustAnchors(dataDir),
    inspectTrustAnchor: ({ file }) => verify.inspectTrustAnchor(dataDir, { path: ctx.files.handles.resolve(file, 'trust-anchor') }),
    addTrustAnchor: ({ file, confirmFingerprintSha256 }) => verify.addTrustAnchor(dataDir, { path: ctx.files.handles.resolve(file, 'trust-anchor'), confirmFingerprintSha256 }),
    removeTrustAnchor: (request) => verify.removeTrustAnchor(dataDir, request),
    importCrl: async (request) => {
      const { issuer, thisUpdate, nextUpdate, revokedCount } = await verify.importCrl(dataDir, { path: ctx.files.handles.resolve(request.file, 'crl') });
      return { issuer, thisUpdate, nextUpdate, revokedCount };
    },
    newChallenge: (request) => verify.newChallenge(dataDir, request),
    // The answer signs the challenge's message through the same paths as any other signature, with
    // the R value (the key's randomNum, or the cloud's signHash includeR), which stays in main.
    answerChallenge: async ({ challenge, with: signer }) => {
      const content = { text: verify.challengeMessage(challenge).toString('utf8') };
      let cmsBase64: string;
      let rValue: Buffer | null;
      if ('id' in signer) {
        const signed = await signWithKey(await ctx.catalog.get(signer.id), { password: signer.password, content, encoding: 'utf-8', detached: false, includeR: true }, ctx);
        ({ cmsBase64, rValue } = signed);
      } else {
        const signed = await ctx.cloud.sign({ credentialId: signer.credentialId, pin: signer.pin, content, encoding: 'utf-8', detached: false });
        cmsBase64 = signed.cmsBase64;
        rValue = signed.rValueBase64 ? Buffer.from(signed.rValueBase64, 'base64') : null;
      }
      return { cmsBase64, carriesR: verify.holdChallengeRValue(challenge, rValue) };
    },
    checkChallenge: async (request) => offerCloudRoot(await verify.checkChallenge(dataDir, request)),
  };
}
