/**
 * What a CLI PATH argument means: a certificate folder (signCert.der [+ signPri.key]) or a
 * certificate file. Files are size-checked before they are read.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../core/errors.js';

const MAX_INPUT_BYTES = 1024 * 1024;

export async function readBounded(file: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new DojangError('NOT_FOUND', `파일이 없습니다 / no such file: ${file}`);
  }
  if (!info.isFile()) throw new DojangError('NOT_FOUND', `파일이 아닙니다 / not a file: ${file}`);
  if (info.size > MAX_INPUT_BYTES) throw new DojangError('FILE_DAMAGED', `파일이 너무 큽니다 / file too large: ${file}`);
  return readFile(file);
}

export interface CertificateAt {
  folder: string | null;
  certPath: string;
  certDer: Buffer;
  keyPath: string | null;
}

export async function readCertificateAt(target: string, keyName = 'signPri.key', certName = 'signCert.der'): Promise<CertificateAt> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new DojangError('NOT_FOUND', `경로가 없습니다 / no such path: ${target}`);
  if (info.isDirectory()) {
    const certPath = path.join(target, certName);
    const keyPath = path.join(target, keyName);
    const hasKey = await stat(keyPath).then((s) => s.isFile(), () => false);
    return { folder: target, certPath, certDer: await readBounded(certPath), keyPath: hasKey ? keyPath : null };
  }
  return { folder: null, certPath: target, certDer: await readBounded(target), keyPath: null };
}
