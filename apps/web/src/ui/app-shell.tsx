import { Anchor, Group, AppShell as MantineAppShell } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { HedgerowMark } from './hedgerow-mark';

export const MAIN_CONTENT_ID = 'main-content';

/**
 * The signed-in layout: a header (brand, `switcher`, `actions`), a side navigation and the page.
 * It knows nothing about data; the features pass their controls in.
 */
export function AppShell({
  switcher,
  actions,
  navigation,
  wide = false,
  children,
}: {
  switcher?: ReactNode;
  actions?: ReactNode;
  navigation?: ReactNode;
  /** Pages with charts and tables use the whole width; forms and settings stay readable at 960 px. */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <MantineAppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'xs' }} padding="xl">
      <Anchor href={`#${MAIN_CONTENT_ID}`} className="skip-link">
        Skip to content
      </Anchor>
      <MantineAppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Hedgerow home">
              <HedgerowMark />
            </Anchor>
            {switcher}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            {actions}
          </Group>
        </Group>
      </MantineAppShell.Header>
      <MantineAppShell.Navbar p="sm" aria-label="Main">
        {navigation}
      </MantineAppShell.Navbar>
      <MantineAppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <div style={{ maxWidth: wide ? 1600 : 960 }}>{children}</div>
      </MantineAppShell.Main>
    </MantineAppShell>
  );
}
