import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { type GroupType, useCohorts, useGroupTypes, usePropertyDefinitions } from './use-definitions';

/** A property (or cohort) as filters and breakdowns name it. */
export interface PropertyRef {
  type: 'event' | 'person' | 'group' | 'cohort';
  key: string;
  group_type_index?: number | null;
}

export type PropertySource = 'event' | 'person' | 'group' | 'cohort';

const encode = (ref: PropertyRef) =>
  JSON.stringify([ref.type, ref.group_type_index ?? null, String(ref.key)]);

export function groupTypeName(groupTypes: GroupType[] | undefined, index: number | null | undefined): string {
  const type = groupTypes?.find((g) => g.group_type_index === index);
  return type?.name_singular ?? type?.group_type ?? `group ${index}`;
}

/**
 * A searchable picker of the project's event, person and group properties and (with `cohort` in
 * `sources`) its cohorts, grouped by where they come from.
 */
export function PropertyKeyPicker({
  projectId,
  value,
  onChange,
  sources = ['event', 'person', 'group', 'cohort'],
  label,
  placeholder = 'Choose a property',
  numericOnly = false,
  error,
  w = 220,
  autoFocus,
  defaultDropdownOpened,
}: {
  projectId: number;
  value: PropertyRef | null;
  onChange: (ref: PropertyRef) => void;
  sources?: PropertySource[];
  label: string;
  placeholder?: string;
  numericOnly?: boolean;
  error?: string | null;
  w?: number | string;
  autoFocus?: boolean;
  defaultDropdownOpened?: boolean;
}) {
  const eventProps = usePropertyDefinitions(projectId, 'event', null, sources.includes('event'));
  const personProps = usePropertyDefinitions(projectId, 'person', null, sources.includes('person'));
  const groupTypes = useGroupTypes(projectId);
  const cohorts = useCohorts(projectId);
  // Group properties: one list per group type (at most five).
  const g0 = usePropertyDefinitions(
    projectId,
    'group',
    0,
    sources.includes('group') && hasGroup(groupTypes.data, 0),
  );
  const g1 = usePropertyDefinitions(
    projectId,
    'group',
    1,
    sources.includes('group') && hasGroup(groupTypes.data, 1),
  );
  const g2 = usePropertyDefinitions(
    projectId,
    'group',
    2,
    sources.includes('group') && hasGroup(groupTypes.data, 2),
  );
  const g3 = usePropertyDefinitions(
    projectId,
    'group',
    3,
    sources.includes('group') && hasGroup(groupTypes.data, 3),
  );
  const g4 = usePropertyDefinitions(
    projectId,
    'group',
    4,
    sources.includes('group') && hasGroup(groupTypes.data, 4),
  );
  const groupLists = useMemo(
    () => [g0.data, g1.data, g2.data, g3.data, g4.data],
    [g0.data, g1.data, g2.data, g3.data, g4.data],
  );

  const data = useMemo(() => {
    const groups: { group: string; items: { value: string; label: string }[] }[] = [];
    const add = (group: string, type: PropertyRef['type'], names: string[], gti: number | null = null) => {
      if (names.length === 0) return;
      groups.push({
        group,
        items: names.map((key) => ({ value: encode({ type, key, group_type_index: gti }), label: key })),
      });
    };
    const names = (defs: { name: string; is_numerical: boolean }[] | undefined) =>
      (defs ?? []).filter((d) => !numericOnly || d.is_numerical).map((d) => d.name);
    if (sources.includes('event')) add('Event properties', 'event', names(eventProps.data));
    if (sources.includes('person')) add('Person properties', 'person', names(personProps.data));
    if (sources.includes('group'))
      for (const g of groupTypes.data ?? [])
        add(
          `${groupTypeName(groupTypes.data, g.group_type_index)} properties`,
          'group',
          names(groupLists[g.group_type_index]),
          g.group_type_index,
        );
    if (sources.includes('cohort') && !numericOnly)
      groups.push({
        group: 'Cohorts',
        items: (cohorts.data ?? []).map((c) => ({
          value: encode({ type: 'cohort', key: String(c.id) }),
          label: c.name,
        })),
      });
    // The current value stays choosable even when the definitions do not list it.
    if (value && !groups.some((g) => g.items.some((i) => i.value === encode(value))))
      groups.unshift({ group: 'Selected', items: [{ value: encode(value), label: String(value.key) }] });
    return groups.filter((g) => g.items.length > 0);
  }, [
    eventProps.data,
    personProps.data,
    groupTypes.data,
    cohorts.data,
    value,
    numericOnly,
    sources,
    groupLists,
  ]);

  return (
    <Select
      aria-label={label}
      placeholder={placeholder}
      data={data}
      value={value ? encode(value) : null}
      searchable
      limit={200}
      allowDeselect={false}
      autoFocus={autoFocus}
      defaultDropdownOpened={defaultDropdownOpened}
      nothingFoundMessage={eventProps.isPending ? 'Loading properties…' : 'No property matches'}
      error={error}
      w={w}
      comboboxProps={{ width: 300, position: 'bottom-start' }}
      onChange={(v) => {
        if (!v) return;
        const [type, gti, key] = JSON.parse(v) as [PropertyRef['type'], number | null, string];
        onChange({ type, key, ...(type === 'group' ? { group_type_index: gti } : {}) });
      }}
    />
  );
}

function hasGroup(types: GroupType[] | undefined, index: number): boolean {
  return (types ?? []).some((g) => g.group_type_index === index);
}
