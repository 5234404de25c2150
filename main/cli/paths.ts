/**
 * What a CLI PATH argument means: a certificate folder (signCert.der [+ signPri.key], or the
 * kmCert.der pair when a folder has only that) or a certificate file, whose key is the sibling
 * of the matching name (signCert.der → signPri.key, kmCert.der → kmPri.key) unless --key names one.
 * File names match case-insensitively (FAT drives and old tools write SIGNCERT.DER).
 * Files are size-checked before they are read.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { defaultDataDir } from '../app/paths.js';
import { resolveUserFolder } from '../stores/scan.js';

const MAX_INPUT_BYTES = 1024 * 1024;

export async function readBounded(file: string, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new DojangError('NOT_FOUND', 'cli.noSuchFile', { path: file });
  }
  if (!info.isFile()) throw new DojangError('NOT_FOUND', 'cli.notAFile', { path: file });
  if (info.size > maxBytes) throw new DojangError('FILE_DAMAGED', 'cli.fileTooLarge', { path: file });
  return readFile(file);
}

export interface CertificateAt {
  folder: string | null;
  certPath: string;
  certDer: Buffer;
  keyPath: string | null;
}

/** The file in `dir` whose name is `name` in any letter case, or null. */
export async function findFile(dir: string, name: string): Promise<string | null> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const hit = entries.find((e) => e.isFile() && e.name.toLowerCase() === name.toLowerCase());
  return hit ? path.join(dir, hit.name) : null;
}

const PAIRS = [
  ['signCert.der', 'signPri.key'],
  ['kmCert.der', 'kmPri.key'],
] as const;

export async function readCertificateAt(target: string): Promise<CertificateAt> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new DojangError('NOT_FOUND', 'cli.noSuchPath', { path: target });
  if (info.isDirectory()) {
    for (const [certName, keyName] of PAIRS) {
      const certPath = await findFile(target, certName);
      if (!certPath) continue;
      return { folder: target, certPath, certDer: await readBounded(certPath), keyPath: await findFile(target, keyName) };
    }
    throw new DojangError('NOT_FOUND', 'cli.notCertificateFolder', { path: target });
  }
  const pair = PAIRS.find(([certName]) => certName.toLowerCase() === path.basename(target).toLowerCase());
  const keyPath = pair ? await findFile(path.dirname(target), pair[1]) : null;
  return { folder: null, certPath: target, certDer: await readBounded(target), keyPath };
}

export interface KeyPairAt extends CertificateAt {
  keyPath: string;
  keyDer: Buffer;
}

/** The certificate and its encrypted private key; `keyOverride` is the --key option. */
export async function readKeyPairAt(target: string, keyOverride?: string): Promise<KeyPairAt> {
  const at = await readCertificateAt(target);
  const keyPath = keyOverride ?? at.keyPath;
  if (!keyPath) {
    throw new DojangError('NOT_FOUND', 'cli.noKeyNext', { path: target });
  }
  return { ...at, keyPath, keyDer: await readBounded(keyPath, 64 * 1024) };
}

/** Dojang's data folder (the recovery folder lives in it); DOJANG_DATA_DIR overrides it. */
export function cliDataDir(): string {
  return defaultDataDir(process.platform, os.homedir(), process.env);
}

/**
 * A ROOT argument: the NPKI folder (the one holding the CA folders), or a folder that holds one,
 * such as a USB drive's root. Same rule as a folder added in the app.
 */
export function resolveRoot(root: string): Promise<string> {
  return resolveUserFolder(root);
}
