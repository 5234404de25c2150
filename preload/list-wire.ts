/**
 * The browser host's HTTP bridge sends listCertificates' answer packed (main/host/server.ts packs,
 * preload/browser.ts unpacks), so the renderer still gets a plain CertificateList. Plain JSON
 * repeats every key and the location, CA and policy objects in each row: ~1 KB a row, 1 MB for
 * 1,000, which the page must receive and parse before the list can show (bench/ui.ts). Packed:
 * the keys once, each row as an array of its values, and each object value sent once in a table
 * and referred to by its index (rows of one CA, policy or folder share it). Electron's IPC
 * (structured clone, no JSON text) is unchanged.
 */
import type { Outcome } from './errors.js';
import type { CertificateList, CertificateRow } from './types.js';

export const PACKED_METHOD = 'listCertificates';

export interface PackedList extends Omit<CertificateList, 'certificates'> {
  /** refs: the keys whose values are objects, sent as an index in `shared` (or null). */
  packed: { keys: string[]; refs: string[]; shared: object[]; rows: unknown[][] };
}

const fields = (row: CertificateRow) => row as unknown as Record<string, unknown>;

/** Each row's values in `keys` order (null and absent are null); an object value becomes its index in `shared`. */
export function packList(list: CertificateList): PackedList {
  const { certificates, ...rest } = list;
  const keys = [...new Set(certificates.flatMap((row) => Object.keys(row)))];
  const refs = keys.filter((key) => certificates.some((row) => typeof fields(row)[key] === 'object' && fields(row)[key] !== null));
  const shared: object[] = [];
  // By identity first (main shares one object per location, CA and policy: catalog.ts rowViews), then by content.
  const byObject = new Map<object, number>();
  const byText = new Map<string, number>();
  const intern = (value: object): number => {
    let index = byObject.get(value);
    if (index !== undefined) return index;
    const text = JSON.stringify(value);
    index = byText.get(text) ?? shared.push(value) - 1;
    byText.set(text, index);
    byObject.set(value, index);
    return index;
  };
  const rows = certificates.map((row) =>
    keys.map((key) => {
      const value = fields(row)[key];
      return value === null || typeof value !== 'object' ? (value ?? null) : intern(value);
    }),
  );
  return { ...rest, packed: { keys, refs, shared, rows } };
}

/** Rows that shared an object on the wire share one object here too (the renderer never changes a row). */
export function unpackList(packed: PackedList): CertificateList {
  const { packed: wire, ...rest } = packed;
  const isRef = wire.keys.map((key) => wire.refs.includes(key));
  const certificates = wire.rows.map((values) => {
    const row: Record<string, unknown> = {};
    wire.keys.forEach((key, i) => {
      const value = values[i] ?? null;
      row[key] = isRef[i] && value !== null ? wire.shared[value as number] : value;
    });
    return row as unknown as CertificateRow;
  });
  return { ...rest, certificates };
}

/** The bridge answer as the browser host sends it: packed for listCertificates, else as is. */
export function packAnswer(method: string, outcome: Outcome<unknown>): Outcome<unknown> {
  return method === PACKED_METHOD && outcome.ok ? { ok: true, value: packList(outcome.value as CertificateList) } : outcome;
}

export function unpackAnswer(method: string, outcome: Outcome<unknown>): Outcome<unknown> {
  return method === PACKED_METHOD && outcome.ok ? { ok: true, value: unpackList(outcome.value as PackedList) } : outcome;
}
