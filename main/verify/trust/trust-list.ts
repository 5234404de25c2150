/**
 * Loads the bundled trust list (./trust-list.data.ts, bytes in ./certs.data.ts) and checks it
 * before anything is trusted: every certificate must match the SHA-256 in the list, roots must
 * be self-signed CAs, and each licensed / expired / test CA must verify under a root of the list.
 * Any mismatch is a refusal naming the file (an edited list is never trusted silently).
 * The RootCA 5 generation ("pinned") cannot be checked until the user installs KISA RootCA 5
 * (../anchors.ts does that check then).
 */
import { DojangError } from '../../../common/errors.js';
import { nameValues } from '../../../common/pki/certificate.js';
import type { Message } from '../../../preload/messages/format.js';
import { checkCertificateSignature, isCaCertificate, isSelfIssued, loadCert, sameName, type Cert } from '../x509.js';
import { TRUST_CERTS } from './certs.data.js';
import { TRUST_LIST, type TrustListEntry } from './trust-list.data.js';

export type { TrustListEntry, TrustRole } from './trust-list.data.js';

export interface TrustedCert {
  entry: TrustListEntry;
  cert: Cert;
}

export interface BundledTrust {
  /** Trust anchors: the KISA roots (current, and expired ones for old signatures). */
  roots: TrustedCert[];
  /** Licensed CAs (current and expired), each verified under one of `roots`. */
  licensed: TrustedCert[];
  /** The RootCA 5 generation: anchors of their own until KISA RootCA 5 is installed. */
  pinned: TrustedCert[];
  /** Test roots (never anchors by default) and test CAs (verified under a test root). */
  test: TrustedCert[];
  /** Every entry in list order. */
  all: TrustedCert[];
}

function refusal(file: string, why: string): DojangError {
  return new DojangError('INTERNAL', 'trustList.refused', { file }, { file, why });
}

function verifiedUnder(c: TrustedCert, roots: TrustedCert[]): boolean {
  return roots.some((r) => sameName(r.cert.parts.subject.der, c.cert.parts.issuer.der) && checkCertificateSignature(c.cert.parts, r.cert.parts.spki).result === 'ok');
}

/** Checks and sorts a trust list. Throws DojangError INTERNAL naming the first file that does not hold. */
export function loadTrustList(list: readonly TrustListEntry[] = TRUST_LIST, certs: Readonly<Record<string, string>> = TRUST_CERTS): BundledTrust {
  const all: TrustedCert[] = [];
  const seen = new Set<string>();
  for (const entry of list) {
    const b64 = certs[entry.file];
    if (b64 === undefined) throw refusal(entry.file, 'is missing');
    let cert: Cert;
    try {
      cert = loadCert(Buffer.from(b64, 'base64'));
    } catch {
      throw refusal(entry.file, 'is not a certificate');
    }
    if (cert.fingerprint !== entry.sha256.toLowerCase()) throw refusal(entry.file, `does not match its SHA-256 in the list (${entry.sha256})`);
    if (cert.info.subjectCn !== entry.cn) throw refusal(entry.file, `is not "${entry.cn}"`);
    if (seen.has(cert.fingerprint)) throw refusal(entry.file, 'is listed twice');
    seen.add(cert.fingerprint);
    let ca: boolean | null = null;
    try {
      ca = isCaCertificate(cert.parts);
    } catch {
      // damaged basicConstraints: not a CA
    }
    if (ca !== true) throw refusal(entry.file, 'is not a CA certificate');
    all.push({ entry, cert });
  }
  const selfSigned = (t: TrustedCert): boolean => isSelfIssued(t.cert) && checkCertificateSignature(t.cert.parts, t.cert.parts.spki).result === 'ok';
  const roots = all.filter((t) => (t.entry.role === 'root' || t.entry.role === 'expired') && isSelfIssued(t.cert));
  const testRoots = all.filter((t) => t.entry.role === 'test' && isSelfIssued(t.cert));
  for (const r of [...roots, ...testRoots]) if (!selfSigned(r)) throw refusal(r.entry.file, "does not verify with its own key (a root's self-signature)");
  const bad = all.find((t) => t.entry.role === 'root' && !isSelfIssued(t.cert));
  if (bad) throw refusal(bad.entry.file, 'is listed as a root but is not self-signed');
  const licensed = all.filter((t) => (t.entry.role === 'licensed' || t.entry.role === 'expired') && !isSelfIssued(t.cert));
  for (const c of licensed) if (!verifiedUnder(c, roots)) throw refusal(c.entry.file, 'does not verify under a root of the list');
  const test = all.filter((t) => t.entry.role === 'test');
  for (const c of test) if (!isSelfIssued(c.cert) && !verifiedUnder(c, testRoots)) throw refusal(c.entry.file, 'does not verify under a test root of the list');
  return { roots, licensed, pinned: all.filter((t) => t.entry.role === 'pinned'), test, all };
}

let loaded: BundledTrust | null = null;

/** The bundled list, checked once per process. */
export function bundledTrust(): BundledTrust {
  loaded ??= loadTrustList();
  return loaded;
}

/** Why a chain ends at a pinned licensed-CA certificate: its root is not installed (a catalog key, said in the user's language). */
export function pinnedAnchorNote(pinned: Cert): Message {
  const root = nameValues(pinned.parts.issuer, 'CN').at(-1) ?? pinned.info.issuer;
  const cn = pinned.info.subjectCn ?? pinned.info.subject;
  return { key: 'anchors.note.pinned', params: { root, cn } };
}
