import { Card, Group, Stack, Tabs, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ComputedAt } from './computed-at';
import { InsightEditor } from './editors/insight-editor';
import { InsightToolbar } from './editors/insight-toolbar';
import { type InsightKind, type InsightQuery, insightKinds, switchInsightKind } from './insight-query';
import type { QueryResponse } from './insight-results';
import { PersonsModal } from './persons/persons-modal';
import type { PersonsTarget } from './persons/persons-target';
import { QueryErrorContext } from './query-error-context';
import { InsightBelowChart } from './results/insight-below-chart';
import { InsightResultView } from './results/insight-result-view';
import { useQueryResults } from './use-query-results';

/**
 * The insight builder: the kind, the editor of its query, and the answer drawn under it. The query
 * is the whole state (the page keeps it in the URL), so every change is one new query.
 */
export function InsightBuilder({
  projectId,
  query,
  onChange,
  actions,
}: {
  projectId: number;
  query: InsightQuery;
  onChange: (query: InsightQuery) => void;
  actions?: ReactNode;
}) {
  const answer = useQueryResults<InsightQuery, unknown>(projectId, query);
  const [persons, setPersons] = useState<PersonsTarget | null>(null);
  const response = answer.data?.response as QueryResponse<unknown> | undefined;
  return (
    <QueryErrorContext.Provider value={answer.isFetching ? null : answer.error}>
      <Stack gap="md">
        <Tabs
          value={query.kind}
          onChange={(kind) => kind && onChange(switchInsightKind(query, kind as InsightKind))}
          keepMounted={false}
        >
          <Tabs.List aria-label="Insight type">
            {insightKinds.map((k) => (
              <Tabs.Tab key={k.kind} value={k.kind} title={k.description}>
                {k.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Card withBorder padding="md">
          <InsightEditor projectId={projectId} query={query} onChange={onChange} />
        </Card>
        <Card withBorder padding="md">
          <Stack gap="md">
            <Group justify="space-between" align="center">
              <InsightToolbar query={query} onChange={onChange} />
              <Group gap="sm">
                {response && <ComputedAt response={response} refreshing={answer.isFetching} />}
                {actions}
              </Group>
            </Group>
            <InsightResultView
              projectId={projectId}
              answered={answer.data}
              isPending={answer.isPending}
              isFetching={answer.isFetching}
              error={answer.error}
              onRetry={() => answer.refetch()}
              onOpenPersons={setPersons}
            />
            {(query.kind === 'TrendsQuery' || query.kind === 'FunnelsQuery') && (
              <Text size="xs" c="dimmed">
                Click a data point, or a number in the table, to see the persons behind it.
              </Text>
            )}
          </Stack>
        </Card>
        {answer.data && !answer.isPlaceholderData && (
          <InsightBelowChart
            projectId={projectId}
            query={answer.data.query}
            onChange={onChange}
            onOpenPersons={setPersons}
          />
        )}
      </Stack>
      <PersonsModal projectId={projectId} target={persons} onClose={() => setPersons(null)} />
    </QueryErrorContext.Provider>
  );
}
