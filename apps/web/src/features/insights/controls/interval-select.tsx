import type { Interval } from '@hedgerow/schema';
import { Select } from '@mantine/core';

const intervals: { value: Interval; label: string }[] = [
  { value: 'minute', label: 'by minute' },
  { value: 'hour', label: 'by hour' },
  { value: 'day', label: 'by day' },
  { value: 'week', label: 'by week' },
  { value: 'month', label: 'by month' },
];

/** How a time series is bucketed. */
export function IntervalSelect({
  value,
  onChange,
  label = 'Interval',
}: {
  value: Interval | null | undefined;
  onChange: (interval: Interval) => void;
  label?: string;
}) {
  return (
    <Select
      aria-label={label}
      data={intervals}
      value={value ?? 'day'}
      allowDeselect={false}
      w={130}
      onChange={(v) => v && onChange(v as Interval)}
    />
  );
}
