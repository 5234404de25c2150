/** How a certificate's issuer, usage and location read in the user's language. */
import type { CertificateRow, Language } from '../../../preload/types';
import type { Translate } from '../i18n/translate';

export function caName(row: CertificateRow, language: Language): string {
  if (row.ca) return language === 'ko' ? row.ca.nameKo : row.ca.nameEn;
  return row.issuer ?? '—';
}

export function usageLabel(row: CertificateRow, t: Translate, language: Language): string {
  if (row.policy) return language === 'ko' ? row.policy.usageKo : row.policy.usageEn;
  // Never a guess: the OID and the CA that issued it, so the user can ask that CA.
  if (row.policyOid) return t('usage.unknown', { oid: row.policyOid, ca: caName(row, language) });
  return t('usage.none');
}

export function locationLabel(row: CertificateRow, t: Translate): string {
  if (row.location.kind === 'cloud') return t('location.cloud');
  const drive = row.location.driveLabel ? ` ${row.location.driveLabel}` : '';
  return `${t(`location.${row.location.kind}`)}${drive} · ${row.location.label}`;
}
