/** Test-only: certificate rows as main sends them, with just the fields a test cares about set. */
import type { CertificateRow } from '../../../preload/types';

let next = 0;

export function row(over: Partial<CertificateRow> = {}): CertificateRow {
  next++;
  return {
    id: `id-${next}`,
    kind: 'npki',
    location: { kind: 'default', label: '~/NPKI', root: '/home/u/NPKI' },
    path: `/home/u/NPKI/yessign/USER/cn=${next}`,
    hasKey: true,
    damaged: null,
    holder: `holder ${next}`,
    subject: `cn=holder ${next},o=yessign,c=kr`,
    issuer: 'cn=yessignCA Class 2,o=yessign,c=kr',
    ca: { id: 'yessign', nameKo: '금융결제원', nameEn: 'KFTC' },
    serialHex: '1a2b',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    daysLeft: 100,
    expiry: 'valid',
    policyOid: '1.2.410.200005.1.1.4',
    policy: { oid: '1.2.410.200005.1.1.4', usageKo: '개인 은행·보험용', usageEn: 'Banking & insurance (personal)', general: false },
    fingerprintSha256: 'ab'.repeat(32),
    copyKey: `copy-${next}`,
    cloud: null,
    ...over,
  };
}

export function cloudRow(over: Partial<CertificateRow> = {}): CertificateRow {
  return row({
    kind: 'cloud',
    location: { kind: 'cloud', label: 'cloud', root: '' },
    path: '',
    policyOid: '1.2.410.200005.1.1.1.10',
    policy: { oid: '1.2.410.200005.1.1.1.10', usageKo: '금융인증서', usageEn: 'Financial certificate (cloud)', general: false },
    cloud: { credentialId: 'cred-1', pinLocked: false, triesLeft: 5, renewalOffered: false },
    ...over,
  });
}
