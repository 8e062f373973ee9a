import { Group, Text } from '@mantine/core';

/** The Hedgerow logo and word mark. */
export function HedgerowMark({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-green-7)" />
        <path
          d="M7 23c2-6 4-9 9-13m0 0c-1 5 1 9 5 11m-5-11c4 0 7 2 9 5"
          stroke="#fff"
          strokeWidth="2.5"
          fill="none"
          strokeLinecap="round"
        />
      </svg>
      <Text fw={700} size="lg">
        Hedgerow
      </Text>
    </Group>
  );
}
