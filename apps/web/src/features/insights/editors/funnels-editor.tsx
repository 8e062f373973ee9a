import type { FunnelsFilter, FunnelsQuery } from '@hedgerow/schema';
import { Group, Select, SimpleGrid, Stack } from '@mantine/core';
import { CommitNumberInput } from '../commit-number-input';
import { BreakdownEditor } from '../controls/breakdown-editor';
import { useFieldError } from '../query-error-context';
import { SeriesEditor } from '../series/series-editor';
import { EditorSection } from './editor-section';
import { FunnelExclusionsEditor } from './funnel-exclusions-editor';
import { GlobalFilters } from './global-filters';

const units = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;

/**
 * Steps, how they must be done (order, conversion window), what spoils an attempt (exclusions),
 * filters and breakdowns (with how a person's breakdown value is attributed).
 */
export function FunnelsEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: FunnelsQuery;
  onChange: (query: FunnelsQuery) => void;
}) {
  const filter = query.funnelsFilter ?? {};
  const setFilter = (patch: Partial<FunnelsFilter>) =>
    onChange({ ...query, funnelsFilter: { ...filter, ...patch } });
  const windowError = useFieldError(
    'funnelsFilter__funnelWindowInterval',
    'funnelsFilter__funnelWindowIntervalUnit',
  );
  const hasBreakdown = !!query.breakdownFilter;
  const attribution =
    filter.breakdownAttributionType === 'step'
      ? `step:${filter.breakdownAttributionValue ?? 0}`
      : (filter.breakdownAttributionType ?? 'first_touch');
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="md">
        <EditorSection title="Steps">
          <SeriesEditor
            projectId={projectId}
            mode="funnel"
            series={query.series}
            min={2}
            max={20}
            onChange={(series) => {
              // Exclusions name steps by position; drop those past the new last step.
              const exclusions = (filter.exclusions ?? []).filter((e) => e.funnelToStep < series.length);
              onChange({ ...query, series, funnelsFilter: { ...filter, exclusions } });
            }}
          />
        </EditorSection>
        <EditorSection title="Conversion">
          <Group gap="xs" align="flex-end">
            <Select
              label="Step order"
              data={[
                { value: 'ordered', label: 'In order (sequential)' },
                { value: 'strict', label: 'Strict order (nothing between)' },
                { value: 'unordered', label: 'Any order' },
              ]}
              value={filter.funnelOrderType ?? 'ordered'}
              allowDeselect={false}
              w={220}
              onChange={(v) => v && setFilter({ funnelOrderType: v as FunnelsFilter['funnelOrderType'] })}
            />
            <CommitNumberInput
              label="Within"
              min={1}
              max={100000}
              value={filter.funnelWindowInterval ?? 14}
              error={windowError}
              w={110}
              onCommit={(n) => setFilter({ funnelWindowInterval: n ?? 14 })}
            />
            <Select
              aria-label="Conversion window unit"
              data={units.map((u) => ({ value: u, label: `${u}s` }))}
              value={filter.funnelWindowIntervalUnit ?? 'day'}
              allowDeselect={false}
              w={110}
              onChange={(v) => v && setFilter({ funnelWindowIntervalUnit: v as (typeof units)[number] })}
            />
          </Group>
        </EditorSection>
      </Stack>
      <Stack gap="md">
        <GlobalFilters projectId={projectId} query={query} onChange={onChange} />
        <EditorSection
          title="Exclusions"
          hint="Attempts where one of these happens between the steps do not count."
        >
          <FunnelExclusionsEditor
            projectId={projectId}
            stepCount={query.series.length}
            value={filter.exclusions ?? []}
            onChange={(exclusions) => setFilter({ exclusions })}
          />
        </EditorSection>
        <EditorSection title="Breakdown">
          <BreakdownEditor
            projectId={projectId}
            value={query.breakdownFilter}
            onChange={(breakdownFilter) => {
              const { breakdownFilter: _b, ...rest } = query;
              onChange(breakdownFilter ? { ...query, breakdownFilter } : rest);
            }}
          />
          {hasBreakdown && (
            <Select
              label="Attribute each person's value from"
              data={[
                { value: 'first_touch', label: 'First touch (the first step)' },
                { value: 'last_touch', label: 'Last touch (the last step reached)' },
                { value: 'all_events', label: 'All steps (the same value throughout)' },
                ...query.series.map((_, i) => ({ value: `step:${i}`, label: `Step ${i + 1}` })),
              ]}
              value={attribution}
              allowDeselect={false}
              w={300}
              onChange={(v) => {
                if (!v) return;
                if (v.startsWith('step:'))
                  setFilter({
                    breakdownAttributionType: 'step',
                    breakdownAttributionValue: Number(v.slice(5)),
                  });
                else {
                  const { breakdownAttributionValue: _v, ...rest } = filter;
                  onChange({
                    ...query,
                    funnelsFilter: {
                      ...rest,
                      breakdownAttributionType: v as FunnelsFilter['breakdownAttributionType'],
                    },
                  });
                }
              }}
            />
          )}
        </EditorSection>
      </Stack>
    </SimpleGrid>
  );
}
