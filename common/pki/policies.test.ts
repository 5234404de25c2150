import { describe, expect, it } from 'vitest';
import { POLICY_ROWS } from './policies.data.js';
import { lookupPolicy, policyLabel } from './policies.js';
import { caById } from './ca-names.js';

describe('policy table', () => {
  it('has unique OIDs whose CA ids are known', () => {
    const oids = POLICY_ROWS.map((r) => r[0]);
    expect(new Set(oids).size).toBe(oids.length);
    for (const r of POLICY_ROWS) expect(caById(r[1]), r[0]).not.toBeNull();
  });

  it('looks up known OIDs and never guesses from a prefix', () => {
    expect(lookupPolicy('1.2.410.200005.1.1.1.10')).toMatchObject({ caId: 'yessign', cloud: true, holderType: 'personal' });
    expect(lookupPolicy('1.2.410.200004.5.4.1.1')).toMatchObject({ caId: 'CrossCert', general: true, usageKo: '개인 범용' });
    expect(lookupPolicy('1.2.410.200005.1.1.6.1')).toMatchObject({ holderType: 'corporate', general: false });
    expect(lookupPolicy('1.2.410.200005.1.1.99')).toBeNull();
    expect(lookupPolicy('1.2.410.200004.5.2.1.7')).toBeNull();
  });

  it('labels unknown policies with their OID', () => {
    expect(policyLabel('1.2.410.200005.1.1.4')).toBe('개인 은행·보험용');
    expect(policyLabel('1.2.410.200005.1.1.4', 'en')).toBe('Banking & insurance (personal)');
    expect(policyLabel('1.2.410.200004.2.202', 'en')).toBe('unknown policy 1.2.410.200004.2.202');
    expect(policyLabel('1.2.410.200004.2.202')).toBe('알 수 없는 정책 1.2.410.200004.2.202');
  });
});
