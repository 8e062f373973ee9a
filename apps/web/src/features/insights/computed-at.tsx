import { Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { computedAgo } from './computed-ago';

/** "Computed 3 minutes ago" for an answer, kept current while it stays on screen. */
export function ComputedAt({
  response,
  refreshing,
}: {
  response: { last_refresh: string; is_cached: boolean };
  refreshing?: boolean;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Tooltip
      label={`${new Date(response.last_refresh).toLocaleString()}${response.is_cached ? ' (from the cache)' : ''}`}
    >
      <Text size="xs" c="dimmed" data-testid="computed-at">
        {refreshing ? 'Computing…' : computedAgo(response.last_refresh, now)}
      </Text>
    </Tooltip>
  );
}
