import type { FunnelCorrelationQuery, FunnelsQuery, PropertyFilterNode } from '@hedgerow/schema';
import {
  Alert,
  Badge,
  Card,
  CloseButton,
  Group,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../../ui/error-state';
import { Icon } from '../../../ui/icon';
import { readProperties, writeProperties } from '../filters/property-list';
import type { CorrelationResult } from '../insight-results';
import type { PersonsTarget } from '../persons/persons-target';
import { useEventDefinitions, usePropertyDefinitions } from '../use-definitions';
import { useQueryResults } from '../use-query-results';
import { type CorrelationSignal, correlationSentences } from './correlation-rows';
import {
  type CorrelationActions,
  CorrelationTable,
  type CorrelationType,
  signalLabel,
} from './correlation-table';

/** The correlation query of a funnel for the chosen analysis. */
export function correlationQuery(
  funnel: FunnelsQuery,
  type: CorrelationType,
  options: { properties: string[]; events: string[]; excluded: string[] },
): FunnelCorrelationQuery {
  return {
    kind: 'FunnelCorrelationQuery',
    source: { kind: 'FunnelsActorsQuery', source: funnel, funnelStep: 1 },
    funnelCorrelationType: type,
    ...(type === 'properties'
      ? { funnelCorrelationNames: options.properties.length ? options.properties : ['$all'] }
      : {}),
    ...(type === 'event_with_properties' ? { funnelCorrelationEventNames: options.events } : {}),
    ...(type === 'events' && options.excluded.length
      ? { funnelCorrelationExcludeEventNames: options.excluded }
      : {}),
  };
}

/**
 * Why people drop off: the events, person properties or event properties over-represented among
 * those who converted ("likely to convert") or dropped off ("likely to drop off"), with a sentence
 * for the strongest signals, and from each row its persons, a breakdown or a filter.
 */
export function FunnelCorrelation({
  projectId,
  funnel,
  onChange,
  onOpenPersons,
}: {
  projectId: number;
  funnel: FunnelsQuery;
  onChange: (query: FunnelsQuery) => void;
  onOpenPersons: (target: PersonsTarget) => void;
}) {
  const [type, setType] = useState<CorrelationType>('events');
  const [properties, setProperties] = useState<string[]>([]);
  const [events, setEvents] = useState<string[]>([]);
  const [excluded, setExcluded] = useState<string[]>([]);
  const personProps = usePropertyDefinitions(projectId, 'person');
  const eventNames = useEventDefinitions(projectId);
  const query = useMemo(
    () => correlationQuery(funnel, type, { properties, events, excluded }),
    [funnel, type, properties, events, excluded],
  );
  const ready = type !== 'event_with_properties' || events.length > 0;
  const answer = useQueryResults<FunnelCorrelationQuery, CorrelationResult>(projectId, query, {
    enabled: ready,
  });
  const result = answer.data?.query === query ? answer.data.response.results : undefined;
  const rows = result?.events ?? [];

  const addProperty = (signal: CorrelationSignal): PropertyFilterNode | null => {
    if (signal.kind === 'person_property')
      return { type: 'person', key: signal.property, value: [signal.value], operator: 'exact' };
    if (signal.kind === 'event_property')
      return { type: 'event', key: signal.property, value: [signal.value], operator: 'exact' };
    return null;
  };
  const actions: CorrelationActions = {
    viewPersons: (_row, signal, converted) => {
      const label = signalLabel(signal);
      onOpenPersons({
        title: `${converted ? 'Converted' : 'Dropped off'} · ${label}`,
        cohortName: `Funnel ${converted ? 'converters' : 'drop-offs'} with ${label}`,
        source: {
          kind: 'FunnelCorrelationActorsQuery',
          source: query,
          funnelCorrelationPersonConverted: converted,
          ...(signal.kind === 'person_property'
            ? {
                funnelCorrelationPropertyValues: [
                  { type: 'person', key: signal.property, value: signal.value, operator: 'exact' },
                ],
              }
            : {
                funnelCorrelationPersonEntity: {
                  kind: 'EventsNode',
                  event: signal.event,
                  ...(signal.kind === 'event_property'
                    ? {
                        properties: [
                          { type: 'event', key: signal.property, value: signal.value, operator: 'exact' },
                        ],
                      }
                    : {}),
                },
              }),
        },
      });
    },
    addBreakdown: (signal) => {
      if (signal.kind === 'event') return;
      onChange({
        ...funnel,
        breakdownFilter: {
          breakdown_type: signal.kind === 'person_property' ? 'person' : 'event',
          breakdown: signal.property,
        },
      });
    },
    addFilter: (signal) => {
      const filter = addProperty(signal);
      if (!filter) return;
      const list = readProperties(funnel.properties);
      const properties = list.nested
        ? [filter]
        : writeProperties({ match: list.match, filters: [...list.filters, filter] });
      onChange({ ...funnel, properties: properties ?? [filter] });
    },
    exclude: (signal) => {
      if (signal.kind === 'event') setExcluded((list) => [...new Set([...list, signal.event])]);
    },
  };

  const sentences = correlationSentences(rows, type);
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="correlation-title"
      data-testid="funnel-correlation"
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="correlation-title">
            Why do people drop off?
          </Title>
          <SegmentedControl
            size="xs"
            aria-label="Correlate"
            value={type}
            onChange={(v) => setType(v as CorrelationType)}
            data={[
              { value: 'events', label: 'Events' },
              { value: 'properties', label: 'Person properties' },
              { value: 'event_with_properties', label: 'Event properties' },
            ]}
          />
        </Group>
        <Text size="sm" c="dimmed">
          What those who converted did or had, compared with those who dropped off (odds ratios, as PostHog
          computes them).
        </Text>
        {type === 'properties' && (
          <MultiSelect
            size="xs"
            label="Person properties"
            placeholder={properties.length ? undefined : 'All properties'}
            data={(personProps.data ?? []).map((d) => d.name)}
            value={properties}
            onChange={setProperties}
            searchable
            clearable
            w={420}
          />
        )}
        {type === 'event_with_properties' && (
          <MultiSelect
            size="xs"
            label="Properties of these events"
            placeholder={events.length ? undefined : 'Choose events'}
            data={eventNames.data ?? []}
            value={events}
            onChange={setEvents}
            searchable
            clearable
            w={420}
          />
        )}
        {type === 'events' && excluded.length > 0 && (
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              Left out:
            </Text>
            {excluded.map((name) => (
              <Badge
                key={name}
                variant="light"
                color="gray"
                tt="none"
                pr={2}
                rightSection={
                  <CloseButton
                    size="xs"
                    aria-label={`Include ${name} again`}
                    onClick={() => setExcluded((l) => l.filter((n) => n !== name))}
                  />
                }
              >
                {name}
              </Badge>
            ))}
          </Group>
        )}
        {!ready && <Text size="sm">Choose one or more events to compare their properties.</Text>}
        {ready && answer.isError && (
          <ErrorState
            title="Could not compute the correlation"
            error={answer.error}
            onRetry={() => answer.refetch()}
          />
        )}
        {ready && !result && !answer.isError && <Skeleton h={160} aria-label="Computing the correlation" />}
        {result && (
          <>
            {sentences.length > 0 && (
              <Alert
                color="blue"
                variant="light"
                icon={<Icon name="bulb" />}
                data-testid="correlation-summary"
              >
                <Stack gap={2}>
                  {sentences.map((s) => (
                    <Text key={s} size="sm">
                      {s}
                    </Text>
                  ))}
                </Stack>
              </Alert>
            )}
            {result.skewed && (
              <Alert color="yellow" variant="light" icon={<Icon name="alert" />}>
                Converters and drop-offs are very unequal in number, so these signals are less reliable.
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <CorrelationTable
                title="Likely to convert"
                testId="correlation-success"
                rows={rows.filter((r) => r.correlation_type === 'success')}
                type={type}
                actions={actions}
              />
              <CorrelationTable
                title="Likely to drop off"
                testId="correlation-failure"
                rows={rows.filter((r) => r.correlation_type === 'failure')}
                type={type}
                actions={actions}
              />
            </SimpleGrid>
          </>
        )}
      </Stack>
    </Card>
  );
}
