/**
 * A cloud credential as a certificate row, the same shape as the local ones (preload/types.ts),
 * with kind 'cloud' and its PIN state. Expiry is judged on the cloud's clock, so a skewed
 * local clock does not turn a valid certificate "expired" (or the other way round).
 */
import type { CertificateRow, ExpiryState } from '../../preload/types.js';
import { usageLabels } from '../../common/pki/policies.js';
import { parseCertificate } from '../../common/pki/certificate.js';
import { expiryState } from '../stores/expiry.js';

export interface CloudRowInput {
  credentialId: string;
  certDer: Buffer;
  cloudUrl: string;
  pinLocked: boolean;
  triesLeft: number | null;
  renewalOffered: boolean;
}

export function cloudRowId(credentialId: string): string {
  return `cloud:${credentialId}`;
}

export function cloudLabel(cloudUrl: string): string {
  let host = cloudUrl;
  try {
    host = new URL(cloudUrl).host;
  } catch {
    // keep the text as given
  }
  return `금융인증서 클라우드 / 금융인증서 cloud (${host})`;
}

export function cloudRow(input: CloudRowInput, cloudNow: Date): CertificateRow {
  const cert = parseCertificate(input.certDer);
  const state = expiryState(cert, cloudNow);
  const expiry: ExpiryState = Date.parse(cert.notBefore) > cloudNow.getTime() ? 'notYetValid' : state.state;
  return {
    id: cloudRowId(input.credentialId),
    kind: 'cloud',
    location: { kind: 'cloud', label: cloudLabel(input.cloudUrl), root: input.cloudUrl },
    path: '',
    hasKey: true,
    damaged: null,
    holder: cert.holder,
    subject: cert.subject,
    issuer: cert.issuer,
    ca: cert.ca ? { id: cert.ca.id, nameKo: cert.ca.nameKo, nameEn: cert.ca.nameEn, ...(cert.ca.test ? { test: true } : {}) } : null,
    serialHex: cert.serialHex,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    daysLeft: state.daysLeft,
    expiry,
    policyOid: cert.policyOid,
    policy: cert.usage
      ? { oid: cert.usage.oid, usageKo: cert.usage.usageKo, usageEn: cert.usage.usageEn, general: cert.usage.general }
      : cert.policyOid
        ? // A policy the table does not know on a cloud's certificate: still a 금융인증서, labelled as the table labels one.
          { oid: cert.policyOid, ...usageLabels('fincert-personal'), general: false }
        : null,
    fingerprintSha256: cert.fingerprintSha256,
    copyKey: null,
    cloud: {
      credentialId: input.credentialId,
      pinLocked: input.pinLocked,
      triesLeft: input.triesLeft,
      renewalOffered: input.renewalOffered,
    },
  };
}
