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
      {query.kind === 'FunnelsQuery' && (
        <Select
          aria-label="Funnel view"
          data={[
            { value: 'steps', label: 'Conversion steps' },
            { value: 'time_to_convert', label: 'Time to convert' },
            { value: 'trends', label: 'Conversion over time' },
          ]}
          value={query.funnelsFilter?.funnelVizType ?? 'steps'}
          allowDeselect={false}
          w={200}
          onChange={(v) =>
            v &&
            onChange({
              ...query,
              funnelsFilter: {
                ...query.funnelsFilter,
                funnelVizType: v as 'steps' | 'time_to_convert' | 'trends',
              },
              ...(v === 'trends' && !query.interval ? { interval: 'day' as const } : {}),
            })
          }
        />
      )}
      {query.kind === 'FunnelsQuery' && query.funnelsFilter?.funnelVizType === 'time_to_convert' && (
        <Select
          aria-label="Time from step to step"
          data={query.series
            .slice(1)
            .map((_, i) => ({
              value: `${i}`,
              label: `From step ${i + 1} to ${i + 2}`,
            }))
            .concat(
              query.series.length > 2
                ? [{ value: 'all', label: `From step 1 to ${query.series.length}` }]
                : [],
            )}
          value={
            query.funnelsFilter.funnelFromStep === 0 &&
            query.funnelsFilter.funnelToStep === query.series.length - 1 &&
            query.series.length > 2
              ? 'all'
              : String(query.funnelsFilter.funnelFromStep ?? 'all')
          }
          allowDeselect={false}
          w={190}
          onChange={(v) => {
            if (!v) return;
            const from = v === 'all' ? 0 : Number(v);
            const to = v === 'all' ? query.series.length - 1 : from + 1;
            onChange({
              ...query,
              funnelsFilter: { ...query.funnelsFilter, funnelFromStep: from, funnelToStep: to },
            });
          }}
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
