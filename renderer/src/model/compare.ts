/**
 * Side-by-side comparison of two or more certificates (a 금융인증서 and a 공동인증서, or two copies
 * of one certificate): one line per property, the values as the user reads them, and whether they differ.
 */
import type { CertificateDetails, CertificateRow, Language } from '../../../preload/types';
import { CLOUD_KEY_ALGORITHM, CLOUD_SIGNATURE_ALGORITHM, PIN_MAX_TRIES, RENEWAL_WINDOW_DAYS } from '../data/rules';
import { formatDate, formatHex } from '../format';
import type { Translate } from '../i18n/translate';
import { DAY_MS } from './timeline';
import { daysLeftText } from './expiry-text';
import { caName, usageLabel, whereUsable } from './labels';

export interface CompareSubject {
  row: CertificateRow;
  /** From getCertificateDetails (local certificates); null while loading or for cloud ones. */
  details: CertificateDetails | null;
}

export const COMPARE_FIELDS = [
  'kind',
  'holder',
  'issuer',
  'usage',
  'whereUsable',
  'validity',
  'daysLeft',
  'term',
  'renewal',
  'secret',
  'storage',
  'keyAlgorithm',
  'signatureAlgorithm',
  'vid',
  'serial',
  'fingerprint',
] as const;
export type CompareField = (typeof COMPARE_FIELDS)[number];

export interface CompareLine {
  field: CompareField;
  values: string[];
  differs: boolean;
}

function describe(field: CompareField, { row, details }: CompareSubject, t: Translate, language: Language): string {
  const cloud = row.kind === 'cloud';
  switch (field) {
    case 'kind':
      return t(cloud ? 'kind.cloud' : 'kind.npki');
    case 'holder':
      return row.holder ?? '—';
    case 'issuer':
      return caName(row, language);
    case 'usage':
      return usageLabel(row, t, language);
    case 'whereUsable':
      return whereUsable(row, t, language);
    case 'validity':
      return `${formatDate(row.notBefore)} – ${formatDate(row.notAfter)}`;
    case 'daysLeft':
      return daysLeftText(row, t);
    case 'term': {
      if (!row.notBefore || !row.notAfter) return '—';
      const days = Math.round((Date.parse(row.notAfter) - Date.parse(row.notBefore)) / DAY_MS);
      // Whole years only when it is about whole years (test certificates may last a month).
      const years = Math.round(days / 365);
      return years >= 1 && Math.abs(days - years * 365) <= 3 * years ? t('compare.term', { days, years }) : t('compare.termDays', { days });
    }
    case 'renewal':
      return t(cloud ? 'compare.renewal.cloud' : 'compare.renewal.npki', { days: RENEWAL_WINDOW_DAYS });
    case 'secret':
      if (!cloud) return t('compare.secret.npki');
      if (row.cloud?.pinLocked) return t('compare.secret.cloudLocked');
      return t('compare.secret.cloud', { tries: row.cloud?.triesLeft ?? PIN_MAX_TRIES });
    case 'storage':
      return cloud ? t('compare.storage.cloud') : t('compare.storage.file', { place: t(`location.${row.location.kind}`), path: row.location.label });
    case 'keyAlgorithm':
      if (cloud) return CLOUD_KEY_ALGORITHM;
      if (!details) return '…';
      return details.keyBits ? `${details.keyAlgorithm}-${details.keyBits}` : details.keyAlgorithm;
    case 'signatureAlgorithm':
      if (cloud) return CLOUD_SIGNATURE_ALGORITHM;
      return details ? details.signatureAlgorithm : '…';
    case 'vid':
      if (cloud) return t('compare.vid.cloud');
      if (!row.hasKey) return t('compare.vid.noKey');
      if (details && !details.vid) return t('compare.vid.none');
      return t('compare.vid.npki');
    case 'serial':
      return formatHex(row.serialHex);
    case 'fingerprint':
      return formatHex(row.fingerprintSha256);
  }
}

export function compareLines(subjects: readonly CompareSubject[], t: Translate, language: Language): CompareLine[] {
  return COMPARE_FIELDS.map((field) => {
    const values = subjects.map((subject) => describe(field, subject, t, language));
    return { field, values, differs: new Set(values).size > 1 };
  });
}

/** All the subjects are copies of one certificate (same issuer and serial). */
export function sameCertificate(subjects: readonly CompareSubject[]): boolean {
  const key = subjects[0]?.row.copyKey;
  return subjects.length > 1 && !!key && subjects.every((s) => s.row.copyKey === key);
}
