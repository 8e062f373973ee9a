import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from '../../ui/color-scheme-toggle';
import { HedgerowMark } from '../../ui/hedgerow-mark';

/** The frame of the signed-out pages: brand, one card with the form, and what to do instead below it. */
export function AuthLayout({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Box mih="100dvh" bg="var(--mantine-color-default-hover)">
      <title>{`${title} · Hedgerow`}</title>
      <Group justify="flex-end" p="md">
        <ColorSchemeToggle />
      </Group>
      <Center px="md" pb={64}>
        <Stack w="100%" maw={420} gap="lg">
          <Center>
            <HedgerowMark size={36} />
          </Center>
          <Paper withBorder shadow="sm" p="xl" component="main">
            <Stack gap="md">
              <Title order={1} size="h3">
                {title}
              </Title>
              {intro}
              {children}
            </Stack>
          </Paper>
          {footer && (
            <Text ta="center" size="sm">
              {footer}
            </Text>
          )}
        </Stack>
      </Center>
    </Box>
  );
}
