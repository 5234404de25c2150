import { describe, expect, it } from 'vitest';
import { ALL, DEFAULT_QUERY, facets, filterRows, indexRows, listItems, type ListQuery } from './filter';
import { row, cloudRow } from './test-rows';

const q = (change: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_QUERY, ...change });
const ids = (items: { row: { id: string } }[]) => items.map((i) => i.row.id);

describe('search', () => {
  const hong = row({ holder: '홍길동()0011044', serialHex: '00a1b2c3' });
  const kim = row({ holder: '김철수', ca: { id: 'KICA', nameKo: '한국정보인증', nameEn: 'KICA' }, serialHex: '5007' });
  const index = indexRows([hong, kim]);

  it('finds a holder typed in decomposed Hangul (macOS input) and ignores case and spaces around', () => {
    expect(ids(filterRows(index, q({ text: '  홍길동  '.normalize('NFD') })))).toEqual([hong.id]);
  });

  it('finds a CA by its Korean or English name, and every word must match', () => {
    expect(ids(filterRows(index, q({ text: '한국정보인증' })))).toEqual([kim.id]);
    expect(ids(filterRows(index, q({ text: 'kica 김철수' })))).toEqual([kim.id]);
    expect(filterRows(index, q({ text: 'kica 홍길동' }))).toEqual([]);
  });

  it('finds a serial number typed with colons, in upper case, with or without leading zeros', () => {
    expect(ids(filterRows(index, q({ text: 'A1:B2:C3' })))).toEqual([hong.id]);
    expect(ids(filterRows(index, q({ text: '00:00:50:07' })))).toEqual([kim.id]);
    expect(ids(filterRows(index, q({ text: '50:07' })))).toEqual([kim.id]);
  });
});

describe('filters and sort', () => {
  const soon = row({ holder: 'b', notAfter: '2026-02-01T00:00:00Z', expiry: 'renewal', daysLeft: 10 });
  const later = row({ holder: 'a', notAfter: '2027-02-01T00:00:00Z' });
  const gone = row({ holder: 'c', notAfter: '2024-02-01T00:00:00Z', expiry: 'expired', daysLeft: -300 });
  const broken = row({ holder: null, damaged: { key: 'scan.damaged' }, notAfter: null, expiry: null, daysLeft: null, ca: null, policy: null, policyOid: null });
  const usb = row({ holder: 'd', location: { kind: 'drive', label: '/media/u/USB/NPKI', root: '/media/u/USB/NPKI' } });
  const locked = cloudRow({ holder: 'e', cloud: { credentialId: 'c', pinLocked: true, triesLeft: 0, renewalOffered: false } });
  const index = indexRows([soon, later, gone, broken, usb, locked]);

  it('sorts by expiry either way with damaged rows always last', () => {
    const asc = ids(filterRows(index, q({ sort: 'expiryAsc' })));
    expect(asc[0]).toBe(gone.id);
    expect(asc.at(-1)).toBe(broken.id);
    const desc = ids(filterRows(index, q({ sort: 'expiryDesc' })));
    expect(desc[0]).not.toBe(broken.id);
    expect(desc.at(-1)).toBe(broken.id);
    expect(desc.indexOf(later.id)).toBeLessThan(desc.indexOf(soon.id));
  });

  it('filters by state, including the PIN-locked 금융인증서 and the damaged file', () => {
    expect(ids(filterRows(index, q({ state: 'renewal' })))).toEqual([soon.id]);
    expect(ids(filterRows(index, q({ state: 'locked' })))).toEqual([locked.id]);
    expect(ids(filterRows(index, q({ state: 'damaged' })))).toEqual([broken.id]);
  });

  it('filters by location, kind, CA and usage', () => {
    expect(ids(filterRows(index, q({ location: 'drive:/media/u/USB/NPKI' })))).toEqual([usb.id]);
    expect(ids(filterRows(index, q({ location: 'cloud' })))).toEqual([locked.id]);
    expect(ids(filterRows(index, q({ kind: 'cloud' })))).toEqual([locked.id]);
    expect(filterRows(index, q({ ca: 'yessign', kind: 'npki' }))).toHaveLength(4);
    expect(ids(filterRows(index, q({ usage: 'Financial certificate (cloud)' })))).toEqual([locked.id]);
    expect(filterRows(index, q({ ca: ALL, usage: ALL }))).toHaveLength(6);
  });

  it('groups in a fixed order: this PC, drives, folders, cloud; states most urgent first', () => {
    const byLocation = listItems(filterRows(index, q({})), 'location').filter((i) => i.type === 'group');
    expect(byLocation.map((g) => g.type === 'group' && g.key)).toEqual(['default:/home/u/NPKI', 'drive:/media/u/USB/NPKI', 'cloud']);
    const byState = listItems(filterRows(index, q({})), 'state').filter((i) => i.type === 'group');
    expect(byState.map((g) => g.type === 'group' && g.key)).toEqual(['expired', 'renewal', 'locked', 'damaged', 'valid']);
    const counted = byState.find((g) => g.type === 'group' && g.key === 'valid');
    expect(counted?.type === 'group' && counted.count).toBe(2);
  });

  it('offers each filter choice with its count, from the whole list', () => {
    const f = facets(index);
    expect(f.kind.map((x) => [x.key, x.count])).toEqual([
      ['npki', 5],
      ['cloud', 1],
    ]);
    expect(f.location[0]?.key).toBe('default:/home/u/NPKI');
  });

  it('without grouping, every item is a row', () => {
    expect(listItems(filterRows(index, q({})), 'none').every((i) => i.type === 'row')).toBe(true);
  });
});

// Time per keystroke is a speed target: bench/ui.ts measures it (≤ 16 ms p95), not a unit test.
describe('1,000 rows', () => {
  it('each keystroke of a query narrows to the rows that match it', () => {
    const many = indexRows(Array.from({ length: 1000 }, (_, i) => row({ holder: `사용자${i}`, serialHex: (0x1000 + i).toString(16) })));
    const counts = ['사', '사용', '사용자', '사용자9', '사용자99'].map((text) => filterRows(many, q({ text })).length);
    expect(counts).toEqual([1000, 1000, 1000, 111, 11]);
  });
});
