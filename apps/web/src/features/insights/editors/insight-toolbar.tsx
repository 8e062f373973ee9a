import type { DateRange, Interval, TrendsQuery } from '@hedgerow/schema';
import { Group, Select, Switch } from '@mantine/core';
import { DateRangePicker } from '../controls/date-range-picker';
import { IntervalSelect } from '../controls/interval-select';
import type { InsightQuery } from '../insight-query';
import { useFieldError } from '../query-error-context';

type Display = NonNullable<NonNullable<TrendsQuery['trendsFilter']>['display']>;

const displays: { value: Display; label: string }[] = [
  { value: 'ActionsLineGraph', label: 'Line chart' },
  { value: 'ActionsLineGraphCumulative', label: 'Cumulative line' },
  { value: 'ActionsAreaGraph', label: 'Area chart' },
  { value: 'ActionsBar', label: 'Stacked bars' },
  { value: 'ActionsUnstackedBar', label: 'Bars' },
  { value: 'BoldNumber', label: 'Number' },
  { value: 'ActionsPie', label: 'Pie' },
  { value: 'ActionsBarValue', label: 'Bars of totals' },
  { value: 'ActionsTable', label: 'Table' },
];

/** Whether a kind's answer is a time series with an interval. */
function hasInterval(query: InsightQuery): boolean {
  if (query.kind === 'TrendsQuery' || query.kind === 'LifecycleQuery' || query.kind === 'StickinessQuery')
    return true;
  return query.kind === 'FunnelsQuery' && query.funnelsFilter?.funnelVizType === 'trends';
}

/**
 * The controls above an insight's chart: date range, interval, and for trends the display and the
 * comparison with the previous period (stickiness compares too).
 */
export function InsightToolbar({
  query,
  onChange,
}: {
  query: InsightQuery;
  onChange: (query: InsightQuery) => void;
}) {
  const dateError = useFieldError('dateRange');
  const setRange = (dateRange: DateRange) => onChange({ ...query, dateRange } as InsightQuery);
  const interval = 'interval' in query ? (query.interval as Interval | null | undefined) : undefined;
  return (
    <Group gap="sm" data-testid="insight-toolbar">
      <DateRangePicker value={query.dateRange} onChange={setRange} error={dateError} />
      {hasInterval(query) && (
        <IntervalSelect
          value={interval}
          onChange={(next) => onChange({ ...query, interval: next } as InsightQuery)}
        />
      )}
      {query.kind === 'TrendsQuery' && (
        <Select
          aria-label="Chart type"
          data={displays}
          value={query.trendsFilter?.display ?? 'ActionsLineGraph'}
          allowDeselect={false}
          w={170}
          onChange={(v) =>
            v && onChange({ ...query, trendsFilter: { ...query.trendsFilter, display: v as Display } })
          }
        />
      )}
      {(query.kind === 'TrendsQuery' || query.kind === 'StickinessQuery') && (
        <Switch
          label="Compare to previous period"
          checked={!!query.compareFilter?.compare}
          onChange={(e) => {
            const compare = e.currentTarget.checked;
            const { compareFilter: _c, ...rest } = query;
            onChange((compare ? { ...query, compareFilter: { compare: true } } : rest) as InsightQuery);
          }}
        />
      )}
    </Group>
  );
}
