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
import { formatMessage } from '../../preload/messages/format.js';
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
export function judgeChain(chain: BuiltChain): { ok: boolean | null; detail: string } {
  const names = chain.links.map((l) => l.cert.info.subjectCn ?? l.cert.info.subject).join(' → ');
  const badSig = chain.links.find((l) => l.signature === 'bad');
  if (badSig) {
    return { ok: false, detail: `인증서 서명이 발급자 키로 검증되지 않습니다 (the signature on "${badSig.cert.info.subject}" does not verify with its issuer's key)` };
  }
  if (chain.unsupported) {
    return { ok: null, detail: `지원하지 않는 서명 알고리즘 ${chain.unsupported} (unsupported signature algorithm ${chain.unsupported} in the chain)` };
  }
  const badCa = chain.links.slice(1).find((l) => l.validity !== 'ok');
  if (badCa) {
    return {
      ok: false,
      detail: `상위 인증서의 유효기간이 맞지 않습니다 (the CA certificate "${badCa.cert.info.subject}" is ${badCa.validity === 'expired' ? 'expired' : 'not yet valid'})`,
    };
  }
  switch (chain.end) {
    case 'anchor': {
      const top = chain.links.at(-1)!;
      if (top.pinned) {
        const note = pinnedAnchorNote(top.cert);
        return { ok: true, detail: `${formatMessage('ko', note.key, note.params)} — 체인 검증됨 (${formatMessage('en', note.key, note.params)}; chain verified: ${names})` };
      }
      return { ok: true, detail: `신뢰하는 루트까지 검증됨 (chain verified to a trust anchor: ${names})` };
    }
    case 'untrustedRoot': {
      const root = chain.links.at(-1)!.cert.info.subject;
      return { ok: null, detail: `신뢰 목록에 없는 루트 인증서입니다 (the chain ends at a root that is not trusted: ${root}; add it to the trust store if you trust it)` };
    }
    case 'tooLong':
      return { ok: null, detail: `인증서 체인이 너무 깁니다 (the chain is longer than ${MAX_CHAIN} certificates)` };
    default: {
      const missing = chain.links.at(-1)!.cert.info.issuer;
      return { ok: null, detail: `발급자 인증서를 찾을 수 없습니다 (the issuer certificate is missing: ${missing}; chain so far: ${names})` };
    }
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
