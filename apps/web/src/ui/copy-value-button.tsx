import { ActionIcon, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { copyToClipboard } from './copy-to-clipboard';
import { Icon } from './icon';

type Status = 'idle' | 'copied' | 'failed';

/** A button that copies `value` and says so (visibly, and to screen readers through its label). */
export function CopyValueButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [status, setStatus] = useState<Status>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = window.setTimeout(() => setStatus('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [status]);
  const tip =
    status === 'copied' ? 'Copied' : status === 'failed' ? 'Copying was blocked: select and copy' : label;
  return (
    <Tooltip label={tip} opened={status !== 'idle' ? true : undefined} withArrow>
      <ActionIcon
        variant="subtle"
        color={status === 'copied' ? 'teal' : 'gray'}
        aria-label={tip}
        onClick={async () => setStatus((await copyToClipboard(value)) ? 'copied' : 'failed')}
      >
        <Icon name={status === 'copied' ? 'check' : 'copy'} />
      </ActionIcon>
    </Tooltip>
  );
}
