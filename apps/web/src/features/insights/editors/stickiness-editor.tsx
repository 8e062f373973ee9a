import type { StickinessCriteria, StickinessQuery } from '@hedgerow/schema';
import { Group, Select, SimpleGrid, Stack, Switch } from '@mantine/core';
import { CommitNumberInput } from '../commit-number-input';
import { SeriesEditor } from '../series/series-editor';
import { EditorSection } from './editor-section';
import { GlobalFilters } from './global-filters';

/** Series, when an interval counts (at least / at most / exactly N events in it), and cumulative counts. */
export function StickinessEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: StickinessQuery;
  onChange: (query: StickinessQuery) => void;
}) {
  const filter = query.stickinessFilter ?? {};
  const criteria = filter.stickinessCriteria;
  const setCriteria = (next: StickinessCriteria | null) =>
    onChange({ ...query, stickinessFilter: { ...filter, stickinessCriteria: next } });
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="md">
        <EditorSection title="Series" hint="On how many intervals of the range did each person do this?">
          <SeriesEditor
            projectId={projectId}
            mode="stickiness"
            series={query.series}
            max={50}
            onChange={(series) => onChange({ ...query, series })}
          />
        </EditorSection>
        <EditorSection title="An interval counts when a person did it">
          <Group gap="xs">
            <Select
              aria-label="Count operator"
              data={[
                { value: 'gte', label: 'at least' },
                { value: 'lte', label: 'at most' },
                { value: 'exact', label: 'exactly' },
              ]}
              value={criteria?.operator ?? 'gte'}
              allowDeselect={false}
              w={120}
              onChange={(v) =>
                v &&
                setCriteria({ operator: v as StickinessCriteria['operator'], value: criteria?.value ?? 1 })
              }
            />
            <CommitNumberInput
              aria-label="Times per interval"
              min={0}
              value={criteria?.value ?? 1}
              w={90}
              onCommit={(n) =>
                setCriteria(
                  n === null || (n === 1 && (criteria?.operator ?? 'gte') === 'gte')
                    ? null
                    : { operator: criteria?.operator ?? 'gte', value: n },
                )
              }
            />
          </Group>
          <Switch
            label="Cumulative (N intervals or more)"
            checked={filter.computedAs === 'cumulative'}
            onChange={(e) =>
              onChange({
                ...query,
                stickinessFilter: {
                  ...filter,
                  computedAs: e.currentTarget.checked ? 'cumulative' : 'non_cumulative',
                },
              })
            }
          />
        </EditorSection>
      </Stack>
      <GlobalFilters projectId={projectId} query={query} onChange={onChange} />
    </SimpleGrid>
  );
}
