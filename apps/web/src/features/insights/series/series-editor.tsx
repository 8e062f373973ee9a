import type { SeriesNode } from '@hedgerow/schema';
import { ActionIcon, Badge, Button, Checkbox, Group, Paper, Select, Stack, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '../../../ui/icon';
import { CommitTextInput } from '../commit-text-input';
import { EntityPicker, type EntityRef } from '../entity-picker';
import { PropertyFiltersEditor } from '../filters/property-filters-editor';
import { countFilters } from '../filters/property-list';
import { seriesLetter } from '../insight-query';
import { groupTypeName, PropertyKeyPicker } from '../property-key-picker';
import { useFieldError } from '../query-error-context';
import { useGroupTypes } from '../use-definitions';
import {
  isPropertyMath,
  mathFields,
  mathValue,
  stickinessMathChoices,
  trendsMathChoices,
} from './series-math';

export type SeriesMode = 'trends' | 'funnel' | 'stickiness' | 'lifecycle';

const refOf = (s: SeriesNode): EntityRef =>
  s.kind === 'ActionsNode'
    ? { kind: 'ActionsNode', id: s.id, name: s.name ?? undefined }
    : { kind: 'EventsNode', event: s.event ?? null };

/** A series for a picked event or action, keeping the series' math, filters and name. */
function withEntity(s: SeriesNode, ref: EntityRef): SeriesNode {
  const { kind: _k, ...keep } = s;
  const { event: _e, id: _i, name: _n, ...rest } = keep as Record<string, unknown>;
  if (ref.kind === 'ActionsNode')
    return { ...rest, kind: 'ActionsNode', id: ref.id, name: ref.name ?? null } as SeriesNode;
  return { ...rest, kind: 'EventsNode', event: ref.event, name: ref.event ?? 'All events' } as SeriesNode;
}

/** Choices grouped for a Select, in the order the groups first appear. */
function groupChoices(choices: { value: string; label: string; group: string }[]) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const { group, value, label } of choices)
    groups.set(group, [...(groups.get(group) ?? []), { value, label }]);
  return [...groups].map(([group, items]) => ({ group, items }));
}

function SeriesRow({
  projectId,
  series,
  index,
  count,
  mode,
  canRemove,
  onChange,
  onRemove,
  onMove,
  onDuplicate,
}: {
  projectId: number;
  series: SeriesNode;
  index: number;
  count: number;
  mode: SeriesMode;
  canRemove: boolean;
  onChange: (s: SeriesNode) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
  onDuplicate: (() => void) | null;
}) {
  const groupTypes = useGroupTypes(projectId);
  const named = (groupTypes.data ?? []).map((g) => ({
    group_type_index: g.group_type_index,
    name: groupTypeName(groupTypes.data, g.group_type_index),
  }));
  const [open, setOpen] = useState(countFilters(series.properties) > 0 || !!series.custom_name);
  const error = useFieldError(`series__${index}`);
  const propertyError = useFieldError(`series__${index}__math_property`, 'math_property');
  const isFunnel = mode === 'funnel';
  const tag = isFunnel ? String(index + 1) : seriesLetter(index);
  const what = isFunnel ? `Step ${tag}` : `Series ${tag}`;
  const filters = countFilters(series.properties);
  const math =
    mode === 'trends'
      ? trendsMathChoices(named)
      : mode === 'stickiness'
        ? stickinessMathChoices(named)
        : null;

  return (
    <Paper withBorder p="xs" radius="md" data-testid="series-row">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge variant="light" size="lg" radius="sm" w={34} px={0} mt={2} aria-hidden="true">
            {tag}
          </Badge>
          <EntityPicker
            projectId={projectId}
            value={refOf(series)}
            allowAll
            label={`${what} event`}
            error={error}
            w={230}
            onChange={(ref) => onChange(withEntity(series, ref))}
          />
          {math && (
            <Select
              aria-label={`${what} math`}
              data={groupChoices(math)}
              value={
                mode === 'stickiness' && (series.math ?? 'total') === 'total'
                  ? 'dau'
                  : mathValue(series.math, series.math_group_type_index)
              }
              allowDeselect={false}
              w={190}
              comboboxProps={{ width: 240 }}
              onChange={(v) => {
                if (!v) return;
                const {
                  math_property: _p,
                  math_property_type: _t,
                  math_group_type_index: _g,
                  ...rest
                } = series;
                const fields = mathFields(v);
                onChange({
                  ...rest,
                  ...fields,
                  ...(isPropertyMath(fields.math) && series.math_property
                    ? { math_property: series.math_property, math_property_type: series.math_property_type }
                    : {}),
                } as SeriesNode);
              }}
            />
          )}
          {math && isPropertyMath(series.math) && (
            <PropertyKeyPicker
              projectId={projectId}
              sources={['event', 'person']}
              numericOnly
              label={`${what} property`}
              placeholder="Numeric property"
              error={propertyError}
              value={
                series.math_property
                  ? {
                      type: series.math_property_type === 'person_properties' ? 'person' : 'event',
                      key: series.math_property,
                    }
                  : null
              }
              w={180}
              onChange={(ref) =>
                onChange({
                  ...series,
                  math_property: ref.key,
                  math_property_type: ref.type === 'person' ? 'person_properties' : 'event_properties',
                })
              }
            />
          )}
          <Group gap={2} wrap="nowrap" ml="auto">
            <Tooltip label={open ? 'Hide filters and name' : 'Filters and name'}>
              <Button
                size="xs"
                variant={filters > 0 ? 'light' : 'subtle'}
                color="gray"
                aria-expanded={open}
                aria-label={`${what} filters`}
                onClick={() => setOpen((o) => !o)}
                leftSection={<Icon name="filter" size={14} />}
              >
                {filters > 0 ? filters : ''}
              </Button>
            </Tooltip>
            {isFunnel && (
              <>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move ${what} up`}
                  disabled={index === 0}
                  onClick={() => onMove(-1)}
                >
                  <Icon name="arrow-up" size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move ${what} down`}
                  disabled={index === count - 1}
                  onClick={() => onMove(1)}
                >
                  <Icon name="arrow-down" size={16} />
                </ActionIcon>
              </>
            )}
            {onDuplicate && (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Duplicate ${what}`}
                onClick={onDuplicate}
              >
                <Icon name="copy" size={16} />
              </ActionIcon>
            )}
            {canRemove && (
              <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${what}`} onClick={onRemove}>
                <Icon name="trash" size={16} />
              </ActionIcon>
            )}
          </Group>
        </Group>
        {isFunnel && index > 0 && (
          <Checkbox
            size="xs"
            ml={42}
            label="Optional step (people may skip it)"
            checked={!!series.optionalInFunnel}
            onChange={(e) => {
              const { optionalInFunnel: _o, ...rest } = series;
              onChange(e.currentTarget.checked ? { ...rest, optionalInFunnel: true } : (rest as SeriesNode));
            }}
          />
        )}
        {open && (
          <Stack gap="xs" pl={42}>
            <CommitTextInput
              size="xs"
              aria-label={`${what} name`}
              placeholder="Custom name (optional)"
              value={series.custom_name ?? ''}
              w={280}
              onCommit={(v) => {
                const { custom_name: _c, ...rest } = series;
                onChange(v.trim() ? { ...series, custom_name: v.trim() } : (rest as SeriesNode));
              }}
            />
            <PropertyFiltersEditor
              projectId={projectId}
              value={series.properties}
              addLabel={`Filter ${what.toLowerCase()}`}
              onChange={(properties) => {
                const { properties: _p, ...rest } = series;
                onChange(properties ? { ...series, properties } : (rest as SeriesNode));
              }}
            />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The series of a trends or stickiness insight, the steps of a funnel, or the one series of a
 * lifecycle: an event or action each, with math, filters and a custom name.
 */
export function SeriesEditor({
  projectId,
  series,
  onChange,
  mode,
  min = 1,
  max = 20,
}: {
  projectId: number;
  series: SeriesNode[];
  onChange: (series: SeriesNode[]) => void;
  mode: SeriesMode;
  min?: number;
  max?: number;
}) {
  const noun = mode === 'funnel' ? 'step' : 'series';
  return (
    <Stack gap="xs" data-testid="series-editor">
      {series.map((s, i) => (
        <SeriesRow
          // Series have no ids; a row is its position (its letter, A, B, …).
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          projectId={projectId}
          series={s}
          index={i}
          count={series.length}
          mode={mode}
          canRemove={series.length > min}
          onChange={(next) => onChange(series.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(series.filter((_, j) => j !== i))}
          onMove={(delta) => {
            const next = [...series];
            const [moved] = next.splice(i, 1);
            if (moved) next.splice(i + delta, 0, moved);
            onChange(next);
          }}
          onDuplicate={
            series.length < max && mode !== 'lifecycle'
              ? () => onChange([...series.slice(0, i + 1), s, ...series.slice(i + 1)])
              : null
          }
        />
      ))}
      {series.length < max && (
        <Button
          size="xs"
          variant="light"
          w="fit-content"
          leftSection={<Icon name="plus" size={14} />}
          onClick={() => onChange([...series, { kind: 'EventsNode', event: '$pageview', name: '$pageview' }])}
        >
          Add {noun}
        </Button>
      )}
    </Stack>
  );
}
