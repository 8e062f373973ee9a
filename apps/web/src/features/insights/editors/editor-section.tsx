import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of an insight editor ("Series", "Filters", "Breakdown"). */
export function EditorSection({
  title,
  children,
  hint,
}: {
  title: string;
  children: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {title}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
      {children}
    </Stack>
  );
}
