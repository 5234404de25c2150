/**
 * The trust anchors a relying party verifies against:
 * - the bundled trust list (./trust/): KISA RootCA 4 and the licensed CAs under it, expired
 *   generations for old signatures, and the RootCA 5 generation as pinned licensed-CA certificates
 *   (anchors of their own until the user installs KISA RootCA 5; then they must verify under it);
 * - the configured cloud service's root, pinned per URL after the user has confirmed it once;
 * - roots the user added after comparing their SHA-256 (test roots such as Kisa Test RootCA 7 are
 *   never trusted otherwise).
 * Stored as JSON in `<dataDir>/trust/anchors.json`; intermediates seen in verified messages are
 * cached in `<dataDir>/trust/intermediates/` so later chains can be built without them.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import type { Message } from '../../preload/messages/format.js';
import { fileSystemError, writeFileAtomic } from '../npki/atomic-write.js';
import { buildChainDetailed, readCertificateFolder } from './chain.js';
import { bundledTrust, pinnedAnchorNote, type BundledTrust, type TrustedCert, type TrustRole } from './trust/trust-list.js';
import { checkCertificateSignature, colonFingerprint, fingerprint, isCaCertificate, isSelfIssued, loadCert, sameName, type Cert } from './x509.js';

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
  /** The trust-list role of a bundled certificate; 'added' for a user or cloud root. */
  role: TrustRole | 'added';
  /** Does it take part in verification (test roots: only once added)? */
  trusted: boolean;
  /** A plain note (a catalog key), e.g. why a pinned CA is an anchor of its own. */
  note: Message | null;
}

/** What chain building needs: anchors, pinned licensed-CA anchors, and CA certificates to build with. */
export interface TrustMaterial {
  anchors: Buffer[];
  /** RootCA 5 generation CAs whose root is not installed: anchors, with a report line saying so. */
  pinned: Buffer[];
  intermediates: Buffer[];
}

/** A root the user is about to install: what to compare with the CA's published value. */
export interface AnchorCandidate extends TrustAnchorView {
  /** Pinned licensed CAs that will chain to this root once it is installed. */
  anchorsPinned: string[];
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
const ROLE_ORDER: readonly TrustRole[] = ['root', 'licensed', 'pinned', 'expired', 'test'];

/** The bundled KISA RootCA 4 (checked against the trust list's fingerprint; refused if it differs). */
export function bundledAnchor(): Buffer {
  return bundledTrust().roots.find((r) => r.entry.role === 'root')!.cert.der;
}

function view(
  c: Cert,
  source: AnchorSource,
  cloudUrl: string | null,
  addedAt: string | null,
  role: TrustAnchorView['role'] = 'added',
  trusted = true,
  note: Message | null = null,
): TrustAnchorView {
  return {
    role,
    trusted,
    note,
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
    throw new DojangError('INVALID_REQUEST', 'anchors.cloudUrlInvalid', { url });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new DojangError('INVALID_REQUEST', 'anchors.cloudUrlScheme', { url });
  }
  return u.origin;
}

/**
 * A root the user installs must be a self-signed CA (basicConstraints cA=true) whose
 * self-signature holds. A cloud service's root may also be a v1 self-signed root.
 */
function checkAnchorCandidate(c: Cert, source: 'user' | 'cloud'): void {
  let ca: boolean | null;
  try {
    ca = isCaCertificate(c.parts);
  } catch {
    ca = false;
  }
  const selfIssued = isSelfIssued(c);
  if (ca === false || (ca === null && (source === 'user' || !selfIssued))) {
    throw new DojangError('INVALID_REQUEST', 'anchors.notCa', { subject: c.info.subject });
  }
  if (source === 'user' && !selfIssued) {
    throw new DojangError('INVALID_REQUEST', 'anchors.notSelfSigned', { subject: c.info.subject, issuer: c.info.issuer });
  }
  if (selfIssued && checkCertificateSignature(c.parts, c.parts.spki).result !== 'ok') {
    throw new DojangError('VERIFY_FAILED', 'anchors.badSelfSignature', { subject: c.info.subject });
  }
}

const issuedBy = (root: Cert, p: TrustedCert): boolean => sameName(root.parts.subject.der, p.cert.parts.issuer.der);
const verifiesUnder = (root: Cert, p: TrustedCert): boolean => checkCertificateSignature(p.cert.parts, root.parts.spki).result === 'ok';

/**
 * The pinned CAs a root claims to have issued (same name as their issuer). A root with that name
 * under which none of them verifies is not the real one: refused.
 */
function pinnedUnder(root: Cert, bundled: BundledTrust): TrustedCert[] {
  const named = bundled.pinned.filter((p) => issuedBy(root, p));
  const verified = named.filter((p) => verifiesUnder(root, p));
  if (named.length > 0 && verified.length === 0) {
    throw new DojangError('VERIFY_FAILED', 'anchors.notPinnedRoot', { subject: root.info.subject, pinned: named.map((p) => p.entry.cn).join(', ') });
  }
  return verified;
}

export class TrustStore {
  private readonly dir: string;
  private readonly file: string;

  private readonly bundled: BundledTrust;

  /** `opts.bundled`: another checked trust list (tests); the shipped one by default. */
  constructor(dataDir: string, opts: { bundled?: BundledTrust } = {}) {
    this.bundled = opts.bundled ?? bundledTrust();
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
      throw new DojangError('FILE_DAMAGED', 'anchors.storeDamaged', { path: this.file });
    }
  }

  private async write(s: StoreFile): Promise<void> {
    await mkdir(this.dir, { recursive: true }).catch((e: unknown) => {
      throw fileSystemError(e, 'write');
    });
    await writeFileAtomic(this.file, JSON.stringify(s, null, 2) + '\n', 0o644);
  }

  private async added(): Promise<{ stored: StoredAnchor; cert: Cert }[]> {
    return (await this.read()).anchors.map((a) => ({ stored: a, cert: loadCert(Buffer.from(a.der, 'base64')) }));
  }

  /** Every anchor's DER: the bundled roots first (KISA RootCA 4, then expired roots), then added ones. */
  async anchors(): Promise<Buffer[]> {
    return (await this.material()).anchors;
  }

  /**
   * Anchors, pinned anchors and CA certificates for chain building. A pinned CA whose root the
   * user installed becomes an intermediate (it verified under that root when it was added).
   */
  async material(): Promise<TrustMaterial> {
    const b = this.bundled;
    const added = (await this.added()).map((a) => a.cert);
    const pinned: Buffer[] = [];
    const intermediates = [...b.licensed, ...b.test.filter((t) => !isSelfIssued(t.cert))].map((t) => t.cert.der);
    for (const p of b.pinned) {
      const roots = added.filter((r) => issuedBy(r, p));
      if (roots.length === 0) pinned.push(p.cert.der);
      else if (roots.some((r) => verifiesUnder(r, p))) intermediates.push(p.cert.der);
      // else: the installed root disowns this copy; it is not trusted at all
    }
    return { anchors: [...b.roots.map((r) => r.cert.der), ...added.map((a) => a.der)], pinned, intermediates: [...intermediates, ...(await this.intermediates())] };
  }

  /**
   * The CA certificate that issued `cert` (its name matches and its key verifies the signature),
   * from the trust list, added roots and cached intermediates; null when none is known.
   */
  async findIssuer(cert: Buffer | Cert): Promise<Cert | null> {
    const c = Buffer.isBuffer(cert) ? loadCert(cert) : cert;
    const m = await this.material();
    for (const der of [...m.intermediates, ...m.pinned, ...m.anchors]) {
      const candidate = loadCert(der);
      if (candidate.fingerprint === c.fingerprint || !sameName(candidate.parts.subject.der, c.parts.issuer.der)) continue;
      if (checkCertificateSignature(c.parts, candidate.parts.spki).result === 'ok') return candidate;
    }
    return null;
  }

  /**
   * The CA certificates above `cert`, issuer first, as far as the trust list and cache know them
   * (test roots included: this is what to carry along, not a judgement of trust).
   */
  async chainFor(cert: Buffer): Promise<Buffer[]> {
    const m = await this.material();
    const testRoots = this.bundled.test.filter((t) => isSelfIssued(t.cert)).map((t) => t.cert.der);
    const built = buildChainDetailed(cert, { ...m, intermediates: [...m.intermediates, ...testRoots] });
    return built.links.slice(1).map((l) => l.cert.der);
  }

  /** The whole trust list: bundled entries by role (roots first), then added roots. */
  async list(): Promise<TrustAnchorView[]> {
    const added = await this.added();
    const addedFps = new Set(added.map((a) => a.cert.fingerprint));
    const byRole = [...this.bundled.all].sort((a, b) => ROLE_ORDER.indexOf(a.entry.role) - ROLE_ORDER.indexOf(b.entry.role));
    const bundled = byRole.map((t) => {
      const { role } = t.entry;
      let note: Message | null = null;
      let trusted = role !== 'test' || addedFps.has(t.cert.fingerprint);
      if (role === 'pinned') {
        const roots = added.filter((a) => issuedBy(a.cert, t));
        if (roots.length === 0) note = pinnedAnchorNote(t.cert);
        else trusted = roots.some((a) => verifiesUnder(a.cert, t));
      }
      if (role === 'test' && !trusted) note = { key: 'anchors.note.test' };
      if (role === 'expired') note = { key: 'anchors.note.expired' };
      return view(t.cert, 'bundled', null, null, role, trusted, note);
    });
    return [...bundled, ...added.map((a) => view(a.cert, a.stored.source, a.stored.cloudUrl, a.stored.addedAt))];
  }

  /** A certificate as the list shows it (not stored): what the user compares before trusting it. */
  describe(c: Cert): TrustAnchorView {
    return view(c, 'user', null, null);
  }

  /** What the user compares before installing a root (SHA-256, subject); throws when it cannot be one. */
  inspect(certDer: Buffer | string): AnchorCandidate {
    const c = loadCert(certDer);
    checkAnchorCandidate(c, 'user');
    return { ...view(c, 'user', null, null), anchorsPinned: pinnedUnder(c, this.bundled).map((p) => p.entry.cn) };
  }

  /**
   * Adds a root the user chose to trust. `confirmFingerprint`: the SHA-256 the user was shown and
   * accepted; another certificate is refused (CONFLICT). Adding one already there answers its entry.
   */
  async add(certDer: Buffer | string, opts: { source: 'user' | 'cloud'; cloudUrl?: string; confirmFingerprint?: string } = { source: 'user' }): Promise<TrustAnchorView> {
    const c = loadCert(certDer);
    checkAnchorCandidate(c, opts.source);
    if (opts.confirmFingerprint !== undefined && opts.confirmFingerprint.replace(/:/g, '').toLowerCase() !== c.fingerprint) {
      throw new DojangError('CONFLICT', 'anchors.fingerprintMismatch', { fingerprint: colonFingerprint(c.fingerprint) });
    }
    pinnedUnder(c, this.bundled);
    const bundled = this.bundled.roots.find((r) => r.cert.fingerprint === c.fingerprint);
    if (bundled) return view(c, 'bundled', null, null, bundled.entry.role);
    const s = await this.read();
    const existing = s.anchors.find((a) => a.fingerprint === c.fingerprint);
    if (existing) return view(c, existing.source, existing.cloudUrl, existing.addedAt);
    if (s.anchors.length >= MAX_ANCHORS) throw new DojangError('CONFLICT', 'anchors.full', { max: MAX_ANCHORS });
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
    if (this.bundled.all.some((t) => t.entry.role !== 'test' && t.cert.fingerprint === want)) {
      throw new DojangError('CONFLICT', 'anchors.bundledCannotRemove');
    }
    const s = await this.read();
    const rest = s.anchors.filter((a) => a.fingerprint !== want);
    if (rest.length === s.anchors.length) throw new DojangError('NOT_FOUND', 'anchors.noSuchAnchor', { fingerprint: fp });
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
  async pinCloudRoot(url: string, certDer: Buffer | string, confirmFingerprint?: string): Promise<TrustAnchorView> {
    const origin = normalizeUrl(url);
    const c = loadCert(certDer);
    if (confirmFingerprint !== undefined && confirmFingerprint.replace(/:/g, '').toLowerCase() !== c.fingerprint) {
      throw new DojangError('CONFLICT', 'anchors.cloudRootNotConfirmed', { url: origin, fingerprint: colonFingerprint(c.fingerprint) });
    }
    const pinned = await this.cloudRoot(origin);
    if (pinned && pinned.fingerprintSha256 !== c.fingerprint) {
      throw new DojangError('CONFLICT', 'anchors.cloudRootChanged', { origin, now: colonFingerprint(c.fingerprint), before: pinned.fingerprintColons });
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
