/**
 * Search, filter, sort and group the certificate list. Pure and fast: the text to search is built
 * once per list (indexRows), so a keystroke costs one pass of substring tests over 1,000 rows.
 */
import type { CertificateRow } from '../../../preload/types';
import { caKey, LOCATION_ORDER, locationKey, normalizeSerial, ROW_STATES, rowState, usageKey, type RowState } from './rows';

export const ALL = 'all';
export type SortKey = 'expiryAsc' | 'expiryDesc' | 'holder';
export type GroupKey = 'none' | 'location' | 'kind' | 'ca' | 'usage' | 'state';
export const SORT_KEYS: readonly SortKey[] = ['expiryAsc', 'expiryDesc', 'holder'];
export const GROUP_KEYS: readonly GroupKey[] = ['none', 'location', 'kind', 'ca', 'usage', 'state'];

export interface ListQuery {
  text: string;
  /** locationKey() of a row, or ALL. */
  location: string;
  kind: typeof ALL | CertificateRow['kind'];
  ca: string;
  usage: string;
  state: typeof ALL | RowState;
  sort: SortKey;
  group: GroupKey;
}

export const DEFAULT_QUERY: ListQuery = { text: '', location: ALL, kind: ALL, ca: ALL, usage: ALL, state: ALL, sort: 'expiryAsc', group: 'none' };

export interface IndexedRow {
  row: CertificateRow;
  haystack: string;
  serial: string;
  expiresAt: number;
  location: string;
  ca: string;
  usage: string;
  state: RowState;
}

/** Lower case, NFC (Hangul typed on macOS arrives decomposed), trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase().trim();
}

export function indexRows(rows: readonly CertificateRow[]): IndexedRow[] {
  return rows.map((row) => {
    const serial = row.serialHex ? normalizeSerial(row.serialHex) : '';
    const words = [
      row.holder,
      row.subject,
      row.issuer,
      row.ca?.id,
      row.ca?.nameKo,
      row.ca?.nameEn,
      serial,
      row.location.label,
      row.policy?.usageKo,
      row.policy?.usageEn,
      row.policyOid,
    ];
    const expiresAt = row.notAfter ? Date.parse(row.notAfter) : Number.POSITIVE_INFINITY;
    return {
      row,
      haystack: normalizeText(words.filter(Boolean).join('\n')),
      serial,
      expiresAt: Number.isNaN(expiresAt) ? Number.POSITIVE_INFINITY : expiresAt,
      location: locationKey(row),
      ca: caKey(row),
      usage: usageKey(row),
      state: rowState(row),
    };
  });
}

/** Each whitespace-separated word must match: in the text, or (colons dropped) in the serial number. */
function matcher(text: string): (item: IndexedRow) => boolean {
  const words = normalizeText(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  const serialWords = words.map((w) => (/^[0-9a-f:]+$/.test(w) ? normalizeSerial(w) : null));
  return (item) => words.every((w, i) => item.haystack.includes(w) || (serialWords[i] !== null && item.serial.includes(serialWords[i]!)));
}

const collator = new Intl.Collator('ko');

function comparator(sort: SortKey): (a: IndexedRow, b: IndexedRow) => number {
  const byHolder = (a: IndexedRow, b: IndexedRow) => collator.compare(a.row.holder ?? '', b.row.holder ?? '') || a.row.id.localeCompare(b.row.id);
  // Damaged rows (no expiry) always go last.
  const damagedLast = (x: IndexedRow) => (x.expiresAt === Number.POSITIVE_INFINITY ? 1 : 0);
  if (sort === 'expiryAsc') return (a, b) => damagedLast(a) - damagedLast(b) || a.expiresAt - b.expiresAt || byHolder(a, b);
  if (sort === 'expiryDesc') return (a, b) => damagedLast(a) - damagedLast(b) || b.expiresAt - a.expiresAt || byHolder(a, b);
  return byHolder;
}

export function filterRows(index: readonly IndexedRow[], query: ListQuery): IndexedRow[] {
  const matches = matcher(query.text);
  const out = index.filter(
    (item) =>
      (query.location === ALL || item.location === query.location) &&
      (query.kind === ALL || item.row.kind === query.kind) &&
      (query.ca === ALL || item.ca === query.ca) &&
      (query.usage === ALL || item.usage === query.usage) &&
      (query.state === ALL || item.state === query.state) &&
      matches(item),
  );
  return out.sort(comparator(query.sort));
}

export type ListItem = { type: 'group'; key: string; count: number; sample: CertificateRow } | { type: 'row'; item: IndexedRow };

function groupOf(item: IndexedRow, group: GroupKey): string {
  switch (group) {
    case 'location':
      return item.location;
    case 'kind':
      return item.row.kind;
    case 'ca':
      return item.ca;
    case 'usage':
      return item.usage;
    case 'state':
      return item.state;
    default:
      return '';
  }
}

/** Groups in a fixed order: locations this PC → drives → folders → cloud, states most urgent first, others by name. */
function groupRank(group: GroupKey, sample: IndexedRow): [number, string] {
  if (group === 'location') return [LOCATION_ORDER.indexOf(sample.row.location.kind), sample.row.location.label];
  if (group === 'state') return [ROW_STATES.indexOf(sample.state), ''];
  if (group === 'kind') return [sample.row.kind === 'npki' ? 0 : 1, ''];
  const key = groupOf(sample, group);
  return [key === '' ? 1 : 0, key];
}

/** The rows as the list shows them: with a header item before each group when grouped. */
export function listItems(rows: readonly IndexedRow[], group: GroupKey): ListItem[] {
  if (group === 'none') return rows.map((item) => ({ type: 'row', item }));
  const groups = new Map<string, IndexedRow[]>();
  for (const item of rows) {
    const key = groupOf(item, group);
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  const ordered = [...groups.entries()].sort(([, a], [, b]) => {
    const [ra, na] = groupRank(group, a[0]!);
    const [rb, nb] = groupRank(group, b[0]!);
    return ra - rb || collator.compare(na, nb);
  });
  const items: ListItem[] = [];
  for (const [key, members] of ordered) {
    items.push({ type: 'group', key, count: members.length, sample: members[0]!.row });
    for (const item of members) items.push({ type: 'row', item });
  }
  return items;
}

export interface Facet {
  key: string;
  count: number;
  sample: CertificateRow;
}

/** The choices each filter offers, with counts, from the whole list (not the filtered one). */
export function facets(index: readonly IndexedRow[]): Record<'location' | 'ca' | 'usage' | 'state' | 'kind', Facet[]> {
  const tally = (pick: (item: IndexedRow) => string, group: GroupKey): Facet[] => {
    const map = new Map<string, { count: number; first: IndexedRow }>();
    for (const item of index) {
      const key = pick(item);
      const entry = map.get(key);
      if (entry) entry.count++;
      else map.set(key, { count: 1, first: item });
    }
    return [...map.entries()]
      .sort(([, a], [, b]) => {
        const [ra, na] = groupRank(group, a.first);
        const [rb, nb] = groupRank(group, b.first);
        return ra - rb || collator.compare(na, nb);
      })
      .map(([key, { count, first }]) => ({ key, count, sample: first.row }));
  };
  return {
    location: tally((i) => i.location, 'location'),
    ca: tally((i) => i.ca, 'ca'),
    usage: tally((i) => i.usage, 'usage'),
    state: tally((i) => i.state, 'state'),
    kind: tally((i) => i.row.kind, 'kind'),
  };
}
