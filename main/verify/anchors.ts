/**
 * The trust anchors a relying party verifies against:
 * - KISA RootCA 4, bundled (./anchors/), refused if its fingerprint is not the one we ship;
 * - the configured cloud service's root, pinned per URL after the user has confirmed it once;
 * - roots the user added (test roots such as Kisa Test RootCA 7 are never trusted otherwise).
 * Stored as JSON in `<dataDir>/trust/anchors.json`; intermediates seen in verified messages are
 * cached in `<dataDir>/trust/intermediates/` so later chains can be built without them.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { fileSystemError, writeFileAtomic } from '../npki/atomic-write.js';
import { KISA_ROOT_CA_4_BASE64, KISA_ROOT_CA_4_SHA256 } from './anchors/kisa-root-ca-4.js';
import { readCertificateFolder } from './chain.js';
import { checkCertificateSignature, colonFingerprint, fingerprint, isCaCertificate, isSelfIssued, loadCert, type Cert } from './x509.js';

export type AnchorSource = 'bundled' | 'cloud' | 'user';

export interface TrustAnchorView {
  /** SHA-256 of the DER, lowercase hex. */
  fingerprintSha256: string;
  /** AA:BB:… for display. */
  fingerprintColons: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  source: AnchorSource;
  /** The cloud service URL a pinned root belongs to. */
  cloudUrl: string | null;
  addedAt: string | null;
}

interface StoredAnchor {
  fingerprint: string;
  source: 'cloud' | 'user';
  cloudUrl: string | null;
  addedAt: string;
  der: string;
}

interface StoreFile {
  version: 1;
  anchors: StoredAnchor[];
}

const MAX_ANCHORS = 200;

/** The bundled root, checked against the fingerprint we ship. Throws INTERNAL on mismatch. */
export function bundledAnchor(base64 = KISA_ROOT_CA_4_BASE64): Buffer {
  const der = Buffer.from(base64, 'base64');
  if (fingerprint(der) !== KISA_ROOT_CA_4_SHA256) {
    throw new DojangError('INTERNAL', '내장된 KISA 루트 인증서가 변조되었습니다. 프로그램을 다시 설치하세요 (the bundled KISA RootCA 4 does not match its fingerprint: reinstall Dojang)');
  }
  return der;
}

function view(c: Cert, source: AnchorSource, cloudUrl: string | null, addedAt: string | null): TrustAnchorView {
  return {
    fingerprintSha256: c.fingerprint,
    fingerprintColons: colonFingerprint(c.fingerprint),
    subject: c.info.subject,
    notBefore: c.info.notBefore,
    notAfter: c.info.notAfter,
    source,
    cloudUrl,
    addedAt,
  };
}

function normalizeUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DojangError('INVALID_REQUEST', `클라우드 주소가 올바르지 않습니다 (not a valid cloud service URL: ${url})`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new DojangError('INVALID_REQUEST', `클라우드 주소는 http(s)여야 합니다 (the cloud service URL must be http or https: ${url})`);
  }
  return u.origin;
}

/** An anchor must be a CA certificate (or a self-signed v1 root) whose self-signature holds if it is self-issued. */
function checkAnchorCandidate(c: Cert): void {
  let ca: boolean | null;
  try {
    ca = isCaCertificate(c.parts);
  } catch {
    ca = false;
  }
  const selfIssued = isSelfIssued(c);
  if (ca === false || (ca === null && !selfIssued)) {
    throw new DojangError('INVALID_REQUEST', `인증기관(CA) 인증서가 아닙니다: 신뢰 목록에 넣을 수 없습니다 (this is not a CA certificate, so it cannot be a trust anchor: ${c.info.subject})`);
  }
  if (selfIssued && checkCertificateSignature(c.parts, c.parts.spki).result !== 'ok') {
    throw new DojangError('VERIFY_FAILED', `루트 인증서의 자체 서명이 맞지 않습니다 (the root certificate's own signature does not verify: ${c.info.subject})`);
  }
}

export class TrustStore {
  private readonly dir: string;
  private readonly file: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'trust');
    this.file = path.join(this.dir, 'anchors.json');
  }

  /** Where cached intermediates live. */
  get intermediatesDir(): string {
    return path.join(this.dir, 'intermediates');
  }

  private async read(): Promise<StoreFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return { version: 1, anchors: [] };
      throw fileSystemError(e, 'read');
    }
    try {
      const parsed = JSON.parse(text) as StoreFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.anchors)) throw new Error('shape');
      return parsed;
    } catch {
      throw new DojangError('FILE_DAMAGED', `신뢰 목록 파일이 손상되었습니다 (the trust store ${this.file} is damaged: remove it and add your roots again)`);
    }
  }

  private async write(s: StoreFile): Promise<void> {
    await mkdir(this.dir, { recursive: true }).catch((e: unknown) => {
      throw fileSystemError(e, 'write');
    });
    await writeFileAtomic(this.file, JSON.stringify(s, null, 2) + '\n', 0o644);
  }

  /** Every anchor's DER: the bundled root first. */
  async anchors(): Promise<Buffer[]> {
    const s = await this.read();
    return [bundledAnchor(), ...s.anchors.map((a) => Buffer.from(a.der, 'base64'))];
  }

  async list(): Promise<TrustAnchorView[]> {
    const s = await this.read();
    return [
      view(loadCert(bundledAnchor()), 'bundled', null, null),
      ...s.anchors.map((a) => view(loadCert(Buffer.from(a.der, 'base64')), a.source, a.cloudUrl, a.addedAt)),
    ];
  }

  /** Adds a root the user chose to trust. Adding one already there answers its entry unchanged. */
  async add(certDer: Buffer | string, opts: { source: 'user' | 'cloud'; cloudUrl?: string } = { source: 'user' }): Promise<TrustAnchorView> {
    const c = loadCert(certDer);
    checkAnchorCandidate(c);
    const s = await this.read();
    if (c.fingerprint === KISA_ROOT_CA_4_SHA256) return view(c, 'bundled', null, null);
    const existing = s.anchors.find((a) => a.fingerprint === c.fingerprint);
    if (existing) return view(c, existing.source, existing.cloudUrl, existing.addedAt);
    if (s.anchors.length >= MAX_ANCHORS) throw new DojangError('CONFLICT', `신뢰 목록이 가득 찼습니다 (the trust store holds at most ${MAX_ANCHORS} roots)`);
    const entry: StoredAnchor = {
      fingerprint: c.fingerprint,
      source: opts.source,
      cloudUrl: opts.cloudUrl ?? null,
      addedAt: new Date().toISOString(),
      der: c.der.toString('base64'),
    };
    await this.write({ version: 1, anchors: [...s.anchors, entry] });
    return view(c, entry.source, entry.cloudUrl, entry.addedAt);
  }

  /** Removes an added root (by SHA-256 fingerprint, with or without colons). The bundled root stays. */
  async remove(fp: string): Promise<void> {
    const want = fp.replace(/:/g, '').toLowerCase();
    if (want === KISA_ROOT_CA_4_SHA256) {
      throw new DojangError('CONFLICT', '내장된 KISA 루트 인증서는 지울 수 없습니다 (the bundled KISA RootCA 4 cannot be removed)');
    }
    const s = await this.read();
    const rest = s.anchors.filter((a) => a.fingerprint !== want);
    if (rest.length === s.anchors.length) throw new DojangError('NOT_FOUND', `신뢰 목록에 없는 인증서입니다 (no trust anchor with fingerprint ${fp})`);
    await this.write({ version: 1, anchors: rest });
  }

  /** The root pinned for a cloud service URL, or null. */
  async cloudRoot(url: string): Promise<TrustAnchorView | null> {
    const origin = normalizeUrl(url);
    return (await this.list()).find((a) => a.source === 'cloud' && a.cloudUrl === origin) ?? null;
  }

  /**
   * Pins the cloud service's root after the user confirmed its fingerprint. A service that later
   * presents another root is refused (CONFLICT) until the user removes the pinned one.
   */
  async pinCloudRoot(url: string, certDer: Buffer | string): Promise<TrustAnchorView> {
    const origin = normalizeUrl(url);
    const c = loadCert(certDer);
    const pinned = await this.cloudRoot(origin);
    if (pinned && pinned.fingerprintSha256 !== c.fingerprint) {
      throw new DojangError(
        'CONFLICT',
        `이 클라우드 서비스의 루트 인증서가 바뀌었습니다. 확인 전에는 신뢰하지 않습니다 (the cloud service ${origin} now presents a different root, ${colonFingerprint(c.fingerprint)}, than the one you confirmed, ${pinned.fingerprintColons}; remove the old one first if the change is expected)`,
      );
    }
    if (pinned) return pinned;
    return this.add(c.der, { source: 'cloud', cloudUrl: origin });
  }

  /** Intermediates cached from earlier verifications. */
  async intermediates(): Promise<Buffer[]> {
    return readCertificateFolder(this.intermediatesDir);
  }

  /** Keeps a CA certificate that completed a chain, for messages that do not carry it. */
  async cacheIntermediate(certDer: Buffer): Promise<void> {
    const fp = fingerprint(certDer);
    await mkdir(this.intermediatesDir, { recursive: true }).catch((e: unknown) => {
      throw fileSystemError(e, 'write');
    });
    await writeFileAtomic(path.join(this.intermediatesDir, `${fp.slice(0, 32)}.der`), certDer, 0o644);
  }
}
