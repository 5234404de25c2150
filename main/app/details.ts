/**
 * The details screen's data for one certificate: every field of the certificate model, its chain
 * towards a trust anchor, the other places that hold a copy, and its key-management pair.
 */
import type { CertificateDetails } from '../../preload/types.js';
import { DojangError } from '../../common/errors.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { readFileCapped } from '../stores/safe-fs.js';
import { entryFiles } from './entry-files.js';
import type { CertificateEntry } from '../stores/types.js';
import { buildChain } from '../verify/chain.js';
import { TrustStore } from '../verify/anchors.js';
import { locationOf, toRow } from './catalog.js';
import type { AppContext } from './context.js';

const MAX_CERT_BYTES = 64 * 1024;

async function readCapped(file: string | null): Promise<Buffer | null> {
  if (!file) return null;
  const read = await readFileCapped(file, MAX_CERT_BYTES);
  return read.ok ? read.data : null;
}

export async function certificateDetails(ctx: AppContext, entry: CertificateEntry): Promise<CertificateDetails> {
  const cert = entry.cert;
  if (!cert) throw new DojangError('FILE_DAMAGED', entry.damaged ?? '손상된 인증서 파일 (damaged certificate file)');
  const files = await entryFiles(entry);
  const certDer = await readCapped(files.certPath);
  if (!certDer) throw new DojangError('FILE_DAMAGED', '손상된 인증서 파일 (damaged certificate file)');
  const kmDer = await readCapped(files.kmCertPath);
  const km = kmDer ? parseCertificate(kmDer) : null;
  const anchors = await new TrustStore(ctx.dataDir).anchors();
  const now = ctx.now();
  return {
    row: toRow(entry, now, ctx.home),
    subjectCn: cert.subjectCn,
    keyAlgorithm: cert.keyAlgorithm,
    keyBits: cert.keyBits,
    signatureAlgorithm: cert.signatureAlgorithm,
    policies: cert.policies,
    keyUsage: cert.keyUsage,
    crlDistributionPoints: cert.crlDistributionPoints,
    ocspUrls: cert.ocspUrls,
    vid: cert.vid ? { hashAlg: cert.vid.hashAlg } : null,
    chain: buildChain(certDer, { intermediates: [], anchors, at: now }),
    copies: ctx.catalog.copiesOf(entry).map((copy) => ({ id: copy.id, location: locationOf(copy.store, ctx.home), path: copy.path })),
    km: km ? { serialHex: km.serialHex, notAfter: km.notAfter, keyUsage: km.keyUsage } : null,
  };
}
