import { POLICY_ROWS } from './policies.data.js';

export interface PolicyUsage {
  oid: string;
  caId: string;
  usageKo: string;
  usageEn: string;
  holderType: 'personal' | 'corporate' | 'other';
  /** 범용: accepted by every relying party. */
  general: boolean;
  /** 금융인증서 (the key lives in the cloud). */
  cloud: boolean;
}

export const ANY_POLICY_OID = '2.5.29.32.0';

const BY_OID = new Map<string, PolicyUsage>(
  POLICY_ROWS.map(([oid, caId, usageKo, usageEn, holderType, general, cloud]) => [
    oid,
    { oid, caId, usageKo, usageEn, holderType, general, cloud },
  ]),
);

/** The known usage of a policy OID, or null (never a guess from a prefix). */
export function lookupPolicy(oid: string): PolicyUsage | null {
  const u = BY_OID.get(oid);
  return u ? { ...u } : null;
}

/** A display label: the usage, or "unknown policy <oid>". */
export function policyLabel(oid: string | null, lang: 'ko' | 'en' = 'ko'): string {
  if (!oid) return lang === 'ko' ? '정책 없음' : 'no policy';
  const u = BY_OID.get(oid);
  if (u) return lang === 'ko' ? u.usageKo : u.usageEn;
  if (oid === ANY_POLICY_OID) return lang === 'ko' ? '모든 정책 (인증기관)' : 'any policy (CA)';
  return lang === 'ko' ? `알 수 없는 정책 ${oid}` : `unknown policy ${oid}`;
}
