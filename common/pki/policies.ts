import { formatMessage, type Message, type MessageKey } from '../../preload/messages/format.js';
import { POLICY_ROWS, USAGES, type UsageKey } from './policies.data.js';

export type { UsageKey } from './policies.data.js';

export interface PolicyUsage {
  oid: string;
  caId: string;
  /** The stable key of the 용도 (one label per key: the catalog's `policy.usage.<key>`). */
  usage: UsageKey;
  usageKo: string;
  usageEn: string;
  holderType: 'personal' | 'corporate' | 'other';
  /** 범용: accepted by every relying party. */
  general: boolean;
  /** 금융인증서 (the key lives in the cloud). */
  cloud: boolean;
}

export const ANY_POLICY_OID = '2.5.29.32.0';

/** The catalog key of a 용도's label. */
export const usageLabelKey = (usage: UsageKey): MessageKey => `policy.usage.${usage}`;

/** A 용도's label in both languages, as a certificate row carries it (the renderer says one, its filter searches both). */
export function usageLabels(usage: UsageKey): { usageKo: string; usageEn: string } {
  return { usageKo: formatMessage('ko', usageLabelKey(usage)), usageEn: formatMessage('en', usageLabelKey(usage)) };
}

const BY_OID = new Map<string, PolicyUsage>(
  POLICY_ROWS.map(([oid, caId, usage, holderType]) => {
    const u = USAGES[usage];
    return [oid, { oid, caId, usage, ...usageLabels(usage), holderType, general: u.general, cloud: u.cloud }];
  }),
);

/** The known usage of a policy OID, or null (never a guess from a prefix). */
export function lookupPolicy(oid: string): PolicyUsage | null {
  const u = BY_OID.get(oid);
  return u ? { ...u } : null;
}

/**
 * What to call a policy: the usage, or "unknown policy <oid>" with the issuing CA when given
 * (`ca`: its name or CN), so the user can ask that CA what the certificate is for.
 */
export function policyMessage(oid: string | null, ca?: string | null): Message {
  if (!oid) return { key: 'policy.none' };
  const u = BY_OID.get(oid);
  if (u) return { key: usageLabelKey(u.usage) };
  if (oid === ANY_POLICY_OID) return { key: 'policy.any' };
  return ca ? { key: 'policy.unknownFrom', params: { oid, ca } } : { key: 'policy.unknown', params: { oid } };
}
