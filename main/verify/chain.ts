/**
 * Certificate path building (RFC 5280 §6, the parts NPKI needs): from a certificate up to a trust
 * anchor through the intermediates offered, checking each signature with the next certificate's key
 * and each validity period at one instant. Issuers are picked by name (then key identifier), must
 * be CAs unless they are anchors, and the first candidate whose key verifies wins. Not done: name
 * constraints, policy mapping, path length (NPKI chains are root → CA → user).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChainLink } from '../../preload/types.js';
import { DojangError } from '../../common/errors.js';
import type { Message } from '../../preload/messages/format.js';
import { pinnedAnchorNote } from './trust/trust-list.js';
import { authorityKeyId, checkCertificateSignature, isCaCertificate, isSelfIssued, keyUsageBit, loadCert, sameName, subjectKeyId, type Cert } from './x509.js';

export type { ChainLink } from '../../preload/types.js';

const MAX_CHAIN = 8;
const MAX_POOL = 500;

export interface ChainOptions {
  intermediates?: Buffer[];
  anchors: Buffer[];
  /** Pinned licensed-CA certificates (the RootCA 5 generation without its root): anchors whose report says so. */
  pinned?: Buffer[];
  /** The instant validity is judged at (default: now). */
  at?: Date;
}

export interface BuiltLink {
  cert: Cert;
  isTrustAnchor: boolean;
  /** An anchor only because it is pinned (its root is not installed). */
  pinned?: boolean;
  /** This certificate's signature by the next link's key ('none': no issuer found, or an anchor). */
  signature: 'ok' | 'bad' | 'unsupported' | 'none';
  validity: 'ok' | 'expired' | 'notYetValid';
}

export interface BuiltChain {
  links: BuiltLink[];
  end: 'anchor' | 'missingIssuer' | 'untrustedRoot' | 'badSignature' | 'tooLong';
  /** Set when a signature uses an algorithm we cannot check. */
  unsupported: string | null;
}

function validityAt(c: Cert, at: Date): BuiltLink['validity'] {
  if (at < c.parts.notBefore) return 'notYetValid';
  if (at > c.parts.notAfter) return 'expired';
  return 'ok';
}

/** Parses a pool of certificates, skipping unreadable ones and duplicates. */
function pool(ders: Buffer[]): Cert[] {
  const seen = new Set<string>();
  const out: Cert[] = [];
  for (const d of ders.slice(0, MAX_POOL)) {
    try {
      const c = loadCert(d);
      if (!seen.has(c.fingerprint)) {
        seen.add(c.fingerprint);
        out.push(c);
      }
    } catch {
      // an unreadable extra certificate is not the signer's problem
    }
  }
  return out;
}

function anchorMatch(c: Cert, anchors: Cert[]): boolean {
  return anchors.some((a) => a.fingerprint === c.fingerprint || (a.parts.spki.equals(c.parts.spki) && sameName(a.parts.subject.der, c.parts.subject.der)));
}

/** May `c` issue certificates? Anchors may (the user trusts them as such); others need cA and keyCertSign. */
function canIssue(c: Cert, isAnchor: boolean): boolean {
  if (isAnchor) return true;
  try {
    return isCaCertificate(c.parts) === true && keyUsageBit(c.parts, 5) !== false;
  } catch {
    return false;
  }
}

export function buildChainDetailed(certDer: Buffer, opts: ChainOptions): BuiltChain {
  const at = opts.at ?? new Date();
  const pinned = new Set(pool(opts.pinned ?? []).map((c) => c.fingerprint));
  const anchors = pool([...opts.anchors, ...(opts.pinned ?? [])]);
  const candidates = pool([...opts.anchors, ...(opts.pinned ?? []), ...(opts.intermediates ?? [])]);
  const links: BuiltLink[] = [];
  const visited = new Set<string>();
  let cur = loadCert(certDer);
  let unsupported: string | null = null;
  for (;;) {
    visited.add(cur.fingerprint);
    if (anchorMatch(cur, anchors)) {
      links.push({ cert: cur, isTrustAnchor: true, ...(pinned.has(cur.fingerprint) ? { pinned: true } : {}), signature: 'none', validity: validityAt(cur, at) });
      return { links, end: 'anchor', unsupported };
    }
    if (links.length + 1 >= MAX_CHAIN) {
      links.push({ cert: cur, isTrustAnchor: false, signature: 'none', validity: validityAt(cur, at) });
      return { links, end: 'tooLong', unsupported };
    }
    const aki = authorityKeyId(cur.parts);
    const issuers = candidates
      .filter((c) => !visited.has(c.fingerprint) && sameName(c.parts.subject.der, cur.parts.issuer.der))
      .filter((c) => canIssue(c, anchorMatch(c, anchors)))
      .sort((a, b) => rank(b, aki, anchors) - rank(a, aki, anchors));
    let worst: BuiltLink['signature'] = 'none';
    let next: Cert | null = null;
    for (const issuer of issuers) {
      const r = checkCertificateSignature(cur.parts, issuer.parts.spki);
      if (r.result === 'ok') {
        next = issuer;
        break;
      }
      if (r.result === 'unsupported') {
        unsupported ??= r.algorithm;
        if (worst === 'none') worst = 'unsupported';
      } else worst = 'bad';
    }
    if (next) {
      links.push({ cert: cur, isTrustAnchor: false, signature: 'ok', validity: validityAt(cur, at) });
      cur = next;
      continue;
    }
    links.push({ cert: cur, isTrustAnchor: false, signature: worst, validity: validityAt(cur, at) });
    const end = worst !== 'none' ? 'badSignature' : isSelfIssued(cur) ? 'untrustedRoot' : 'missingIssuer';
    return { links, end, unsupported };
  }
}

function rank(c: Cert, aki: Buffer | null, anchors: Cert[]): number {
  let r = 0;
  const ski = subjectKeyId(c.parts);
  if (aki && ski && aki.equals(ski)) r += 2;
  if (anchorMatch(c, anchors)) r += 1;
  return r;
}

export function linkStatus(l: BuiltLink, last: boolean, end: BuiltChain['end']): ChainLink['status'] {
  if (l.signature === 'bad' || l.signature === 'unsupported') return 'badSignature';
  if (l.validity !== 'ok') return l.validity;
  if (last && !l.isTrustAnchor) return end === 'untrustedRoot' ? 'untrustedRoot' : 'missingIssuer';
  return 'ok';
}

export function toChainLinks(chain: BuiltChain): ChainLink[] {
  return chain.links.map((l, i) => ({
    subject: l.cert.info.subject,
    issuer: l.cert.info.issuer,
    serialHex: l.cert.parts.serialHex,
    notAfter: l.cert.parts.notAfter.toISOString(),
    status: linkStatus(l, i === chain.links.length - 1, chain.end),
    isTrustAnchor: l.isTrustAnchor,
  }));
}

/**
 * The chain of `certDer` as far as it can be built, leaf first. Throws DojangError FILE_DAMAGED
 * when `certDer` itself is not a certificate; unreadable intermediates and anchors are skipped.
 */
export function buildChain(certDer: Buffer, opts: ChainOptions): ChainLink[] {
  return toChainLinks(buildChainDetailed(certDer, opts));
}

/** The chain check of a report: true (complete and sound), false (broken), null (cannot tell). */
export function judgeChain(chain: BuiltChain): { ok: boolean | null; message: Message } {
  const names = chain.links.map((l) => l.cert.info.subjectCn ?? l.cert.info.subject).join(' → ');
  const badSig = chain.links.find((l) => l.signature === 'bad');
  if (badSig) return { ok: false, message: { key: 'verify.chain.badSignature', params: { subject: badSig.cert.info.subject } } };
  if (chain.unsupported) return { ok: null, message: { key: 'verify.chain.unsupportedAlgorithm', params: { algorithm: chain.unsupported } } };
  const badCa = chain.links.slice(1).find((l) => l.validity !== 'ok');
  if (badCa) {
    const key = badCa.validity === 'expired' ? 'verify.chain.caExpired' : 'verify.chain.caNotYetValid';
    return { ok: false, message: { key, params: { subject: badCa.cert.info.subject } } };
  }
  switch (chain.end) {
    case 'anchor': {
      const top = chain.links.at(-1)!;
      if (top.pinned) return { ok: true, message: { key: 'verify.chain.pinned', params: { ...pinnedAnchorNote(top.cert).params, names } } };
      return { ok: true, message: { key: 'verify.chain.verified', params: { names } } };
    }
    case 'untrustedRoot':
      return { ok: null, message: { key: 'verify.chain.untrustedRoot', params: { root: chain.links.at(-1)!.cert.info.subject } } };
    case 'tooLong':
      return { ok: null, message: { key: 'verify.chain.tooLong', params: { max: MAX_CHAIN } } };
    default:
      return { ok: null, message: { key: 'verify.chain.issuerMissing', params: { missing: chain.links.at(-1)!.cert.info.issuer, names } } };
  }
}

const CERT_FILE = /\.(der|cer|crt|pem)$/i;
const MAX_CACHED_CERT_BYTES = 64 * 1024;

/** Intermediate certificates kept in a folder (files *.der, *.cer, *.crt, *.pem). Missing folder: none. */
export async function readCertificateFolder(dir: string): Promise<Buffer[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => CERT_FILE.test(n)).slice(0, MAX_POOL);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return [];
    throw new DojangError('PERMISSION_DENIED', 'chain.folderUnreadable', { path: dir });
  }
  const out: Buffer[] = [];
  for (const n of names) {
    const p = path.join(dir, n);
    const s = await stat(p).catch(() => null);
    if (s?.isFile() && s.size <= MAX_CACHED_CERT_BYTES) out.push(await readFile(p));
  }
  return out;
}
