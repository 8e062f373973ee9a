import { Skeleton, Stack, Text } from '@mantine/core';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorState } from '../../../ui/error-state';
import type { InsightQuery } from '../insight-query';
import type { QueryResponse } from '../insight-results';
import { isEmptyResult } from './is-empty-result';
import { ResultByKind } from './result-by-kind';
import type { ResultProps } from './result-props';

/**
 * The answer to an insight query, drawn for its kind, with loading, error and empty states. Shows
 * the previous answer (dimmed) while a changed query runs, drawn with the query it answered.
 */
export function InsightResultView({
  projectId,
  answered,
  isPending,
  isFetching,
  error,
  onRetry,
  compact,
  onOpenPersons,
  height,
}: {
  projectId: number;
  answered: { query: InsightQuery; response: QueryResponse<unknown> } | undefined;
  isPending: boolean;
  isFetching: boolean;
  error: unknown;
  onRetry: () => void;
  compact?: boolean;
  onOpenPersons?: ResultProps<InsightQuery, unknown>['onOpenPersons'];
  height?: number;
}) {
  if (error && !isFetching)
    return <ErrorState title="This insight could not be computed" error={error} onRetry={onRetry} />;
  if (isPending || !answered)
    return (
      <Stack gap="xs" role="status" aria-label="Computing the insight">
        <Skeleton h={compact ? (height ?? 200) : 320} />
        {!compact && (
          <Text size="sm" c="dimmed">
            Computing…
          </Text>
        )}
      </Stack>
    );
  const { query, response } = answered;
  if (isEmptyResult(query, response.results))
    return (
      <EmptyState
        title="No data for this insight"
        description="No events match these series and filters in this date range. Try a longer range or fewer filters."
      />
    );
  return (
    <div
      style={{ opacity: isFetching ? 0.55 : 1, transition: 'opacity 120ms' }}
      aria-busy={isFetching}
      data-testid="insight-result"
    >
      <ResultByKind
        projectId={projectId}
        query={query}
        results={response.results}
        compact={compact}
        onOpenPersons={onOpenPersons}
        height={height}
      />
    </div>
  );
}
