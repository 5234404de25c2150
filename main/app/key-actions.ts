/**
 * What the app does with a certificate's private key: test the password, change it, export a
 * .pfx, sign, check identity (VID). Each unlocks the key for the one operation and wipes the
 * decrypted bytes afterwards; no key or password leaves this module (but for the crypto worker,
 * where the slow key derivations run: npki/off-thread.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DojangError, isDojangError } from '../../common/errors.js';
import { changeKeyPassword, type UnlockedKey } from '../npki/keyfile.js';
import { importPfxInto } from '../stores/pfx-import.js';
import { exportPfxOffThread, pfxToKeyFileOffThread, reencryptKeyOffThread, unlockKeyOffThread } from '../npki/off-thread.js';
import type { PfxFormat } from '../npki/pkcs12.js';
import { TrustStore } from '../verify/anchors.js';
import { signCms, signPkcs1 } from '../../common/pki/cms.js';
import { checkVid } from '../../common/pki/vid.js';
import type { TextEncoding } from '../npki/text.js';
import { readSignContent } from '../npki/sign-content.js';
import { fileSystemError, writeFileAtomic } from '../npki/atomic-write.js';
import { entryFiles } from './entry-files.js';
import { assessSigner, refuseUnusableSigner } from '../verify/trust/signer-check.js';
import type { CertificateEntry } from '../stores/types.js';

async function readPair(entry: CertificateEntry): Promise<{ certDer: Buffer; keyDer: Buffer; keyPath: string }> {
  const files = await entryFiles(entry);
  if (!entry.hasKey || !files.keyPath) {
    throw new DojangError('NOT_FOUND', '이 인증서에는 개인키 파일(signPri.key)이 없습니다. / This certificate has no private key file (signPri.key).');
  }
  try {
    return { certDer: await readFile(files.certPath), keyDer: await readFile(files.keyPath), keyPath: files.keyPath };
  } catch (e) {
    throw fileSystemError(e, 'read');
  }
}

async function withKey<T>(entry: CertificateEntry, password: string, use: (key: UnlockedKey, certDer: Buffer) => Promise<T> | T): Promise<T> {
  const { certDer, keyDer } = await readPair(entry);
  const key = await unlockKeyOffThread(certDer, keyDer, password);
  try {
    return await use(key, certDer);
  } finally {
    key.privateKeyInfo.fill(0);
  }
}

export function testPassword(entry: CertificateEntry, password: string) {
  return withKey(entry, password, (key) => ({
    keyScheme: key.protection.scheme,
    iterations: key.protection.iterations,
    hasRandomNum: key.randomNum !== null,
  }));
}

export type CopyOutcome = 'opens' | 'wrongPassword' | 'damaged' | 'unreadable';

/**
 * Which copies of one certificate open with one password (Compare copies): each copy is tried on
 * its own and only the outcome comes back. damaged: the password decrypted a key that is broken or
 * belongs to another certificate; unreadable: the files could not be read or parsed.
 */
export async function tryCopies(entries: CertificateEntry[], password: string) {
  const results: { id: string; outcome: CopyOutcome; hasRandomNum: boolean | null }[] = [];
  for (const entry of entries) {
    try {
      const opened = await testPassword(entry, password);
      results.push({ id: entry.id, outcome: 'opens', hasRandomNum: opened.hasRandomNum });
    } catch (e) {
      if (!isDojangError(e)) throw e;
      const outcome: CopyOutcome = e.code === 'WRONG_PASSWORD' ? 'wrongPassword' : e.code === 'KEY_DAMAGED' || e.code === 'KEY_MISMATCH' ? 'damaged' : 'unreadable';
      results.push({ id: entry.id, outcome, hasRandomNum: null });
    }
  }
  return { results };
}

export async function changePassword(entry: CertificateEntry, oldPassword: string, newPassword: string) {
  const { certDer, keyPath } = await readPair(entry);
  const protection = await changeKeyPassword(keyPath, certDer, oldPassword, newPassword, { reencrypt: reencryptKeyOffThread });
  return { keyScheme: protection.scheme };
}

export async function exportToPfx(
  entry: CertificateEntry,
  password: string,
  pfxPassword: string,
  outPath: string,
  opts: { format?: PfxFormat; includeChain?: boolean; dataDir?: string } = {},
) {
  const chainDer = opts.includeChain && opts.dataDir ? await new TrustStore(opts.dataDir).chainFor((await readPair(entry)).certDer) : [];
  return withKey(entry, password, async (key, certDer) => {
    const pfx = await exportPfxOffThread(certDer, key.privateKeyInfo, pfxPassword, {
      ...(entry.cert?.holder ? { friendlyName: entry.cert.holder } : {}),
      ...(opts.format ? { format: opts.format } : {}),
      chainDer,
    });
    await writeFileAtomic(outPath, pfx, 0o600);
    return { path: outPath, hasRandomNum: key.randomNum !== null };
  });
}

/**
 * Imports a .pfx into an NPKI root (the folder that holds the CA folders), by the CLI's rule
 * (stores/pfx-import.ts): the root may be created inside an existing folder, never its parents.
 */
export async function importFromPfx(pfxPath: string, pfxPassword: string, newPassword: string | undefined, npkiRoot: string) {
  const root = path.resolve(npkiRoot);
  if (path.basename(root).toUpperCase() !== 'NPKI') {
    throw new DojangError('INVALID_REQUEST', '가져올 위치는 NPKI 폴더여야 합니다. / The target must be an NPKI folder.');
  }
  const result = await importPfxInto(pfxPath, pfxPassword, newPassword, root, { convert: pfxToKeyFileOffThread });
  return { path: result.copied.path, hasRandomNum: result.hasRandomNum, warning: result.warning };
}

/** Where the trust list and CRLs are, and the app's clock. */
type SignerContext = { dataDir: string; now(): Date };

/** Can this certificate sign now (validity, known revocation)? What the sign dialog shows before the password. */
export async function checkSigner(entry: CertificateEntry, app: SignerContext) {
  const { certDer } = await readPair(entry);
  const { state, reason, notAfter } = await assessSigner(app.dataDir, certDer, app.now());
  return { state, reason, notAfter };
}

/** The signer check every signing path runs before the key is opened (expired, not yet valid, revoked → refused). */
async function usableSigner(entry: CertificateEntry, app: SignerContext) {
  const signer = await assessSigner(app.dataDir, (await readPair(entry)).certDer, app.now());
  refuseUnusableSigner(signer);
  return signer;
}

/**
 * Signs as a careful agent: an expired, not-yet-valid or known-revoked certificate is refused
 * before the key is opened; the issuing CA's certificate rides in the CMS unless
 * `includeChain` is false (the trust list or cache must know it). `includeR`: also answer the
 * key's randomNum (the R value a relying party needs for the VID check; null when the key has none).
 */
export async function signWithKey(
  entry: CertificateEntry,
  request: {
    password: string;
    content: { text: string } | { path: string };
    encoding: TextEncoding;
    detached: boolean;
    includeChain?: boolean;
    includeR?: boolean;
    outPath?: string | undefined;
  },
  app: SignerContext,
) {
  const content = await readSignContent(request.content, request.encoding);
  const signer = await usableSigner(entry, app);
  const chainDer = request.includeChain !== false && signer.issuerDer ? [signer.issuerDer] : [];
  const { cms, rValue } = await withKey(entry, request.password, async (key, certDer) => ({
    cms: await signCms({ content, detached: request.detached, certDer, chainDer, signer: (data) => signPkcs1(key.privateKey, data) }),
    rValue: request.includeR && key.randomNum ? Buffer.from(key.randomNum) : null,
  }));
  if (request.outPath) await writeFileAtomic(request.outPath, cms, 0o644);
  return { cmsBase64: cms.toString('base64'), outPath: request.outPath ?? null, rValue };
}

export function checkIdentity(entry: CertificateEntry, password: string, idn: string) {
  return withKey(entry, password, (key, certDer) => {
    if (!key.randomNum) {
      throw new DojangError(
        'NOT_FOUND',
        '이 개인키에는 본인확인 값(randomNum)이 없어 본인확인을 할 수 없습니다. / This key has no randomNum: identity cannot be checked with this copy.',
      );
    }
    return checkVid(certDer, key.randomNum, idn);
  });
}

/**
 * The web signing agent's signature (main/agent): each content item signed on its own under one
 * password entry, as CMS SignedData (attached or detached, the issuer's certificate beside the
 * signer's when known) or as a bare PKCS#1 v1.5 / SHA-256 signature; with the key's randomNum as
 * the R value when asked (a copy of the key without one cannot give it: NOT_FOUND).
 */
export async function signItemsWithKey(
  entry: CertificateEntry,
  request: { password: string; items: Buffer[]; format: 'CMS' | 'PKCS1'; detached: boolean; includeR: boolean },
  app: SignerContext,
): Promise<{ signedData: Buffer[]; certDer: Buffer; rValue: Buffer | null }> {
  const signer = await usableSigner(entry, app);
  const chainDer = signer.issuerDer ? [signer.issuerDer] : [];
  return withKey(entry, request.password, async (key, certDer) => {
    if (request.includeR && !key.randomNum) {
      throw new DojangError(
        'NOT_FOUND',
        '이 개인키에는 본인확인 값(randomNum)이 없어 요청한 R 값을 보낼 수 없습니다. / This key has no randomNum: the R value the site asked for cannot be sent.',
      );
    }
    const sign = (data: Buffer) => signPkcs1(key.privateKey, data);
    const signedData: Buffer[] = [];
    for (const content of request.items) {
      signedData.push(request.format === 'PKCS1' ? sign(content) : await signCms({ content, detached: request.detached, certDer, chainDer, signer: sign }));
    }
    return { signedData, certDer, rValue: request.includeR ? Buffer.from(key.randomNum!) : null };
  });
}
