/**
 * The details screen's data for one certificate: every field of the certificate model, its chain
 * towards a trust anchor, the other places that hold a copy, and its key-management pair.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { CertificateDetails, KeyFileFacts } from '../../preload/types.js';
import { DojangError } from '../../common/errors.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { MAX_KEY_FILE_BYTES, parseEncryptedKey } from '../npki/keyfile-format.js';
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

/**
 * What tells copies of one certificate apart without a password: the key file's format and
 * iterations, a short fingerprint of its bytes (SHA-256, first 16 hex digits) and when it changed.
 * null when the copy has no key file (or it vanished); format null when it does not parse.
 */
async function keyFileFacts(entry: CertificateEntry): Promise<KeyFileFacts | null> {
  const files = await entryFiles(entry).catch(() => null);
  if (!files?.keyPath) return null;
  const read = await readFileCapped(files.keyPath, MAX_KEY_FILE_BYTES);
  if (!read.ok) return null;
  const info = await stat(files.keyPath).catch(() => null);
  let format: string | null = null;
  let iterations: number | null = null;
  try {
    const p = parseEncryptedKey(read.data).protection;
    format = p.scheme === 'pbes2' ? `PBES2 (${p.cipher}${p.prf ? `, HMAC-${p.prf.toUpperCase()}` : ''})` : p.scheme;
    iterations = p.iterations;
  } catch {
    // A key file that does not parse: its fingerprint still tells it apart.
  }
  return {
    format,
    iterations,
    fingerprint: createHash('sha256').update(read.data).digest('hex').slice(0, 16),
    modifiedAt: info ? info.mtime.toISOString() : null,
  };
}

export async function certificateDetails(ctx: AppContext, entry: CertificateEntry): Promise<CertificateDetails> {
  const cert = entry.cert;
  if (!cert) throw new DojangError('FILE_DAMAGED', 'certificate.damaged', {}, { reason: entry.damaged });
  const files = await entryFiles(entry);
  const certDer = await readCapped(files.certPath);
  if (!certDer) throw new DojangError('FILE_DAMAGED', 'certificate.damaged');
  const kmDer = await readCapped(files.kmCertPath);
  const km = kmDer ? parseCertificate(kmDer) : null;
  const trust = await new TrustStore(ctx.dataDir).material();
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
    chain: buildChain(certDer, { ...trust, at: now }),
    copies: await Promise.all(
      [entry, ...ctx.catalog.copiesOf(entry)].map(async (copy) => ({
        id: copy.id,
        location: locationOf(copy.store, ctx.home),
        path: copy.path,
        keyFile: await keyFileFacts(copy),
      })),
    ),
    km: km ? { serialHex: km.serialHex, notAfter: km.notAfter, keyUsage: km.keyUsage } : null,
  };
}
