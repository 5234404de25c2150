import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { CertificateList, CertificateRow, Language } from '../../../preload/types';
import { ErrorNotice } from '../components/ErrorNotice';
import { FilterBar } from '../components/FilterBar';
import { KindBadge, StateBadge } from '../components/StateBadge';
import { formatDate } from '../format';
import { formatMessage } from '../../../preload/messages/format';
import { useI18n, type Translate } from '../i18n';
import { ALL, filterRows, listItems, type GroupKey, type ListItem } from '../model/filter';
import { caName, locationLabel, usageLabel } from '../model/labels';
import { ROW_STATES, type RowState } from '../model/rows';
import { markFilterRendered, markListRendered } from '../perf';
import { useCertificates } from '../state/certificates';
import { useNavigation } from '../state/navigation';
import { ScreenHeading } from '../components/ScreenHeading';

const ROW_HEIGHT = 64;
const GROUP_HEIGHT = 40;
/** The sticky column header: rows scrolled to must land below it. */
const HEADER_HEIGHT = 38;
const COLUMNS = 7;

function groupLabel(group: GroupKey, item: Extract<ListItem, { type: 'group' }>, t: Translate, language: Language): string {
  const row = item.sample;
  switch (group) {
    case 'location':
      return locationLabel(row, t);
    case 'kind':
      return t(row.kind === 'cloud' ? 'kind.cloud' : 'kind.npki');
    case 'ca':
      return caName(row, language);
    case 'usage':
      return usageLabel(row, t, language);
    case 'state':
      return t(`state.${item.key as RowState}`);
    default:
      return '';
  }
}

function Row({ row, rowIndex, selected, onToggle, onOpen }: { row: CertificateRow; rowIndex: number; selected: boolean; onToggle(): void; onOpen(): void }) {
  const { t, language } = useI18n();
  const name = row.damaged ? t('certs.damaged') : (row.holder ?? '—');
  return (
    <tr className={row.damaged ? 'cert-row row-damaged' : 'cert-row'} data-testid="cert-row" aria-rowindex={rowIndex + 2}>
      <td className="select-cell">
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={t('certs.select', { holder: name })} data-row-index={rowIndex} data-col="select" />
      </td>
      <td>
        <button type="button" className="row-open" onClick={onOpen} data-row-index={rowIndex} data-col="open">
          {name}
        </button>
        <div className="small muted ellipsis">
          {row.damaged ? (
            // The name says "damaged"; any other reason (no signCert.der, no permission, drive removed) is said too.
            row.damaged.key === 'scan.damaged' ? (
              row.path
            ) : (
              `${formatMessage(language, row.damaged.key, row.damaged.params)} · ${row.path}`
            )
          ) : (
            <>
              <KindBadge kind={row.kind} />
              {row.lastUsedAt && <span> · {t('certs.lastUsed', { date: formatDate(row.lastUsedAt) })}</span>}
            </>
          )}
        </div>
      </td>
      <td>
        <span className="clamp">{row.damaged ? '—' : caName(row, language)}</span>
      </td>
      <td>
        <span className="clamp">{row.damaged ? '—' : usageLabel(row, t, language)}</span>
      </td>
      <td className="nowrap">{row.damaged ? '—' : `${formatDate(row.notBefore)} – ${formatDate(row.notAfter)}`}</td>
      <td>
        <StateBadge row={row} />
      </td>
      <td>
        <div className="ellipsis">
          {t(`location.${row.location.kind}`)}
          {row.location.driveLabel ? ` ${row.location.driveLabel}` : ''}
        </div>
        <div className="muted small ellipsis">{row.location.kind === 'cloud' ? '' : row.location.label}</div>
      </td>
    </tr>
  );
}

/** The list, virtualized: only the rows in view (plus a few) are in the DOM, so 1,000 scroll and filter smoothly. */
function CertificateTable({ items, group }: { items: ListItem[]; group: GroupKey }) {
  const { t, language } = useI18n();
  const { selected, toggleSelected } = useCertificates();
  const { navigate } = useNavigation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.type === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 8,
    // The rows start below the header (scrollMargin), and the sticky header covers that much of the view (scrollPaddingStart).
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialRect: { width: 1000, height: 800 },
  });
  const virtualRows = virtualizer.getVirtualItems();

  useLayoutEffect(() => {
    if (virtualRows.length > 0 || items.length === 0) {
      markListRendered();
      markFilterRendered();
    }
  });

  // A row the arrow keys moved to before the virtualizer rendered it (keys repeat faster than a busy
  // machine renders): focused by the commit that renders it, and the base for the next key meanwhile,
  // so no step is lost and focus never stays on a row that scrolled away.
  const pendingFocus = useRef<{ index: number; col: string } | null>(null);
  const rowControl = (index: number, col: string) => scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"][data-col="${col}"]`);
  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    const active = document.activeElement;
    if (active && active !== document.body && !scrollRef.current?.contains(active)) {
      pendingFocus.current = null; // the person moved on (search, a button): leave focus there
      return;
    }
    const element = rowControl(pending.index, pending.col);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  // Arrow keys move between rows (and scroll the virtual list); Tab still walks the rendered controls.
  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    const target = event.target as HTMLElement;
    const col = target.dataset.col;
    const at = pendingFocus.current && pendingFocus.current.col === col ? pendingFocus.current.index : Number(target.dataset.rowIndex);
    if (Number.isNaN(at) || !col) return;
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key];
    const edge = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : null;
    if (step === undefined && edge === null) return;
    event.preventDefault();
    let next = edge ?? Math.min(Math.max(at + step!, 0), items.length - 1);
    const dir = step !== undefined ? Math.sign(step) : edge === 0 ? 1 : -1;
    while (items[next]?.type === 'group' && next + dir >= 0 && next + dir < items.length) next += dir;
    if (items[next]?.type !== 'row') return;
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // Usually rendered already (overscan): focus now; else the commit that renders it does.
    const element = rowControl(next, col);
    pendingFocus.current = element ? null : { index: next, col };
    element?.focus({ preventScroll: true });
  }

  const paddingTop = (virtualRows[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT;
  const paddingBottom = virtualizer.getTotalSize() - ((virtualRows.at(-1)?.end ?? HEADER_HEIGHT) - HEADER_HEIGHT);
  return (
    <div ref={scrollRef} className="table-scroll">
      <table className="cert-table" aria-label={t('certs.heading')} aria-rowcount={items.length + 1}>
        <colgroup>
          <col className="c-select" />
          <col className="c-holder" />
          <col className="c-ca" />
          <col className="c-usage" />
          <col className="c-validity" />
          <col className="c-days" />
          <col className="c-location" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <span className="visually-hidden">{t('certs.col.select')}</span>
            </th>
            <th scope="col">{t('certs.col.holder')}</th>
            <th scope="col">{t('certs.col.ca')}</th>
            <th scope="col">{t('certs.col.usage')}</th>
            <th scope="col">{t('certs.col.validity')}</th>
            <th scope="col">{t('certs.col.daysLeft')}</th>
            <th scope="col">{t('certs.col.location')}</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: paddingTop }} />
            </tr>
          )}
          {virtualRows.map((v) => {
            const item = items[v.index]!;
            if (item.type === 'group')
              return (
                <tr key={`g:${item.key}`} className="group-row" aria-rowindex={v.index + 2}>
                  <th colSpan={COLUMNS} scope="colgroup">
                    {groupLabel(group, item, t, language)} <span className="muted">{t('certs.count', { count: item.count })}</span>
                  </th>
                </tr>
              );
            const row = item.item.row;
            return (
              <Row
                key={row.id}
                row={row}
                rowIndex={v.index}
                selected={selected.has(row.id)}
                onToggle={() => toggleSelected(row.id)}
                onOpen={() => navigate({ name: 'details', id: row.id })}
              />
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function EmptyState({ list }: { list: CertificateList }) {
  const { t } = useI18n();
  const { navigate } = useNavigation();
  useLayoutEffect(() => markListRendered());
  return (
    <section className="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('certs.empty.title')}</h2>
      <p>{t('certs.empty.body')}</p>
      <ul className="looked">
        {list.looked.map((place) => (
          <li key={place.root}>
            <code>{place.root}</code> — {place.present ? t('certs.looked.present') : t('certs.looked.absent')}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" onClick={() => navigate({ name: 'settings' })}>
          {t('certs.empty.addFolder')}
        </button>
        <button type="button" onClick={() => navigate({ name: 'transfer', tab: 'importPfx' })}>
          {t('certs.empty.importPfx')}
        </button>
        <button type="button" onClick={() => navigate({ name: 'cloud' })}>
          {t('certs.empty.cloud')}
        </button>
      </div>
    </section>
  );
}

/** Nothing matches the search: still a rendered result for the keystroke measure. */
function NoMatch() {
  const { t } = useI18n();
  useLayoutEffect(() => markFilterRendered());
  return (
    <p className="empty-filter" role="status">
      {t('filter.none')}
    </p>
  );
}

/** Counts of the states that need attention, as one-click filters. */
function AttentionChips() {
  const { t } = useI18n();
  const { index, query, setQuery } = useCertificates();
  const counts = useMemo(() => {
    const c = new Map<RowState, number>();
    for (const item of index) c.set(item.state, (c.get(item.state) ?? 0) + 1);
    return c;
  }, [index]);
  const shown = ROW_STATES.filter((s) => s !== 'valid' && s !== 'notYetValid' && (counts.get(s) ?? 0) > 0);
  if (shown.length === 0) return null;
  return (
    <div className="chips" role="group" aria-label={t('certs.attention')}>
      {shown.map((state) => (
        <button
          key={state}
          type="button"
          className={`chip chip-${state}`}
          aria-pressed={query.state === state}
          onClick={() => setQuery({ state: query.state === state ? ALL : state })}
        >
          {t(`state.${state}`)} {t('certs.count', { count: counts.get(state) ?? 0 })}
        </button>
      ))}
    </div>
  );
}

function SelectionBar() {
  const { t } = useI18n();
  const { selected, setSelected } = useCertificates();
  const { navigate } = useNavigation();
  if (selected.size === 0) return null;
  return (
    <div className="selection-bar" role="region" aria-label={t('certs.selection')}>
      <span>{t('certs.selected', { count: selected.size })}</span>
      <button type="button" disabled={selected.size < 2} onClick={() => navigate({ name: 'compare' })}>
        {t('certs.compareSelected')}
      </button>
      <button type="button" onClick={() => navigate({ name: 'transfer', tab: 'exportCopy', ids: [...selected] })}>
        {t('certs.copySelected')}
      </button>
      <button type="button" className="link-button" onClick={() => setSelected([])}>
        {t('certs.clearSelection')}
      </button>
    </div>
  );
}

export function CertificatesScreen() {
  const { t, language } = useI18n();
  const certs = useCertificates();
  const { navigate } = useNavigation();
  const filtered = useMemo(() => filterRows(certs.index, certs.query), [certs.index, certs.query]);
  const items = useMemo(() => listItems(filtered, certs.query.group), [filtered, certs.query.group]);
  const list = certs.list;

  return (
    <section aria-labelledby="screen-title" className="screen screen-fill">
      <header className="screen-header">
        <ScreenHeading>
          {t('certs.heading')}
          {list && <span className="count">{t('certs.count', { count: certs.rows.length })}</span>}
        </ScreenHeading>
        <div className="button-row">
          <button type="button" onClick={certs.reload}>
            {t('certs.refresh')}
          </button>
          <button type="button" onClick={() => navigate({ name: 'transfer' })}>
            {t('certs.import')}
          </button>
        </div>
      </header>
      {certs.status === 'loading' && <p role="status">{t('certs.loading')}</p>}
      {certs.status === 'error' && certs.error && <ErrorNotice error={certs.error} onRetry={certs.reload} />}
      {list && certs.rows.length === 0 && <EmptyState list={list} />}
      {list && certs.rows.length > 0 && (
        <>
          <AttentionChips />
          <FilterBar showGrouping resultCount={filtered.length} />
          <SelectionBar />
          {filtered.length === 0 ? <NoMatch /> : <CertificateTable items={items} group={certs.query.group} />}
        </>
      )}
      {list && list.skipped.length > 0 && (
        <details className="skipped">
          <summary>{t('certs.skipped', { count: list.skipped.length })}</summary>
          <ul>
            {list.skipped.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code> — {formatMessage(language, s.reason.key, s.reason.params)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
