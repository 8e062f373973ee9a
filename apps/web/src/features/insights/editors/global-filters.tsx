import type { Properties } from '@hedgerow/schema';
import { Stack, Switch } from '@mantine/core';
import { PropertyFiltersEditor } from '../filters/property-filters-editor';
import { EditorSection } from './editor-section';

/** What every insight kind filters by: property filters on all its events, and test accounts. */
export interface FilterFields {
  properties?: Properties | null;
  filterTestAccounts?: boolean | null;
}

/** The insight-wide filters: properties every event must have, and "filter out test accounts". */
export function GlobalFilters<Q extends FilterFields>({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: Q;
  onChange: (query: Q) => void;
}) {
  return (
    <EditorSection title="Filters">
      <Stack gap="xs">
        <PropertyFiltersEditor
          projectId={projectId}
          value={query.properties}
          testId="global-filters"
          onChange={(properties) => {
            const { properties: _p, ...rest } = query;
            onChange((properties ? { ...query, properties } : rest) as Q);
          }}
        />
        <Switch
          size="sm"
          label="Filter out internal and test users"
          description="Applies the project's test account filters (project settings)."
          checked={!!query.filterTestAccounts}
          onChange={(e) => onChange({ ...query, filterTestAccounts: e.currentTarget.checked })}
        />
      </Stack>
    </EditorSection>
  );
}
