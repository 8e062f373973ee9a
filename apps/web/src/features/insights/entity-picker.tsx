import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { useActions, useEventDefinitions } from './use-definitions';

/** What an entity picker chooses: an event (null: all events) or an action. */
export type EntityRef =
  | { kind: 'EventsNode'; event: string | null }
  | { kind: 'ActionsNode'; id: number; name?: string };

const ALL = 'all';
const encode = (ref: EntityRef) =>
  ref.kind === 'ActionsNode' ? `action:${ref.id}` : ref.event === null ? ALL : `event:${ref.event}`;

/**
 * A searchable picker of the project's events (from its event definitions) and actions. `allowAll`
 * adds "All events" (an `EventsNode` with `event: null`).
 */
export function EntityPicker({
  projectId,
  value,
  onChange,
  allowAll = false,
  label,
  error,
  w,
}: {
  projectId: number;
  value: EntityRef;
  onChange: (ref: EntityRef) => void;
  allowAll?: boolean;
  label: string;
  error?: string | null;
  w?: number | string;
}) {
  const events = useEventDefinitions(projectId);
  const actions = useActions(projectId);
  const data = useMemo(() => {
    const names = [...(events.data ?? [])];
    if (value.kind === 'EventsNode' && value.event !== null && !names.includes(value.event))
      names.unshift(value.event);
    const actionItems = (actions.data ?? []).map((a) => ({ value: `action:${a.id}`, label: a.name }));
    if (value.kind === 'ActionsNode' && !actionItems.some((a) => a.value === `action:${value.id}`))
      actionItems.unshift({ value: `action:${value.id}`, label: value.name ?? `Action ${value.id}` });
    return [
      {
        group: 'Events',
        items: [
          ...(allowAll ? [{ value: ALL, label: 'All events' }] : []),
          ...names.map((n) => ({ value: `event:${n}`, label: n })),
        ],
      },
      ...(actionItems.length > 0 ? [{ group: 'Actions', items: actionItems }] : []),
    ];
  }, [events.data, actions.data, value, allowAll]);

  return (
    <Select
      aria-label={label}
      placeholder="Choose an event or action"
      data={data}
      value={encode(value)}
      searchable
      limit={200}
      allowDeselect={false}
      nothingFoundMessage={events.isPending ? 'Loading events…' : 'No event or action matches'}
      error={error ?? (events.isError ? 'Could not load the events' : undefined)}
      w={w}
      comboboxProps={{ width: 320, position: 'bottom-start' }}
      onChange={(v) => {
        if (!v) return;
        if (v === ALL) onChange({ kind: 'EventsNode', event: null });
        else if (v.startsWith('action:')) {
          const id = Number(v.slice(7));
          onChange({ kind: 'ActionsNode', id, name: actions.data?.find((a) => a.id === id)?.name });
        } else onChange({ kind: 'EventsNode', event: v.slice(6) });
      }}
    />
  );
}
