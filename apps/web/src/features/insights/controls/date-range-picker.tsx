import type { DateRange } from '@hedgerow/schema';
import { Button, Group, Popover, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { datePresets, describeDateRange, presetOf } from './date-range-presets';

const CUSTOM = 'custom';

/**
 * The date range of an insight or dashboard: a preset (the relative ranges PostHog offers) or
 * custom dates, which apply in the project's time zone.
 */
export function DateRangePicker({
  value,
  onChange,
  label = 'Date range',
  error,
}: {
  value: DateRange | null | undefined;
  onChange: (range: DateRange) => void;
  label?: string;
  error?: string | null;
}) {
  const preset = presetOf(value);
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const current = preset ? preset.date_from + (preset.date_to ?? '') : CUSTOM;
  const data = [
    ...datePresets.map((p) => ({ value: p.date_from + (p.date_to ?? ''), label: p.label })),
    { value: CUSTOM, label: preset ? 'Custom dates…' : describeDateRange(value) },
  ];
  return (
    <Popover opened={custom} onChange={setCustom} position="bottom-start" withArrow trapFocus>
      <Popover.Target>
        <Select
          aria-label={label}
          data={data}
          value={current}
          allowDeselect={false}
          w={190}
          error={error}
          onChange={(v) => {
            if (v === CUSTOM) {
              setFrom(
                value?.date_from && /^\d{4}-/.test(value.date_from) ? value.date_from.slice(0, 10) : '',
              );
              setTo(value?.date_to && /^\d{4}-/.test(value.date_to) ? value.date_to.slice(0, 10) : '');
              setCustom(true);
              return;
            }
            const p = datePresets.find((d) => d.date_from + (d.date_to ?? '') === v);
            if (p) onChange({ date_from: p.date_from, date_to: p.date_to ?? null });
          }}
        />
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!from) return;
            onChange({ date_from: from, date_to: to || null });
            setCustom(false);
          }}
        >
          <Stack gap="xs">
            <Group gap="xs">
              <TextInput
                type="date"
                label="From"
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
                required
              />
              <TextInput
                type="date"
                label="To (optional)"
                value={to}
                min={from}
                onChange={(e) => setTo(e.currentTarget.value)}
              />
            </Group>
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setCustom(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" disabled={!from}>
                Apply dates
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
