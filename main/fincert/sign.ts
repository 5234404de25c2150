/**
 * Signing with a cloud credential through the same CMS code as a local key (common/pki/cms.ts
 * signCms): the RawSigner hashes DER(signedAttrs), asks the cloud for a SAD covering exactly
 * that hash (the PIN check), then for the signature (signHash). The content never leaves this
 * computer, only its signed-attributes hash. signCms checks the signature against the
 * certificate before anything is returned; the file, if asked for, is written atomically at the
 * very end, so a cloud that stops mid-sign leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { DojangError } from '../../common/errors.js';
import { cmsSignedAttributes, signCms, verifyPkcs1 } from '../../common/pki/cms.js';
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

/** Refused before the PIN is sent: an expired 금융인증서 must not sign (the cloud refuses too). */
function refuseExpired(certDer: Buffer, signingTime: Date): void {
  const cert = loadCert(certDer);
  refuseUnusableSigner({ ...validityState(cert, signingTime), notBefore: cert.info.notBefore, notAfter: cert.info.notAfter });
}

export async function signWithCloud(api: CloudApi, token: string, request: CloudSignRequest): Promise<CloudSignResult> {
  const content = await readSignContent(request.content, request.encoding);
  // info first: the certificate and chain, and a fresh reading of the cloud's clock for signingTime.
  const info = await api.info(token, request.credentialId);
  const [certB64, ...chainB64] = info.cert.certificates;
  const certDer = Buffer.from(certB64!, 'base64');
  const signingTime = new Date(Math.floor(api.transport.cloudNow().getTime() / 1000) * 1000);
  refuseExpired(certDer, signingTime);
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

export interface CloudItemsRequest {
  credentialId: string;
  pin: string;
  items: Buffer[];
  format: 'CMS' | 'PKCS1';
  detached: boolean;
  includeR: boolean;
}

/**
 * The web signing agent's signature with a 금융인증서: every item under one PIN check (one SAD for
 * all the hashes), as CMS SignedData or a bare PKCS#1 v1.5 / SHA-256 signature. For CMS the
 * signed attributes of each item are built first (one signingTime from the cloud's clock), so the
 * cloud signs exactly the hashes signCms then checks against the certificate.
 */
export async function signItemsWithCloud(api: CloudApi, token: string, request: CloudItemsRequest): Promise<{ signedData: Buffer[]; certDer: Buffer; rValue: Buffer | null }> {
  const info = await api.info(token, request.credentialId);
  const [certB64, ...chainB64] = info.cert.certificates;
  const certDer = Buffer.from(certB64!, 'base64');
  const signingTime = new Date(Math.floor(api.transport.cloudNow().getTime() / 1000) * 1000);
  refuseExpired(certDer, signingTime);
  const signedBytes = request.items.map((content) => (request.format === 'PKCS1' ? content : cmsSignedAttributes(content, signingTime)));
  const hashes = signedBytes.map((b) => createHash('sha256').update(b).digest());
  const { SAD } = await api.authorize(token, request.credentialId, hashes, request.pin);
  const signed = await api.signHash(token, request.credentialId, SAD, hashes, request.includeR);
  const signatures = signed.signatures.map((s) => Buffer.from(s, 'base64'));
  if (signatures.length !== hashes.length) throw new DojangError('VERIFY_FAILED', 'cloud.signaturesMissing');
  const signedData: Buffer[] = [];
  for (const [i, content] of request.items.entries()) {
    if (request.format === 'PKCS1') {
      if (!verifyPkcs1(certDer, content, signatures[i]!)) throw new DojangError('VERIFY_FAILED', 'cms.signatureMismatch');
      signedData.push(signatures[i]!);
    } else {
      const chainDer = chainB64.map((c) => Buffer.from(c, 'base64'));
      signedData.push(await signCms({ content, detached: request.detached, certDer, chainDer, signingTime, signer: () => signatures[i]! }));
    }
  }
  return { signedData, certDer, rValue: request.includeR && signed.rValue ? Buffer.from(signed.rValue, 'base64') : null };
}
