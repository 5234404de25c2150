/**
 * Outside renderer/src on purpose: it builds rows with main's own code (parser, catalog, policy
 * table, trust list), which the renderer itself may not import. One 용도 = one label = one filter
 * group, and every 용도 label the UI shows comes from common/pki's policy table; a test CA reads
 * as a test CA; an unknown issuer reads as its organisation and name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../common/pki/certificate.js';
import { isTestCaName } from '../common/pki/ca-names.js';
import { lookupPolicy, usageLabels, type UsageKey } from '../common/pki/policies.js';
import { POLICY_ROWS, USAGES } from '../common/pki/policies.data.js';
import { toRow } from '../main/app/catalog.js';
import { FIXTURES } from '../main/npki/fixtures.test-util.js';
import type { CertificateEntry } from '../main/stores/types.js';
import { TRUST_LIST } from '../main/verify/trust/trust-list.data.js';
import { facets, indexRows } from './src/model/filter';
import { caName, readableIssuer, usageLabel, whereUsable } from './src/model/labels';
import { translator } from './src/i18n/translate';

const ko = translator('ko');
const en = translator('en');
const NOW = new Date('2020-03-01T00:00:00Z');
const yessign = parseCertificate(readFileSync(path.join(FIXTURES, 'yessign-test/signCert.der')));

/** A catalog row for the yessign fixture with another policy: main's own mapping (toRow) makes it. */
function rowWithPolicy(oid: string, i: number) {
  const entry = {
    id: `e${i}`,
    store: { id: 'default:x', kind: 'default', label: '~/NPKI', root: '/home/u/NPKI' },
    path: `/home/u/NPKI/yessign/USER/cn=${i}`,
    hasKey: true,
    copyKey: `k${i}`,
    state: 'ok',
    damaged: null,
    cert: { ...yessign, policyOid: oid, usage: lookupPolicy(oid) },
  } as unknown as CertificateEntry;
  return toRow(entry, NOW, '/home/u');
}

describe('용도 labels', () => {
  const rows = POLICY_ROWS.map(([oid], i) => rowWithPolicy(oid, i));

  it('every label shown is the policy table’s, in both languages', () => {
    const labels = (Object.keys(USAGES) as UsageKey[]).map(usageLabels);
    const labelsKo = new Set(labels.map((u) => u.usageKo));
    const labelsEn = new Set(labels.map((u) => u.usageEn));
    for (const row of rows) {
      expect(labelsKo, row.policyOid!).toContain(usageLabel(row, ko, 'ko'));
      expect(labelsEn, row.policyOid!).toContain(usageLabel(row, en, 'en'));
    }
  });

  it('one 용도 is one filter group, whichever CA and sub-OID issued it', () => {
    const used = new Set(POLICY_ROWS.map(([, , usage]) => usage));
    const groups = facets(indexRows(rows)).usage;
    expect(groups).toHaveLength(used.size);
    expect(new Set(groups.map((g) => usageLabel(g.sample, ko, 'ko'))).size).toBe(used.size);
    // Labels are unique in the table, so no two 용도 can merge either.
    expect(new Set((Object.keys(USAGES) as UsageKey[]).map((u) => usageLabels(u).usageKo)).size).toBe(Object.keys(USAGES).length);
  });

  it('a 금융인증서 reads the same on details and in Compare (where usable)', () => {
    const cloudOid = POLICY_ROWS.find(([, , usage]) => USAGES[usage].cloud)![0];
    const row = { ...rowWithPolicy(cloudOid, 999), kind: 'cloud' as const };
    expect(whereUsable(row, ko, 'ko')).toBe(ko('compare.usable.cloud'));
  });
});

describe('issuers', () => {
  it('the yessign test certificate is shown as issued by a test CA, in both languages', () => {
    const row = rowWithPolicy('1.2.410.200005.1.1.4', 0);
    expect(row.ca).toMatchObject({ id: 'yessign', test: true });
    expect(caName(row, 'ko')).toBe('금융결제원 (테스트 CA)');
    expect(caName(row, 'en')).toContain('test CA');
  });

  it('every test CA in the trust list is named a test CA; no other CA is', () => {
    for (const entry of TRUST_LIST) expect(isTestCaName(entry.cn), entry.cn).toBe(entry.role === 'test');
  });

  it('an issuer no table knows reads as organisation · name, escapes undone', () => {
    expect(readableIssuer('CN=Example Issuing CA 1,OU=AccreditedCA,O=Example Bank\\, Ltd.,C=KR')).toBe('Example Bank, Ltd. · Example Issuing CA 1');
    expect(readableIssuer('CN=Only A Name')).toBe('Only A Name');
    expect(readableIssuer('not a dn')).toBe('not a dn');
  });
});
