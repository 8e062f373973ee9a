import { EmptyState as MantineEmptyState } from '@mantine/core';
import type { ReactNode } from 'react';
import { Icon } from './icon';

/** Shown where a list or page has nothing yet, saying what would appear and how to add it. */
export function EmptyState({
  title,
  description,
  action,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <MantineEmptyState
      title={title}
      description={description}
      icon={<Icon name="inbox" size={28} />}
      withIndicatorBackground
      py="xl"
    >
      {action && <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions>}
    </MantineEmptyState>
  );
}
