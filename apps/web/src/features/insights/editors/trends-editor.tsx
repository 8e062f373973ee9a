import type { TrendsQuery } from '@hedgerow/schema';
import { SimpleGrid, Stack } from '@mantine/core';
import { CommitTextInput } from '../commit-text-input';
import { BreakdownEditor } from '../controls/breakdown-editor';
import { useFieldError } from '../query-error-context';
import { SeriesEditor } from '../series/series-editor';
import { EditorSection } from './editor-section';
import { GlobalFilters } from './global-filters';

/** Series (with math and filters), a formula over them, insight-wide filters and breakdowns. */
export function TrendsEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: TrendsQuery;
  onChange: (query: TrendsQuery) => void;
}) {
  const formulaError = useFieldError('trendsFilter__formula', 'trendsFilter', 'formula');
  const formula = query.trendsFilter?.formula ?? '';
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="md">
        <EditorSection title="Series">
          <SeriesEditor
            projectId={projectId}
            mode="trends"
            series={query.series}
            max={50}
            onChange={(series) => onChange({ ...query, series })}
          />
        </EditorSection>
        <EditorSection
          title="Formula"
          hint="Combine series by letter, e.g. A / B * 100. Leave empty to show each series."
        >
          <CommitTextInput
            aria-label="Formula"
            placeholder="e.g. A / B"
            value={formula}
            error={formulaError}
            w={280}
            onCommit={(v) => {
              const { formula: _f, formulas: _fs, formulaNodes: _n, ...rest } = query.trendsFilter ?? {};
              onChange({ ...query, trendsFilter: v.trim() ? { ...rest, formula: v.trim() } : rest });
            }}
          />
        </EditorSection>
      </Stack>
      <Stack gap="md">
        <GlobalFilters projectId={projectId} query={query} onChange={onChange} />
        <EditorSection title="Breakdown">
          <BreakdownEditor
            projectId={projectId}
            value={query.breakdownFilter}
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
