import { type LifecycleQuery, type LifecycleStatus, lifecycleStatuses } from '@hedgerow/schema';
import { Checkbox, Group, SimpleGrid, Stack } from '@mantine/core';
import { SeriesEditor } from '../series/series-editor';
import { EditorSection } from './editor-section';
import { GlobalFilters } from './global-filters';

export const lifecycleLabels: Record<LifecycleStatus, string> = {
  new: 'New',
  returning: 'Returning',
  resurrecting: 'Resurrecting',
  dormant: 'Dormant',
};

/** The one series whose actors are followed, and which statuses the chart shows. */
export function LifecycleEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: LifecycleQuery;
  onChange: (query: LifecycleQuery) => void;
}) {
  const shown = query.lifecycleFilter?.toggledLifecycles ?? [...lifecycleStatuses];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="md">
        <EditorSection
          title="Series"
          hint="Who is new, returning, resurrecting or dormant, by when they did this."
        >
          <SeriesEditor
            projectId={projectId}
            mode="lifecycle"
            series={query.series}
            min={1}
            max={1}
            onChange={(series) => onChange({ ...query, series })}
          />
        </EditorSection>
        <EditorSection title="Show">
          <Group gap="md">
            {lifecycleStatuses.map((status) => (
              <Checkbox
                key={status}
                label={lifecycleLabels[status]}
                checked={shown.includes(status)}
                onChange={(e) => {
                  const next = e.currentTarget.checked
                    ? [...shown, status]
                    : shown.filter((s) => s !== status);
                  const ordered = lifecycleStatuses.filter((s) => next.includes(s));
                  onChange({
                    ...query,
                    lifecycleFilter: {
                      ...query.lifecycleFilter,
                      toggledLifecycles: ordered.length === 4 ? null : ordered,
                    },
                  });
                }}
              />
            ))}
          </Group>
        </EditorSection>
      </Stack>
      <GlobalFilters projectId={projectId} query={query} onChange={onChange} />
    </SimpleGrid>
  );
}
