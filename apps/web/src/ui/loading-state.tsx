import { Center, Loader, Text } from '@mantine/core';

/** A centred spinner with a label for screen readers (and sighted users, after a moment). */
export function LoadingState({
  label = 'Loading…',
  fullPage = false,
}: {
  label?: string;
  fullPage?: boolean;
}) {
  return (
    <Center mih={fullPage ? '100dvh' : 200} role="status" aria-live="polite">
      <Loader size="md" aria-hidden="true" />
      <Text c="dimmed" ml="sm" size="sm">
        {label}
      </Text>
    </Center>
  );
}
