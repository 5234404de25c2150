/**
 * The files of a scanned certificate folder. NPKI file names vary in case between CAs
 * (signCert.der, SignCert.der), so they are matched as the scan matched them.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { fileSystemError } from '../npki/atomic-write.js';
import { CERT_FILES } from '../stores/scan.js';
import { byLowerName } from '../stores/safe-fs.js';
import type { CertificateEntry } from '../stores/types.js';

export interface EntryFiles {
  certPath: string;
  keyPath: string | null;
  kmCertPath: string | null;
}

export async function entryFiles(entry: CertificateEntry): Promise<EntryFiles> {
  let files;
  try {
    files = byLowerName(await readdir(entry.path, { withFileTypes: true }));
  } catch (e) {
    throw fileSystemError(e, 'read');
  }
  const named = (lower: string) => {
    const found = files.get(lower);
    return found ? path.join(entry.path, found.name) : null;
  };
  const certPath = named(CERT_FILES.signCert);
  if (!certPath) throw new DojangError('NOT_FOUND', 'certificate.fileGone');
  return { certPath, keyPath: named(CERT_FILES.signKey), kmCertPath: named(CERT_FILES.kmCert) };
}
