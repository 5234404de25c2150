/**
 * Signing with a cloud credential through the same CMS code as a local key (common/pki/cms.ts
 * signCms): the RawSigner hashes DER(signedAttrs), asks the cloud for a SAD covering exactly
 * that hash (the PIN check), then for the signature (signHash). The content never leaves this
 * computer, only its signed-attributes hash. signCms checks the signature against the
 * certificate before anything is returned; the file, if asked for, is written atomically at the
 * very end, so a cloud that stops mid-sign leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { signCms } from '../../common/pki/cms.js';
import { writeFileAtomic } from '../npki/atomic-write.js';
import type { TextEncoding } from '../npki/text.js';
import { readSignContent } from '../npki/sign-content.js';
import type { CloudApi } from './api.js';
import { refuseUnusableSigner, validityState } from '../verify/trust/signer-check.js';
import { loadCert } from '../verify/x509.js';

export interface CloudSignRequest {
  credentialId: string;
  pin: string;
  content: { text: string } | { path: string };
  encoding: TextEncoding;
  detached: boolean;
  outPath?: string | undefined;
}

export interface CloudSignResult {
  cmsBase64: string;
  outPath: string | null;
  renewalOffered: boolean;
  rValueBase64: string | null;
}

export async function signWithCloud(api: CloudApi, token: string, request: CloudSignRequest): Promise<CloudSignResult> {
  const content = await readSignContent(request.content, request.encoding);
  // info first: the certificate and chain, and a fresh reading of the cloud's clock for signingTime.
  const info = await api.info(token, request.credentialId);
  const [certB64, ...chainB64] = info.cert.certificates;
  const certDer = Buffer.from(certB64!, 'base64');
  const signingTime = new Date(Math.floor(api.transport.cloudNow().getTime() / 1000) * 1000);
  // Refused before the PIN is sent: an expired 금융인증서 must not sign (the cloud refuses too).
  const cert = loadCert(certDer);
  refuseUnusableSigner({ ...validityState(cert, signingTime), notBefore: cert.info.notBefore, notAfter: cert.info.notAfter });
  let renewalOffered = info.renewal.due;
  let rValue: string | null = null;
  const cms = await signCms({
    content,
    detached: request.detached,
    certDer,
    chainDer: chainB64.map((c) => Buffer.from(c, 'base64')),
    signingTime,
    signer: async (signedAttrs) => {
      const hash = createHash('sha256').update(signedAttrs).digest();
      const { SAD } = await api.authorize(token, request.credentialId, [hash], request.pin);
      const signed = await api.signHash(token, request.credentialId, SAD, [hash], true);
      renewalOffered = signed.renewal.due;
      rValue = signed.rValue ?? null;
      return Buffer.from(signed.signatures[0]!, 'base64');
    },
  });
  if (request.outPath) await writeFileAtomic(request.outPath, cms, 0o644);
  // The R value goes to the caller (a relying party's VID check), never into a file or a log.
  return { cmsBase64: cms.toString('base64'), outPath: request.outPath ?? null, renewalOffered, rValueBase64: rValue };
}
