import { describe, expect, it } from 'vitest';
import { DOJANG_CLOUD_POLICY_OID, POLICY_ROWS, USAGES } from './policies.data.js';
import { formatMessage, type MessageLanguage } from '../../preload/messages/format.js';
import { lookupPolicy, policyMessage, usageLabels, type UsageKey } from './policies.js';
import { caById } from './ca-names.js';

/** What a policy is called, in `lang`. */
function policyLabel(oid: string | null, lang: MessageLanguage = 'ko', ca?: string): string {
  const m = policyMessage(oid, ca);
  return formatMessage(lang, m.key, m.params);
}

describe('policy table', () => {
  it('has unique OIDs whose CA ids are known (or Dojang Cloud, no NPKI folder), each with a source', () => {
    const oids = POLICY_ROWS.map((r) => r[0]);
    expect(new Set(oids).size).toBe(oids.length);
    for (const r of POLICY_ROWS) {
      if (r[1] !== 'DojangCloud') expect(caById(r[1]), r[0]).not.toBeNull();
      expect(r[4], r[0]).toMatch(/^[a-z-]+$/);
    }
  });

  it('one label per 용도, in both languages, never the same label for two usages', () => {
    const labels = (Object.keys(USAGES) as UsageKey[]).map(usageLabels);
    const ko = labels.map((u) => u.usageKo);
    const en = labels.map((u) => u.usageEn);
    expect(en.every((label) => /^[\x20-\x7e]+$/.test(label))).toBe(true);
    expect(new Set(ko).size).toBe(ko.length);
    expect(new Set(en).size).toBe(en.length);
    // the same 용도 at two CAs reads the same
    expect(lookupPolicy('1.2.410.200005.1.1.4')!.usageKo).toBe(lookupPolicy('1.2.410.200004.5.2.1.7.1')!.usageKo);
  });

  it('covers what the licensed CAs issue: 범용 and 용도제한, bank/insurance, securities, card, e-tax, 금융인증서', () => {
    const usage = (oid: string) => lookupPolicy(oid)?.usage;
    expect(usage('1.2.410.200004.5.2.1.6.141')).toBe('health-welfare'); // the OID issue 13 met as "unknown"
    expect(usage('1.2.410.200005.1.1.1.10')).toBe('fincert-personal');
    for (const o of ['11', '12', '13']) expect(lookupPolicy(`1.2.410.200005.1.1.8.${o}`)).toMatchObject({ usage: 'fincert-business', cloud: true, holderType: 'corporate' });
    expect(usage('1.2.410.200004.5.1.1.9')).toBe('securities-personal');
    expect(usage('1.2.410.200012.1.1.105')).toBe('card');
    expect(usage('1.2.410.200012.5.19.1.1')).toBe('etax');
    expect(usage('1.2.410.200004.5.2.1.5001')).toBe('nts-etax');
  });

  it('knows Dojang Cloud’s own 2.25.<UUID> policy, as the cloud writes it, apart from 금융결제원’s', () => {
    expect(DOJANG_CLOUD_POLICY_OID).toBe('2.25.229264179961841078052226479068663199078.1');
    expect(lookupPolicy(DOJANG_CLOUD_POLICY_OID)).toMatchObject({ usage: 'dojang-cloud', cloud: true, general: false, holderType: 'personal' });
    expect(policyLabel(DOJANG_CLOUD_POLICY_OID)).toBe('금융인증서 (Dojang 클라우드)');
    expect(policyLabel(DOJANG_CLOUD_POLICY_OID, 'en')).toBe('Financial certificate (Dojang cloud)');
    expect(lookupPolicy(`${DOJANG_CLOUD_POLICY_OID}.9`)).toBeNull();
  });

  it('looks up known OIDs and never guesses from a prefix', () => {
    expect(lookupPolicy('1.2.410.200005.1.1.1.10')).toMatchObject({ caId: 'yessign', cloud: true, holderType: 'personal' });
    expect(lookupPolicy('1.2.410.200004.5.4.1.1')).toMatchObject({ caId: 'CrossCert', general: true, usageKo: '개인 범용' });
    expect(lookupPolicy('1.2.410.200005.1.1.6.1')).toMatchObject({ holderType: 'corporate', general: false });
    expect(lookupPolicy('1.2.410.200005.1.1.99')).toBeNull();
    expect(lookupPolicy('1.2.410.200004.5.2.1.7')).toBeNull();
    expect(lookupPolicy('1.2.410.200005.1.1.8.14')).toBeNull();
  });

  it('labels unknown policies with their OID and, when known, the CA', () => {
    expect(policyLabel('1.2.410.200005.1.1.4')).toBe('개인 은행·보험용');
    expect(policyLabel('1.2.410.200005.1.1.4', 'en')).toBe('Banking & insurance (personal)');
    expect(policyLabel('1.2.410.200004.2.202', 'en')).toBe('unknown policy 1.2.410.200004.2.202');
    expect(policyLabel('1.2.410.200004.2.202')).toBe('알 수 없는 정책 1.2.410.200004.2.202');
    expect(policyLabel('1.2.410.200005.1.1.99', 'en', 'yessignCA Class 4')).toBe('unknown policy 1.2.410.200005.1.1.99 (issued by yessignCA Class 4)');
    expect(policyLabel('1.2.410.200005.1.1.99', 'ko', 'yessignCA Class 4')).toBe('알 수 없는 정책 1.2.410.200005.1.1.99 (발급: yessignCA Class 4)');
    expect([policyLabel(null), policyLabel(null, 'en'), policyLabel('2.5.29.32.0', 'en')]).toEqual(['정책 없음', 'no policy', 'any policy (CA)']);
  });
});
