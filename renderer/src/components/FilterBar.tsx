import { useId, useMemo } from 'react';
import { useI18n } from '../i18n';
import { ALL, facets, GROUP_KEYS, SORT_KEYS, type Facet, type GroupKey, type ListQuery, type SortKey } from '../model/filter';
import { caName, usageLabel } from '../model/labels';
import { markFilterInput } from '../perf';
import { useCertificates } from '../state/certificates';

function Select({ label, value, onChange, options }: { label: string; value: string; onChange(v: string): void; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Search and filters shared by the list and the timeline (one query, two pictures). */
export function FilterBar({ showGrouping, resultCount }: { showGrouping: boolean; resultCount: number }) {
  const { t, language } = useI18n();
  const { index, query, setQuery } = useCertificates();
  const searchId = useId();
  const f = useMemo(() => facets(index), [index]);
  const withAll = (items: Facet[], label: (f: Facet) => string) => [
    { value: ALL, label: t('filter.all') },
    ...items.map((item) => ({ value: item.key, label: `${label(item)} (${item.count})` })),
  ];
  const active = query.location !== ALL || query.kind !== ALL || query.ca !== ALL || query.usage !== ALL || query.state !== ALL || query.text !== '';

  return (
    <div className={showGrouping ? 'filter-bar' : 'filter-bar no-group'} role="search" aria-label={t('filter.region')}>
      <div className="filter search">
        <label htmlFor={searchId}>{t('filter.search')}</label>
        <input
          id={searchId}
          type="search"
          value={query.text}
          placeholder={t('filter.searchPlaceholder')}
          aria-describedby={`${searchId}-count`}
          onChange={(e) => {
            markFilterInput();
            setQuery({ text: e.target.value });
          }}
        />
      </div>
      <Select
        label={t('filter.sort')}
        value={query.sort}
        onChange={(sort) => setQuery({ sort: sort as SortKey })}
        options={SORT_KEYS.map((k) => ({ value: k, label: t(`sort.${k}`) }))}
      />
      {showGrouping && (
        <Select
          label={t('filter.group')}
          value={query.group}
          onChange={(group) => setQuery({ group: group as GroupKey })}
          options={GROUP_KEYS.map((k) => ({ value: k, label: t(`group.${k}`) }))}
        />
      )}
      <Select
        label={t('filter.location')}
        value={query.location}
        onChange={(location) => setQuery({ location })}
        options={withAll(f.location, (x) => (x.sample.location.kind === 'cloud' ? t('location.cloud') : `${t(`location.${x.sample.location.kind}`)} · ${x.sample.location.label}`))}
      />
      <Select
        label={t('filter.kind')}
        value={query.kind}
        onChange={(kind) => setQuery({ kind: kind as ListQuery['kind'] })}
        options={withAll(f.kind, (x) => t(x.key === 'cloud' ? 'kind.cloud' : 'kind.npki'))}
      />
      <Select label={t('filter.ca')} value={query.ca} onChange={(ca) => setQuery({ ca })} options={withAll(f.ca, (x) => caName(x.sample, language))} />
      <Select label={t('filter.usage')} value={query.usage} onChange={(usage) => setQuery({ usage })} options={withAll(f.usage, (x) => usageLabel(x.sample, t, language))} />
      <Select
        label={t('filter.state')}
        value={query.state}
        onChange={(state) => setQuery({ state: state as ListQuery['state'] })}
        options={withAll(f.state, (x) => t(`state.${x.key as Exclude<ListQuery['state'], 'all'>}`))}
      />
      <p id={`${searchId}-count`} className="filter-count muted small" aria-live="polite">
        {t('filter.count', { shown: resultCount, total: index.length })}
        {active && (
          <button type="button" className="link-button" onClick={() => setQuery({ text: '', location: ALL, kind: ALL, ca: ALL, usage: ALL, state: ALL })}>
            {t('filter.clear')}
          </button>
        )}
      </p>
    </div>
  );
}
