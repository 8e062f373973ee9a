import { Affix, Notification } from '@mantine/core';
import type { ReactNode } from 'react';
import { Icon } from './icon';

/**
 * A message about something that happened away from the page content (a failed switch or logout
 * from a menu that has closed), pinned to the bottom corner until dismissed.
 */
export function FloatingNotice({
  title,
  children,
  onClose,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
}) {
  return (
    <Affix position={{ bottom: 20, right: 20 }} zIndex={400}>
      <Notification
        color="red"
        title={title}
        icon={<Icon name="alert" />}
        onClose={onClose}
        closeButtonProps={{ 'aria-label': 'Dismiss' }}
        role="alert"
        withBorder
        maw={420}
      >
        {children}
      </Notification>
    </Affix>
  );
}
