/**
 * Everything Dojang knows about certificates, shared by the list, timeline, details, compare and
 * import/export screens: local certificates (this PC, drives, added folders) merged with the cloud's
 * when this device is connected; the drives; the user's selection and list query.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CloudStatus } from '../../../preload/areas/cloud';
import type { BridgeError } from '../../../preload/errors';
import type { CertificateList, CertificateRow, DriveView } from '../../../preload/types';
import { DEFAULT_QUERY, indexRows, type IndexedRow, type ListQuery } from '../model/filter';
import { listCall } from './first-calls';

export interface CertificatesState {
  status: 'loading' | 'ok' | 'error';
  list: CertificateList | null;
  error: BridgeError | null;
  cloud: CloudStatus | null;
  /** Why the cloud's certificates are missing from the list (unreachable, handler missing …), if they are. */
  cloudError: BridgeError | null;
  rows: CertificateRow[];
  index: IndexedRow[];
  drives: DriveView[];
  reload(): void;
  selected: ReadonlySet<string>;
  setSelected(ids: Iterable<string>): void;
  toggleSelected(id: string): void;
  query: ListQuery;
  setQuery(change: Partial<ListQuery>): void;
}

const CertificatesContext = createContext<CertificatesState | null>(null);

/**
 * "No cloud rows", always the same array: a new `[]` per answer would change `rows`, so the
 * 1,000 local rows would be indexed, filtered and rendered again when the cloud (not connected)
 * answers just after the list at launch.
 */
const NO_ROWS: CertificateRow[] = [];

export function useCertificates(): CertificatesState {
  const value = useContext(CertificatesContext);
  if (!value) throw new Error('useCertificates outside CertificatesProvider');
  return value;
}

/** The row with this id, if the last load had it. */
export function useRow(id: string): CertificateRow | null {
  const { rows } = useCertificates();
  return useMemo(() => rows.find((r) => r.id === id) ?? null, [rows, id]);
}

/** foldersKey: the added folders joined, so a change of folders (and nothing else) means another scan. */
export function CertificatesProvider({ foldersKey, children }: { foldersKey: string; children: ReactNode }) {
  const [list, setList] = useState<CertificateList | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [cloud, setCloud] = useState<CloudStatus | null>(null);
  const [cloudRows, setCloudRows] = useState<CertificateRow[]>(NO_ROWS);
  const [cloudError, setCloudError] = useState<BridgeError | null>(null);
  const [drives, setDrives] = useState<DriveView[]>([]);
  const [selected, setSelectedState] = useState<ReadonlySet<string>>(new Set());
  const [query, setQueryState] = useState<ListQuery>(DEFAULT_QUERY);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    const live = () => mine === generation.current;
    // The local list shows as soon as it arrives; the cloud's rows join when (and if) they come.
    const local = listCall().then((outcome) => {
      if (!live()) return;
      if (outcome.ok) {
        setList(outcome.value);
        setError(null);
      } else setError(outcome.error);
    });
    const remote = window.dojang.cloudStatus({}).then(async (status) => {
      if (!live()) return;
      if (!status.ok) {
        setCloud(null);
        setCloudRows(NO_ROWS);
        setCloudError(status.error);
        return;
      }
      setCloud(status.value);
      if (!status.value.connected) {
        setCloudRows(NO_ROWS);
        setCloudError(null);
        return;
      }
      const certs = await window.dojang.cloudCertificates({});
      if (!live()) return;
      setCloudRows(certs.ok ? certs.value : NO_ROWS);
      setCloudError(certs.ok ? null : certs.error);
    });
    const drivesNow = window.dojang.listDrives({}).then((outcome) => {
      if (live() && outcome.ok) setDrives(outcome.value);
    });
    await Promise.all([local, remote, drivesNow]);
  }, []);

  useEffect(() => {
    void load();
  }, [load, foldersKey]);

  useEffect(
    () =>
      window.dojang.on('drivesChanged', (change) => {
        setDrives(change.drives);
        void load();
      }),
    [load],
  );

  const reload = useCallback(() => void load(), [load]);
  const rows = useMemo(() => [...(list?.certificates ?? []), ...cloudRows], [list, cloudRows]);
  const index = useMemo(() => indexRows(rows), [rows]);
  const setSelected = useCallback((ids: Iterable<string>) => setSelectedState(new Set(ids)), []);
  const toggleSelected = useCallback(
    (id: string) =>
      setSelectedState((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const setQuery = useCallback((change: Partial<ListQuery>) => setQueryState((q) => ({ ...q, ...change })), []);

  // Selected ids that vanished (moved, deleted, drive removed) drop out of the selection.
  const liveSelected = useMemo(() => {
    if (selected.size === 0) return selected;
    const ids = new Set(rows.map((r) => r.id));
    const kept = [...selected].filter((id) => ids.has(id));
    return kept.length === selected.size ? selected : new Set(kept);
  }, [rows, selected]);

  const status: CertificatesState['status'] = list ? 'ok' : error ? 'error' : 'loading';
  const value = useMemo<CertificatesState>(
    () => ({ status, list, error, cloud, cloudError, rows, index, drives, reload, selected: liveSelected, setSelected, toggleSelected, query, setQuery }),
    [status, list, error, cloud, cloudError, rows, index, drives, reload, liveSelected, setSelected, toggleSelected, query, setQuery],
  );
  return <CertificatesContext.Provider value={value}>{children}</CertificatesContext.Provider>;
}
