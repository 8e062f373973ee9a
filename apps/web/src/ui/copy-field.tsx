import { TextInput } from '@mantine/core';
import { CopyValueButton } from './copy-value-button';

/** A read-only value (key, token, URL) shown in full, selectable, with a copy button. */
export function CopyField({
  label,
  value,
  description,
  testId,
}: {
  label: string;
  value: string;
  description?: string;
  testId?: string;
}) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      rightSection={
        <CopyValueButton value={value} label={`Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`} />
      }
      data-testid={testId}
    />
  );
}
