import type { PathsFilter, PathsQuery, PathType } from '@hedgerow/schema';
import { Checkbox, Group, SimpleGrid, Stack, TagsInput } from '@mantine/core';
import { CommitNumberInput } from '../commit-number-input';
import { CommitTextInput } from '../commit-text-input';
import { useEventDefinitions } from '../use-definitions';
import { EditorSection } from './editor-section';
import { GlobalFilters } from './global-filters';

const types: { value: PathType; label: string }[] = [
  { value: '$pageview', label: 'Page views (URLs)' },
  { value: '$screen', label: 'Screen views' },
  { value: 'custom_event', label: 'Custom events' },
];

/** What a path is made of, where it starts or ends, how long it is, and what it leaves out. */
export function PathsEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: PathsQuery;
  onChange: (query: PathsQuery) => void;
}) {
  const filter = query.pathsFilter ?? {};
  const set = (patch: Partial<PathsFilter>) => {
    const next: PathsFilter = { ...filter, ...patch };
    for (const [k, v] of Object.entries(patch))
      if (v === null || v === '') delete next[k as keyof PathsFilter];
    onChange({ ...query, pathsFilter: next });
  };
  const events = useEventDefinitions(projectId);
  const included = filter.includeEventTypes ?? [];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="md">
        <EditorSection
          title="Path items"
          hint="None chosen: every event (page views by URL, screens by name, others by event name)."
        >
          <Group gap="md">
            {types.map((t) => (
              <Checkbox
                key={t.value}
                label={t.label}
                checked={included.includes(t.value)}
                onChange={(e) =>
                  set({
                    includeEventTypes: e.currentTarget.checked
                      ? [...included, t.value]
                      : included.filter((v) => v !== t.value),
                  })
                }
              />
            ))}
          </Group>
        </EditorSection>
        <EditorSection title="Start and end">
          <Group gap="xs" align="flex-end">
            <CommitTextInput
              label="Starts at"
              placeholder="e.g. https://example.com/pricing"
              value={filter.startPoint ?? ''}
              w={260}
              onCommit={(v) => set({ startPoint: v.trim() || null })}
            />
            <CommitTextInput
              label="Ends at"
              placeholder="e.g. purchase"
              value={filter.endPoint ?? ''}
              w={260}
              onCommit={(v) => set({ endPoint: v.trim() || null })}
            />
          </Group>
          <Group gap="xs">
            <CommitNumberInput
              label="Steps"
              min={2}
              max={20}
              value={filter.stepLimit ?? 5}
              w={100}
              onCommit={(n) => set({ stepLimit: n ?? 5 })}
            />
            <CommitNumberInput
              label="Most edges"
              min={1}
              max={500}
              value={filter.edgeLimit ?? 50}
              w={120}
              onCommit={(n) => set({ edgeLimit: n ?? 50 })}
            />
            <CommitNumberInput
              label="Fewest persons per edge"
              min={1}
              value={filter.minEdgeWeight}
              w={180}
              onCommit={(n) => set({ minEdgeWeight: n })}
            />
          </Group>
        </EditorSection>
      </Stack>
      <Stack gap="md">
        <GlobalFilters projectId={projectId} query={query} onChange={onChange} />
        <EditorSection title="Leave out">
          <TagsInput
            aria-label="Path items to leave out"
            placeholder="Events or URLs"
            data={events.data ?? []}
            value={filter.excludeEvents ?? []}
            onChange={(excludeEvents) => set({ excludeEvents })}
            clearable
            w={420}
          />
        </EditorSection>
      </Stack>
    </SimpleGrid>
  );
}
