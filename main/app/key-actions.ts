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
import { keySigner, signCms, signPkcs1 } from '../../common/pki/cms.js';
import { checkVid } from '../../common/pki/vid.js';
import type { TextEncoding } from '../npki/text.js';
import { readSignContent } from '../npki/sign-content.js';
import { fileSystemError, writeFileAtomic } from '../npki/atomic-write.js';
import { entryFiles } from './entry-files.js';
import { assessSigner, refuseUnusableSigner } from '../verify/trust/signer-check.js';
import type { CertificateEntry } from '../stores/types.js';

/** A certificate's files, read once per operation: its checks and the key it opens see the same bytes. */
interface KeyPair {
  certDer: Buffer;
  keyDer: Buffer;
  keyPath: string;
}

async function readPair(entry: CertificateEntry): Promise<KeyPair> {
  const files = await entryFiles(entry);
  if (!entry.hasKey || !files.keyPath) {
    throw new DojangError('NOT_FOUND', 'key.noKeyFile');
  }
  try {
    return { certDer: await readFile(files.certPath), keyDer: await readFile(files.keyPath), keyPath: files.keyPath };
  } catch (e) {
    throw fileSystemError(e, 'read');
  }
}

async function withKey<T>(pair: KeyPair, password: string, use: (key: UnlockedKey) => Promise<T> | T): Promise<T> {
  const key = await unlockKeyOffThread(pair.certDer, pair.keyDer, password);
  try {
    return await use(key);
  } finally {
    key.privateKeyInfo.fill(0);
  }
}

export async function testPassword(entry: CertificateEntry, password: string) {
  return withKey(await readPair(entry), password, (key) => ({
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
  const pair = await readPair(entry);
  const chainDer = opts.includeChain && opts.dataDir ? await new TrustStore(opts.dataDir).chainFor(pair.certDer) : [];
  return withKey(pair, password, async (key) => {
    const pfx = await exportPfxOffThread(pair.certDer, key.privateKeyInfo, pfxPassword, {
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
    throw new DojangError('INVALID_REQUEST', 'pfx.targetNotNpki');
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
async function usableSigner(certDer: Buffer, app: SignerContext) {
  const signer = await assessSigner(app.dataDir, certDer, app.now());
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
  const pair = await readPair(entry);
  const signer = await usableSigner(pair.certDer, app);
  const chainDer = request.includeChain !== false && signer.issuerDer ? [signer.issuerDer] : [];
  const { cms, rValue } = await withKey(pair, request.password, async (key) => ({
    cms: await signCms({ content, detached: request.detached, certDer: pair.certDer, chainDer, signer: keySigner(key.privateKey) }),
    rValue: request.includeR && key.randomNum ? Buffer.from(key.randomNum) : null,
  }));
  if (request.outPath) await writeFileAtomic(request.outPath, cms, 0o644);
  return { cmsBase64: cms.toString('base64'), outPath: request.outPath ?? null, rValue };
}

export async function checkIdentity(entry: CertificateEntry, password: string, idn: string) {
  const pair = await readPair(entry);
  return withKey(pair, password, (key) => {
    if (!key.randomNum) {
      throw new DojangError('NOT_FOUND', 'key.noRandomNum');
    }
    return checkVid(pair.certDer, key.randomNum, idn);
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
  const pair = await readPair(entry);
  const signer = await usableSigner(pair.certDer, app);
  const chainDer = signer.issuerDer ? [signer.issuerDer] : [];
  const { certDer } = pair;
  return withKey(pair, request.password, async (key) => {
    if (request.includeR && !key.randomNum) {
      throw new DojangError('NOT_FOUND', 'agent.noRandomNum');
    }
    const keySign = keySigner(key.privateKey);
    const signedData: Buffer[] = [];
    for (const content of request.items) {
      signedData.push(request.format === 'PKCS1' ? signPkcs1(key.privateKey, content) : await signCms({ content, detached: request.detached, certDer, chainDer, signer: keySign }));
    }
    return { signedData, certDer, rValue: request.includeR ? Buffer.from(key.randomNum!) : null };
  });
}
