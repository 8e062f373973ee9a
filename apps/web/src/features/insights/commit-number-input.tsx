import { NumberInput, type NumberInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';

/** A number input that reports a number (or null when emptied) on Enter or blur, not per keystroke. */
export function CommitNumberInput({
  value,
  onCommit,
  ...props
}: Omit<NumberInputProps, 'value' | 'onChange'> & {
  value: number | null | undefined;
  onCommit: (value: number | null) => void;
}) {
  const [draft, setDraft] = useState<string | number>(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const next = draft === '' ? null : Number(draft);
    if (next !== null && !Number.isFinite(next)) return;
    if (next !== (value ?? null)) onCommit(next);
  };
  return (
    <NumberInput
      {...props}
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
