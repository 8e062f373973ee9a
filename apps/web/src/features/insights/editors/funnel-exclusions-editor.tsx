import type { FunnelsQuery } from '@hedgerow/schema';
import { ActionIcon, Button, Group, Select, Stack, Text } from '@mantine/core';
import { Icon } from '../../../ui/icon';
import { EntityPicker } from '../entity-picker';
import { useFieldError } from '../query-error-context';

type Exclusion = NonNullable<NonNullable<FunnelsQuery['funnelsFilter']>['exclusions']>[number];

/**
 * Exclusions: an event (or action) that, done between two steps, spoils that attempt at the
 * funnel. Steps are numbered from 1 here; the query counts them from 0.
 */
export function FunnelExclusionsEditor({
  projectId,
  stepCount,
  value,
  onChange,
}: {
  projectId: number;
  stepCount: number;
  value: Exclusion[];
  onChange: (exclusions: Exclusion[]) => void;
}) {
  const error = useFieldError('funnelsFilter__exclusions');
  const steps = Array.from({ length: stepCount }, (_, i) => ({ value: String(i), label: `step ${i + 1}` }));
  const set = (i: number, next: Exclusion) => onChange(value.map((e, j) => (j === i ? next : e)));
  return (
    <Stack gap="xs">
      {value.map((exclusion, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: exclusions have no ids; a row is its position.
        <Group key={i} gap="xs" wrap="nowrap" data-testid="funnel-exclusion">
          <EntityPicker
            projectId={projectId}
            label={`Exclusion ${i + 1} event`}
            w={180}
            value={
              exclusion.kind === 'ActionsNode'
                ? { kind: 'ActionsNode', id: exclusion.id }
                : { kind: 'EventsNode', event: exclusion.event ?? null }
            }
            onChange={(ref) =>
              set(
                i,
                ref.kind === 'ActionsNode'
                  ? {
                      kind: 'ActionsNode',
                      id: ref.id,
                      funnelFromStep: exclusion.funnelFromStep,
                      funnelToStep: exclusion.funnelToStep,
                    }
                  : {
                      kind: 'EventsNode',
                      event: ref.event,
                      funnelFromStep: exclusion.funnelFromStep,
                      funnelToStep: exclusion.funnelToStep,
                    },
              )
            }
          />
          <Text size="sm">between</Text>
          <Select
            aria-label={`Exclusion ${i + 1} from step`}
            data={steps.slice(0, -1)}
            value={String(exclusion.funnelFromStep)}
            allowDeselect={false}
            w={100}
            onChange={(v) => {
              const from = Number(v);
              set(i, {
                ...exclusion,
                funnelFromStep: from,
                funnelToStep: Math.max(exclusion.funnelToStep, from + 1),
              });
            }}
          />
          <Text size="sm">and</Text>
          <Select
            aria-label={`Exclusion ${i + 1} to step`}
            data={steps.slice(exclusion.funnelFromStep + 1)}
            value={String(exclusion.funnelToStep)}
            allowDeselect={false}
            w={100}
            onChange={(v) => set(i, { ...exclusion, funnelToStep: Number(v) })}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Remove exclusion ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            <Icon name="trash" size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      <Button
        size="xs"
        variant="subtle"
        w="fit-content"
        leftSection={<Icon name="plus" size={14} />}
        onClick={() =>
          onChange([
            ...value,
            { kind: 'EventsNode', event: '$pageview', funnelFromStep: 0, funnelToStep: stepCount - 1 },
          ])
        }
      >
        Add exclusion
      </Button>
    </Stack>
  );
}
