import type { Properties, PropertyFilterNode, PropertyOperator } from '@hedgerow/schema';
import { ActionIcon, Button, Code, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '../../../ui/icon';
import { PropertyKeyPicker, type PropertyRef, type PropertySource } from '../property-key-picker';
import { useCohorts, usePropertyDefinitions } from '../use-definitions';
import { readProperties, writeProperties } from './property-list';
import { operatorLabels, operatorsFor, takesList, takesValue, type ValueKind } from './property-operators';
import { PropertyValueInput } from './property-value-input';

/** A filter for a property just picked: "equals" with no value yet, or "in cohort". */
export function newFilter(ref: PropertyRef): PropertyFilterNode {
  if (ref.type === 'cohort') return { type: 'cohort', key: 'id', value: Number(ref.key), operator: 'in' };
  return {
    type: ref.type,
    key: ref.key,
    operator: 'exact',
    value: [],
    ...(ref.type === 'group' ? { group_type_index: ref.group_type_index ?? 0 } : {}),
  };
}

/** Whether a filter is complete enough to send (a list operator with no values is not). */
export function isComplete(filter: PropertyFilterNode): boolean {
  const operator = filter.operator ?? 'exact';
  if (filter.type === 'cohort') return typeof filter.value === 'number';
  if (!takesValue(operator)) return true;
  if (filter.value === null || filter.value === undefined || filter.value === '') return false;
  return !(Array.isArray(filter.value) && filter.value.length === 0);
}

function usePropertyKind(projectId: number, filter: PropertyFilterNode): ValueKind | null {
  const type = filter.type === 'person' || filter.type === 'group' ? filter.type : 'event';
  const defs = usePropertyDefinitions(
    projectId,
    type,
    type === 'group' ? (filter.group_type_index ?? 0) : null,
  );
  return defs.data?.find((d) => d.name === String(filter.key))?.property_type ?? null;
}

function FilterRow({
  projectId,
  filter,
  index,
  sources,
  onChange,
  onRemove,
}: {
  projectId: number;
  filter: PropertyFilterNode;
  index: number;
  sources: PropertySource[];
  onChange: (filter: PropertyFilterNode) => void;
  onRemove: () => void;
}) {
  const kind = usePropertyKind(projectId, filter);
  const cohorts = useCohorts(projectId);
  const n = index + 1;
  const isCohort = filter.type === 'cohort';
  const ref: PropertyRef = isCohort
    ? { type: 'cohort', key: String(filter.value) }
    : {
        type: filter.type as PropertyRef['type'],
        key: String(filter.key),
        group_type_index: filter.group_type_index ?? null,
      };
  const operator: PropertyOperator = filter.operator ?? 'exact';
  const operators = operatorsFor(kind);
  if (!operators.includes(operator)) operators.unshift(operator);
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="property-filter">
      <PropertyKeyPicker
        projectId={projectId}
        value={ref}
        sources={sources}
        label={`Filter ${n} property`}
        onChange={(next) => onChange(newFilter(next))}
      />
      {isCohort ? (
        <Select
          aria-label={`Filter ${n} cohort operator`}
          data={[
            { value: 'in', label: 'in cohort' },
            { value: 'not_in', label: 'not in cohort' },
          ]}
          value={operator === 'not_in' ? 'not_in' : 'in'}
          allowDeselect={false}
          w={150}
          onChange={(v) => onChange({ ...filter, operator: v === 'not_in' ? 'not_in' : 'in' })}
        />
      ) : (
        <Select
          aria-label={`Filter ${n} operator`}
          data={operators.map((o) => ({ value: o, label: operatorLabels[o] }))}
          value={operator}
          allowDeselect={false}
          w={180}
          comboboxProps={{ width: 220 }}
          onChange={(v) => {
            if (!v) return;
            const next = v as PropertyOperator;
            const keepValue = takesValue(next) && takesList(next) === takesList(operator);
            const { value: _dropped, ...rest } = filter;
            onChange(
              keepValue
                ? { ...filter, operator: next }
                : { ...rest, operator: next, ...(takesList(next) ? { value: [] } : {}) },
            );
          }}
        />
      )}
      {isCohort && (
        <Text size="sm" mt={6} c="dimmed">
          {cohorts.data?.find((c) => c.id === filter.value)?.name ?? `Cohort ${String(filter.value)}`}
        </Text>
      )}
      {!isCohort && takesValue(operator) && (
        <PropertyValueInput
          projectId={projectId}
          filter={filter}
          kind={kind}
          label={`Filter ${n} value`}
          onChange={(value) => onChange({ ...filter, value })}
        />
      )}
      <ActionIcon variant="subtle" color="gray" mt={4} aria-label={`Remove filter ${n}`} onClick={onRemove}>
        <Icon name="trash" size={16} />
      </ActionIcon>
    </Group>
  );
}

/**
 * Property filters: rows of property, operator and value, matched all together (AND) or any of
 * them (OR). Filters are edited as drafts: one only reaches `onChange` once it is complete, so a
 * query never runs with a half-written filter.
 */
export function PropertyFiltersEditor({
  projectId,
  value,
  onChange,
  sources = ['event', 'person', 'group', 'cohort'],
  addLabel = 'Add filter',
  testId,
}: {
  projectId: number;
  value: Properties | null | undefined;
  onChange: (value: Properties | null) => void;
  sources?: PropertySource[];
  addLabel?: string;
  testId?: string;
}) {
  const list = readProperties(value);
  const [drafts, setDrafts] = useState<PropertyFilterNode[] | null>(null);
  const [adding, setAdding] = useState(false);
  const filters = drafts ?? list.filters;

  const commit = (next: PropertyFilterNode[], match = list.match) => {
    if (next.every(isComplete)) {
      setDrafts(null);
      onChange(writeProperties({ match, filters: next }));
    } else {
      setDrafts(next);
      // The complete ones still apply while the new one is written.
      const complete = next.filter(isComplete);
      if (complete.length !== list.filters.length || complete.some((f, i) => f !== list.filters[i]))
        onChange(writeProperties({ match, filters: complete }));
    }
  };

  if (list.nested) {
    return (
      <Stack gap={4} data-testid={testId}>
        <Text size="sm" c="dimmed">
          These filters are nested AND/OR groups, which this editor cannot show. They apply as written:
        </Text>
        <Code block>{JSON.stringify(value, null, 2)}</Code>
        <Button size="xs" variant="default" w="fit-content" onClick={() => onChange(null)}>
          Remove these filters
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="xs" data-testid={testId}>
      {filters.length > 1 && (
        <Group gap="xs">
          <Text size="sm">Match</Text>
          <SegmentedControl
            size="xs"
            aria-label="Match filters"
            data={[
              { value: 'AND', label: 'all filters' },
              { value: 'OR', label: 'any filter' },
            ]}
            value={list.match}
            onChange={(v) => commit(filters, v === 'OR' ? 'OR' : 'AND')}
          />
        </Group>
      )}
      {filters.map((filter, i) => (
        <FilterRow
          // Filters have no ids; a row is its position.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          projectId={projectId}
          filter={filter}
          index={i}
          sources={sources}
          onChange={(next) => commit(filters.map((f, j) => (j === i ? next : f)))}
          onRemove={() => commit(filters.filter((_, j) => j !== i))}
        />
      ))}
      {adding ? (
        <Group gap="xs">
          <PropertyKeyPicker
            projectId={projectId}
            value={null}
            sources={sources}
            label="New filter property"
            autoFocus
            defaultDropdownOpened
            onChange={(ref) => {
              setAdding(false);
              commit([...filters, newFilter(ref)]);
            }}
          />
          <Button size="xs" variant="subtle" color="gray" onClick={() => setAdding(false)}>
            Cancel
          </Button>
        </Group>
      ) : (
        <Button
          size="xs"
          variant="subtle"
          w="fit-content"
          leftSection={<Icon name="plus" size={14} />}
          onClick={() => setAdding(true)}
        >
          {addLabel}
        </Button>
      )}
    </Stack>
  );
}
