import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { FilterBar } from '../components/FilterBar';
import { ScreenHeading } from '../components/ScreenHeading';
import { StateBadge } from '../components/StateBadge';
import { RENEWAL_WINDOW_DAYS } from '../data/rules';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { daysLeftText } from '../model/expiry-text';
import { filterRows } from '../model/filter';
import { caName, usageLabel } from '../model/labels';
import { rowState } from '../model/rows';
import { barFor, nearDomain, scaleX, ticks, timelineDomain } from '../model/timeline';
import { useCertificates } from '../state/certificates';
import { useNavigation } from '../state/navigation';

/** SVG user units across the axis; the SVGs stretch to the column's width. */
const WIDTH = 1000;
const ROW_HEIGHT = 44;

/** Fill patterns shared by every row's SVG (same document, so url(#id) reaches them). */
function PatternDefs() {
  return (
    <svg width="0" height="0" className="defs" aria-hidden="true" focusable="false">
      <defs>
        <pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="tl-renewal-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="tl-hatch-line" />
        </pattern>
      </defs>
    </svg>
  );
}

function Legend() {
  const { t } = useI18n();
  const swatch = (cls: string) => (
    <svg width="28" height="12" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="26" height="10" rx="2" className={cls} />
    </svg>
  );
  return (
    <ul className="legend small" aria-label={t('timeline.legend')}>
      <li>
        {swatch('tl-bar tl-valid')} {t('timeline.legend.valid')}
      </li>
      <li>
        {swatch('tl-renewal')} {t('timeline.legend.renewal', { days: RENEWAL_WINDOW_DAYS })}
      </li>
      <li>
        {swatch('tl-bar tl-expired')} {t('timeline.legend.expired')}
      </li>
      <li>
        <svg width="12" height="14" aria-hidden="true" focusable="false">
          <line x1="6" y1="0" x2="6" y2="14" className="tl-today" />
        </svg>{' '}
        {t('timeline.legend.today')}
      </li>
    </ul>
  );
}

/**
 * Every certificate's validity on one time axis: today marked, the renewal windows shaded, expired
 * ones greyed. The rows are virtualized like the list; a row opens the certificate's details.
 */
export function TimelineScreen() {
  const { t, language } = useI18n();
  const { index, query, status } = useCertificates();
  const { navigate } = useNavigation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => filterRows(index, query).map((i) => i.row), [index, query]);
  // Today is read once: the picture does not creep while it is open.
  const [now] = useState(() => Date.now());
  const [range, setRange] = useState<'all' | 'near'>('all');
  const domain = useMemo(() => (range === 'near' ? nearDomain(now) : timelineDomain(rows, now)), [rows, now, range]);
  const scale = useMemo(() => scaleX(domain, WIDTH), [domain]);
  const axisTicks = useMemo(() => ticks(domain), [domain]);
  const todayX = scale(now);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 1000, height: 800 },
  });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const at = Number((event.target as HTMLElement).dataset.rowIndex);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key];
    if (Number.isNaN(at) || step === undefined) return;
    event.preventDefault();
    const next = Math.min(Math.max(at + step, 0), rows.length - 1);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus());
  }

  const pct = (x: number) => `${(x / WIDTH) * 100}%`;
  return (
    <section aria-labelledby="screen-title" className="screen screen-fill">
      <header className="screen-header">
        <ScreenHeading>{t('timeline.heading')}</ScreenHeading>
        <Legend />
      </header>
      <div className="timeline-intro">
        <p className="muted small">{t('timeline.intro')}</p>
        <fieldset className="inline-choices compact">
          <legend>{t('timeline.range')}</legend>
          <label className="radio">
            <input type="radio" name="timeline-range" checked={range === 'all'} onChange={() => setRange('all')} />
            {t('timeline.range.all')}
          </label>
          <label className="radio">
            <input type="radio" name="timeline-range" checked={range === 'near'} onChange={() => setRange('near')} />
            {t('timeline.range.near')}
          </label>
        </fieldset>
      </div>
      <PatternDefs />
      {status === 'ok' && <FilterBar showGrouping={false} resultCount={rows.length} />}
      {status === 'ok' && rows.length === 0 && <p role="status">{t('filter.none')}</p>}
      {rows.length > 0 && (
        <div className="timeline" ref={scrollRef}>
          <div className="tl-axis" aria-hidden="true">
            <div className="tl-label-col" />
            <div className="tl-track">
              {axisTicks.map((tick) => (
                <span key={tick.time} className={tick.major ? 'tl-tick major' : 'tl-tick'} style={{ left: pct(scale(tick.time)) }}>
                  {tick.label}
                </span>
              ))}
              <span className="tl-today-label" style={{ left: pct(todayX) }}>
                {t('timeline.today', { date: formatDate(now) })}
              </span>
            </div>
          </div>
          <div className="tl-rows" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index]!;
              const bar = barFor(row, scale);
              const state = rowState(row);
              const label = t('timeline.rowLabel', {
                holder: row.holder ?? t('certs.damaged'),
                from: formatDate(row.notBefore),
                to: formatDate(row.notAfter),
                state: daysLeftText(row, t),
              });
              return (
                <button
                  key={row.id}
                  type="button"
                  className="tl-row"
                  data-testid="timeline-row"
                  data-row-index={v.index}
                  aria-label={label}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => navigate({ name: 'details', id: row.id })}
                >
                  <span className="tl-label-col">
                    <span className="tl-holder ellipsis">{row.holder ?? t('certs.damaged')}</span>
                    <span className="small muted ellipsis">
                      {caName(row, language)} · {usageLabel(row, t, language)}
                    </span>
                  </span>
                  <span className="tl-track">
                    <svg viewBox={`0 0 ${WIDTH} 20`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
                      {axisTicks.map((tick) => (
                        <line
                          key={tick.time}
                          x1={scale(tick.time)}
                          x2={scale(tick.time)}
                          y1="0"
                          y2="20"
                          className={tick.major ? 'tl-grid major' : 'tl-grid'}
                          vectorEffect="non-scaling-stroke"
                        />
                      ))}
                      {bar && (
                        <>
                          <rect x={bar.x} y="4" width={bar.width} height="12" className={`tl-bar tl-${state}`} vectorEffect="non-scaling-stroke" />
                          {bar.renewalWidth > 0 && state !== 'expired' && <rect x={bar.renewalX} y="4" width={bar.renewalWidth} height="12" className="tl-renewal" />}
                        </>
                      )}
                      <line x1={todayX} x2={todayX} y1="0" y2="20" className="tl-today" vectorEffect="non-scaling-stroke" />
                    </svg>
                  </span>
                  <span className="tl-state">
                    <StateBadge row={row} />
                  </span>
                </button>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
