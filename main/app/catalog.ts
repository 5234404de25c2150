/**
 * Everything Dojang knows about local certificates: each scan of the stores (this computer's NPKI
 * roots, added folders, removable drives) and lookups by row id for the actions. An id not in the
 * last scan triggers one rescan (the UI may hold a list older than a drive change).
 */
import path from 'node:path';
import type { CaView, CertificateList, CertificateRow, ExpiryState, LocationView, PolicyView } from '../../preload/types.js';
import type { CaName } from '../../common/pki/ca-names.js';
import type { PolicyUsage } from '../../common/pki/policies.js';
import { DojangError } from '../../common/errors.js';
import { allStores } from '../stores/roots.js';
import { scanStores } from '../stores/scan.js';
import { expiryState } from '../stores/expiry.js';
import type { CertificateEntry, ScanReport, StoreRef } from '../stores/types.js';
import type { AppContext } from './context.js';

function shortPath(root: string, home: string): string {
  return root.startsWith(home + path.sep) ? '~' + root.slice(home.length) : root;
}

export function locationOf(store: StoreRef, home: string): LocationView {
  return { kind: store.kind, label: shortPath(store.root, home), root: store.root, ...(store.driveLabel ? { driveLabel: store.driveLabel } : {}) };
}

/**
 * The location, CA and policy objects of a list's rows, one per distinct value and shared by the
 * rows that have it: the browser host then sends each once (preload/list-wire.ts packs by identity).
 */
export interface RowViews {
  location(store: StoreRef): LocationView;
  ca(ca: CaName): CaView;
  policy(usage: PolicyUsage): PolicyView;
}

export function rowViews(home: string): RowViews {
  const memo = <T, V>(key: (value: T) => string, make: (value: T) => V) => {
    const made = new Map<string, V>();
    return (value: T): V => {
      const k = key(value);
      let view = made.get(k);
      if (view === undefined) made.set(k, (view = make(value)));
      return view;
    };
  };
  return {
    location: memo<StoreRef, LocationView>(
      (store) => `${store.id}\n${store.driveLabel ?? ''}`,
      (store) => locationOf(store, home),
    ),
    ca: memo<CaName, CaView>(
      (ca) => `${ca.id}\n${ca.test}`,
      (ca) => ({ id: ca.id, nameKo: ca.nameKo, nameEn: ca.nameEn, ...(ca.test ? { test: true } : {}) }),
    ),
    policy: memo<PolicyUsage, PolicyView>(
      (usage) => usage.oid,
      (usage) => ({ oid: usage.oid, usageKo: usage.usageKo, usageEn: usage.usageEn, general: usage.general }),
    ),
  };
}

export function toRow(entry: CertificateEntry, now: Date, home: string, views: RowViews = rowViews(home)): CertificateRow {
  const cert = entry.cert;
  let expiry: ExpiryState | null = null;
  let daysLeft: number | null = null;
  if (cert) {
    const state = expiryState(cert, now);
    expiry = Date.parse(cert.notBefore) > now.getTime() ? 'notYetValid' : state.state;
    daysLeft = state.daysLeft;
  }
  return {
    id: entry.id,
    kind: 'npki',
    location: views.location(entry.store),
    path: entry.path,
    hasKey: entry.hasKey,
    damaged: entry.state === 'ok' ? null : entry.damaged,
    holder: cert?.holder ?? null,
    subject: cert?.subject ?? null,
    issuer: cert?.issuer ?? null,
    ca: cert?.ca ? views.ca(cert.ca) : null,
    serialHex: cert?.serialHex ?? null,
    notBefore: cert?.notBefore ?? null,
    notAfter: cert?.notAfter ?? null,
    daysLeft,
    expiry,
    policyOid: cert?.policyOid ?? null,
    policy: cert?.usage ? views.policy(cert.usage) : null,
    fingerprintSha256: cert?.fingerprintSha256 ?? null,
    copyKey: entry.copyKey,
    cloud: null,
  };
}

/** How old a scan started at launch may be and still answer the first list (the window normally asks within a second). */
export const EARLY_SCAN_MAX_AGE_MS = 5000;

export class CertificateCatalog {
  /** The one scan kept (for lookups by id): each scan replaces it, so refreshes never accumulate entries. */
  private last: ScanReport | null = null;
  /** A scan started at launch, before anyone asked: the first list answers from it. */
  private early: { report: Promise<ScanReport>; startedAt: number } | null = null;

  constructor(private readonly ctx: AppContext) {}

  /** Forget the last scan (the set of stores changed): the next lookup rescans. */
  invalidate(): void {
    this.last = null;
    this.early = null;
  }

  /** Starts the first list's scan now (at launch, while the window loads): list() then answers from it once. Resolves when it is done. */
  prefetch(): Promise<void> {
    const report = this.scan();
    this.early = { report, startedAt: Date.now() };
    return report.then(
      () => {},
      () => {}, // a failure is the first list's to report: it scans again
    );
  }

  async stores(): Promise<StoreRef[]> {
    const settings = await this.ctx.settings.get();
    const drives = this.ctx.drives?.forScan() ?? [];
    return allStores({ platform: this.ctx.platform, homedir: this.ctx.home, env: this.ctx.env }, settings.folders, drives);
  }

  async scan(): Promise<ScanReport> {
    this.last = await scanStores(await this.stores());
    return this.last;
  }

  async list(): Promise<CertificateList> {
    const early = this.early;
    this.early = null;
    const fresh = early !== null && Date.now() - early.startedAt <= EARLY_SCAN_MAX_AGE_MS;
    const report = fresh ? await early.report.catch(() => this.scan()) : await this.scan();
    const now = this.ctx.now();
    const home = this.ctx.home;
    const views = rowViews(home);
    return {
      certificates: report.entries.map((entry) => toRow(entry, now, home, views)),
      looked: report.looked.map(({ store, present }) => ({ storeId: store.id, label: locationOf(store, home).label, root: store.root, kind: store.kind, present })),
      skipped: report.skipped,
      scannedAt: now.toISOString(),
    };
  }

  /** The entry with this id, rescanning once if the last scan does not have it. */
  async get(id: string): Promise<CertificateEntry> {
    const found = this.last?.entries.find((e) => e.id === id) ?? (await this.scan()).entries.find((e) => e.id === id);
    if (!found) throw new DojangError('NOT_FOUND', 'certificate.gone');
    return found;
  }

  /** Other entries holding the same certificate (same issuer and serial). */
  copiesOf(entry: CertificateEntry): CertificateEntry[] {
    if (!entry.copyKey || !this.last) return [];
    return this.last.entries.filter((e) => e.copyKey === entry.copyKey && e.id !== entry.id);
  }
}
