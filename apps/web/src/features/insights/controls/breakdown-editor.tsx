import type { BreakdownFilter } from '@hedgerow/schema';
import { Badge, Button, CloseButton, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '../../../ui/icon';
import { CommitNumberInput } from '../commit-number-input';
import { groupTypeName, PropertyKeyPicker, type PropertySource } from '../property-key-picker';
import { useFieldError } from '../query-error-context';
import { useCohorts, useGroupTypes } from '../use-definitions';
import { addBreakdown, type BreakdownItem, readBreakdowns, writeBreakdowns } from './breakdown-items';

/**
 * Breakdowns: up to `max` properties (event, person or group) or a set of cohorts, and how many
 * values to show before the rest are merged into "Other".
 */
export function BreakdownEditor({
  projectId,
  value,
  onChange,
  max = 3,
  sources = ['event', 'person', 'group', 'cohort'],
  showLimit = true,
}: {
  projectId: number;
  value: BreakdownFilter | null | undefined;
  onChange: (value: BreakdownFilter | null) => void;
  max?: number;
  sources?: PropertySource[];
  showLimit?: boolean;
}) {
  const items = readBreakdowns(value);
  const [adding, setAdding] = useState(false);
  const cohorts = useCohorts(projectId);
  const groupTypes = useGroupTypes(projectId);
  const error = useFieldError('breakdownFilter');
  const label = (item: BreakdownItem) => {
    if (item.type === 'cohort')
      return item.key === 'all'
        ? 'All users'
        : (cohorts.data?.find((c) => String(c.id) === item.key)?.name ?? `Cohort ${item.key}`);
    const where = item.type === 'group' ? groupTypeName(groupTypes.data, item.group_type_index) : item.type;
    return `${item.key} (${where})`;
  };
  const set = (next: BreakdownItem[]) => onChange(writeBreakdowns(next, value));
  const full = items.length >= max && items[0]?.type !== 'cohort';
  return (
    <Stack gap="xs" data-testid="breakdown-editor">
      {items.length > 0 && (
        <Group gap="xs">
          {items.map((item) => (
            <Badge
              key={`${item.type}:${item.group_type_index ?? ''}:${item.key}`}
              size="lg"
              variant="light"
              color="gray"
              tt="none"
              fw={500}
              pr={2}
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={`Remove breakdown by ${label(item)}`}
                  onClick={() => set(items.filter((i) => i !== item))}
                />
              }
            >
              {label(item)}
            </Badge>
          ))}
        </Group>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      <Group gap="xs" align="flex-end">
        {adding ? (
          <>
            <PropertyKeyPicker
              projectId={projectId}
              value={null}
              sources={sources}
              label="Break down by"
              placeholder="Property or cohort"
              autoFocus
              defaultDropdownOpened
              onChange={(ref) => {
                setAdding(false);
                set(addBreakdown(items, ref, max));
              }}
            />
            <Button size="xs" variant="subtle" color="gray" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </>
        ) : (
          !full && (
            <Button
              size="xs"
              variant="subtle"
              w="fit-content"
              leftSection={<Icon name="plus" size={14} />}
              onClick={() => setAdding(true)}
            >
              Add breakdown
            </Button>
          )
        )}
        {showLimit && items.length > 0 && items[0]?.type !== 'cohort' && (
          <CommitNumberInput
            size="xs"
            label="Values shown"
            min={1}
            max={10000}
            placeholder="25"
            value={value?.breakdown_limit}
            w={110}
            onCommit={(n) => {
              const { breakdown_limit: _l, ...rest } = value ?? {};
              onChange(n ? { ...rest, breakdown_limit: n } : rest);
            }}
          />
        )}
      </Group>
    </Stack>
  );
}
