import type { RetentionEntity, RetentionFilter, RetentionQuery } from '@hedgerow/schema';
import { Group, Select, SimpleGrid, Stack, Switch } from '@mantine/core';
import { CommitNumberInput } from '../commit-number-input';
import { BreakdownEditor } from '../controls/breakdown-editor';
import { EntityPicker, type EntityRef } from '../entity-picker';
import { useFieldError } from '../query-error-context';
import { EditorSection } from './editor-section';
import { GlobalFilters } from './global-filters';

const refOf = (entity: RetentionEntity | null | undefined): EntityRef =>
  entity?.type === 'actions'
    ? { kind: 'ActionsNode', id: Number(entity.id), name: entity.name ?? undefined }
    : {
        kind: 'EventsNode',
        event:
          entity === undefined || entity === null
            ? '$pageview'
            : entity.id === null || entity.id === undefined
              ? null
              : String(entity.id),
      };

const entityOf = (ref: EntityRef): RetentionEntity =>
  ref.kind === 'ActionsNode'
    ? { id: ref.id, type: 'actions', name: ref.name ?? null }
    : { id: ref.event, type: 'events', name: ref.event ?? 'All events' };

/** Who enters a cohort (the start event), what counts as coming back, per which period and how long. */
export function RetentionEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: RetentionQuery;
  onChange: (query: RetentionQuery) => void;
}) {
  const filter = query.retentionFilter ?? {};
  const set = (patch: Partial<RetentionFilter>) =>
    onChange({ ...query, retentionFilter: { ...filter, ...patch } });
  const intervalsError = useFieldError('retentionFilter__totalIntervals');
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="md">
        <EditorSection
          title="Cohorts"
          hint="Persons enter the cohort of the period in which they did the start event."
        >
          <Group gap="xs" align="flex-end">
            <EntityPicker
              projectId={projectId}
              label="Start event"
              allowAll
              w={230}
              value={refOf(filter.targetEntity)}
              onChange={(ref) => set({ targetEntity: entityOf(ref) })}
            />
            <Select
              aria-label="Which start events count"
              data={[
                { value: 'retention_first_time', label: 'for the first time' },
                { value: 'retention_recurring', label: 'each time (recurring)' },
                { value: 'retention_first_ever_occurrence', label: 'first ever occurrence' },
              ]}
              value={filter.retentionType ?? 'retention_recurring'}
              allowDeselect={false}
              w={210}
              onChange={(v) => v && set({ retentionType: v as RetentionFilter['retentionType'] })}
            />
          </Group>
        </EditorSection>
        <EditorSection title="Coming back">
          <EntityPicker
            projectId={projectId}
            label="Returning event"
            allowAll
            w={230}
            value={refOf(filter.returningEntity)}
            onChange={(ref) => set({ returningEntity: entityOf(ref) })}
          />
          <Group gap="xs" align="flex-end">
            <Select
              label="Period"
              data={[
                { value: 'Hour', label: 'Hourly' },
                { value: 'Day', label: 'Daily' },
                { value: 'Week', label: 'Weekly' },
                { value: 'Month', label: 'Monthly' },
              ]}
              value={filter.period ?? 'Day'}
              allowDeselect={false}
              w={130}
              onChange={(v) => v && set({ period: v as RetentionFilter['period'] })}
            />
            <CommitNumberInput
              label="Periods followed"
              min={1}
              max={1000}
              value={filter.totalIntervals ?? 7}
              error={intervalsError}
              w={140}
              onCommit={(n) => set({ totalIntervals: n ?? 7 })}
            />
          </Group>
          <Switch
            label="Cumulative (came back in that period or any later one)"
            checked={!!filter.cumulative}
            onChange={(e) => set({ cumulative: e.currentTarget.checked })}
          />
        </EditorSection>
      </Stack>
      <Stack gap="md">
        <GlobalFilters projectId={projectId} query={query} onChange={onChange} />
        <EditorSection title="Breakdown">
          <BreakdownEditor
            projectId={projectId}
            value={query.breakdownFilter}
            max={1}
            sources={['event', 'person', 'group']}
            onChange={(breakdownFilter) => {
              const { breakdownFilter: _b, ...rest } = query;
              onChange(breakdownFilter ? { ...query, breakdownFilter } : rest);
            }}
          />
        </EditorSection>
      </Stack>
    </SimpleGrid>
  );
}
