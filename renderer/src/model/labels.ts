/** How a certificate's issuer, usage and location read in the user's language. */
import type { CertificateRow, Language } from '../../../preload/types';
import { translator, type Translate } from '../i18n/translate';

/** The attributes of an RFC 4514 name (as main formats it: "CN=…,OU=…,O=…,C=KR"), escapes undone. */
function nameAttributes(dn: string): { type: string; value: string }[] {
  const out: { type: string; value: string }[] = [];
  for (const part of dn.split(/(?<!\\),|(?<!\\)\+/)) {
    const eq = part.indexOf('=');
    if (eq > 0)
      out.push({
        type: part.slice(0, eq).trim().toUpperCase(),
        value: part
          .slice(eq + 1)
          .replace(/\\(.)/g, '$1')
          .trim(),
      });
  }
  return out;
}

/** An issuer no CA table knows: its organisation and name ("Example Bank · Example Issuing CA 1"), not the raw DN. */
export function readableIssuer(dn: string): string {
  const attrs = nameAttributes(dn);
  const pick = (type: string) => attrs.find((a) => a.type === type)?.value;
  const parts = [pick('O') ?? pick('OU'), pick('CN')].filter((x): x is string => !!x);
  return parts.length > 0 ? [...new Set(parts)].join(' · ') : dn;
}

/** The organisation that runs the CA (whose pages a user visits), test CA or not. */
export function caOrganisation(row: CertificateRow, language: Language): string {
  if (row.ca) return language === 'ko' ? row.ca.nameKo : row.ca.nameEn;
  return row.issuer ? readableIssuer(row.issuer) : '—';
}

/** Who issued the certificate, as the list and details show it: a test CA says so. */
export function caName(row: CertificateRow, language: Language): string {
  const name = caOrganisation(row, language);
  return row.ca?.test ? translator(language)('ca.test', { name }) : name;
}

export function usageLabel(row: CertificateRow, t: Translate, language: Language): string {
  if (row.policy) return language === 'ko' ? row.policy.usageKo : row.policy.usageEn;
  // Never a guess: the OID and the CA that issued it, so the user can ask that CA.
  if (row.policyOid) return t('usage.unknown', { oid: row.policyOid, ca: caName(row, language) });
  return t('usage.none');
}

/** Where a certificate is accepted: the same words on details and in Compare. */
export function whereUsable(row: CertificateRow, t: Translate, language: Language): string {
  if (row.kind === 'cloud') return t('compare.usable.cloud');
  if (row.policy?.general) return t('compare.usable.general');
  if (row.policy) return t('compare.usable.limited', { usage: usageLabel(row, t, language) });
  return t('compare.usable.unknown');
}

export function locationLabel(row: CertificateRow, t: Translate): string {
  if (row.location.kind === 'cloud') return t('location.cloud');
  const drive = row.location.driveLabel ? ` ${row.location.driveLabel}` : '';
  return `${t(`location.${row.location.kind}`)}${drive} · ${row.location.label}`;
}
