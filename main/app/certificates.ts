/**
 * The certificate list the UI shows: every store Dojang knows (this computer's NPKI roots, added
 * folders, removable drives), scanned by the stores module and mapped to bridge rows.
 */
import type { CertificateList, CertificateRow, ExpiryState, LocationView } from '../../preload/types.js';
import { allStores } from '../stores/roots.js';
import { scanStores } from '../stores/scan.js';
import { expiryState } from '../stores/expiry.js';
import type { CertificateEntry, StoreRef } from '../stores/types.js';
import type { AppContext } from './context.js';

function shortPath(root: string, home: string): string {
  return root.startsWith(home + '/') ? '~' + root.slice(home.length) : root;
}

function locationOf(store: StoreRef, home: string): LocationView {
  return { kind: store.kind, label: shortPath(store.root, home), root: store.root };
}

export function toRow(entry: CertificateEntry, now: Date, home: string): CertificateRow {
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
    location: locationOf(entry.store, home),
    path: entry.path,
    hasKey: entry.hasKey,
    damaged: entry.state === 'ok' ? null : entry.damaged,
    holder: cert?.holder ?? null,
    subject: cert?.subject ?? null,
    issuer: cert?.issuer ?? null,
    ca: cert?.ca ? { id: cert.ca.id, nameKo: cert.ca.nameKo, nameEn: cert.ca.nameEn } : null,
    serialHex: cert?.serialHex ?? null,
    notBefore: cert?.notBefore ?? null,
    notAfter: cert?.notAfter ?? null,
    daysLeft,
    expiry,
    policyOid: cert?.policyOid ?? null,
    policy: cert?.usage ? { oid: cert.usage.oid, usageKo: cert.usage.usageKo, usageEn: cert.usage.usageEn, general: cert.usage.general } : null,
    fingerprintSha256: cert?.fingerprintSha256 ?? null,
    copyKey: entry.copyKey,
  };
}

export async function listCertificates(ctx: AppContext): Promise<CertificateList> {
  const settings = await ctx.settings.get();
  const stores = allStores({ platform: ctx.platform, homedir: ctx.home, env: ctx.env }, settings.folders, []);
  const report = await scanStores(stores);
  const now = ctx.now();
  return {
    certificates: report.entries.map((entry) => toRow(entry, now, ctx.home)),
    looked: report.looked.map(({ store, present }) => ({ label: locationOf(store, ctx.home).label, root: store.root, kind: store.kind, present })),
    skipped: report.skipped,
    scannedAt: now.toISOString(),
  };
}
