/**
 * The certificates a request may be signed with: those the page's filter matches (kind, policy
 * OID, issuer), local ones from every store the catalog scans (this computer, added folders, USB
 * drives) and the 금융인증서 of the connected cloud. Only the consent window sees this list; the
 * page learns nothing of it unless the user signs.
 */
import type { CertificateRow } from '../../preload/types.js';
import type { AgentConsentView } from '../../preload/areas/agent.js';
import type { CertificateCatalog } from '../app/catalog.js';
import { toRow } from '../app/catalog.js';
import type { CloudService } from '../fincert/index.js';
import type { CertificateEntry } from '../stores/types.js';
import type { SignParams } from './protocol.js';

export interface OfferedCertificate {
  row: CertificateRow;
  /** The local entry to sign with; null for a 금융인증서 (row.cloud names it). */
  entry: CertificateEntry | null;
}

export interface CertificateSources {
  catalog: Pick<CertificateCatalog, 'scan'>;
  cloud: Pick<CloudService, 'status' | 'certificates'>;
  now(): Date;
  home: string;
}

type Filter = SignParams['filter'];

/** The issuer's CN and O values, from the formatted issuer name (`CN=…,OU=…,O=…,C=kr`). */
function issuerNames(row: CertificateRow): string[] {
  const names = [row.ca?.id, row.ca?.nameKo, row.ca?.nameEn].filter((n): n is string => !!n);
  for (const part of (row.issuer ?? '').split(/,(?=[A-Za-z][A-Za-z0-9.]*=)/)) {
    const match = /^(CN|O)=(.*)$/i.exec(part.trim());
    if (match) names.push(match[2]!.replace(/\\(.)/g, '$1'));
  }
  return names.map((n) => n.toLowerCase());
}

export function matchesFilter(row: CertificateRow, policies: string[], filter: Filter): boolean {
  if (filter.kinds && !filter.kinds.includes(row.kind === 'cloud' ? 'cloud' : 'local')) return false;
  if (filter.policyOids && !filter.policyOids.some((oid) => policies.includes(oid))) return false;
  if (filter.issuers) {
    const names = issuerNames(row);
    if (!filter.issuers.some((issuer) => names.includes(issuer.toLowerCase()))) return false;
  }
  return true;
}

export async function matchingCertificates(
  sources: CertificateSources,
  filter: Filter,
): Promise<{ offered: Map<string, OfferedCertificate>; cloudNote: AgentConsentView['cloudNote'] }> {
  const offered = new Map<string, OfferedCertificate>();
  const now = sources.now();
  if (!filter.kinds || filter.kinds.includes('local')) {
    for (const entry of (await sources.catalog.scan()).entries) {
      if (entry.state !== 'ok' || !entry.hasKey || !entry.cert) continue;
      const row = toRow(entry, now, sources.home);
      if (matchesFilter(row, entry.cert.policies, filter)) offered.set(row.id, { row, entry });
    }
  }
  let cloudNote: AgentConsentView['cloudNote'] = null;
  if (!filter.kinds || filter.kinds.includes('cloud')) {
    try {
      const status = await sources.cloud.status();
      // No cloud set up at all (no address): nothing to say about it.
      if (!status.connected) cloudNote = !status.url ? null : status.reachable ? 'notConnected' : 'unreachable';
      else
        for (const row of await sources.cloud.certificates()) {
          if (matchesFilter(row, row.policyOid ? [row.policyOid] : [], filter)) offered.set(row.id, { row, entry: null });
        }
    } catch {
      cloudNote = 'unreachable';
    }
  }
  return { offered, cloudNote };
}
