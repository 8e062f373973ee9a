import type { DateRange } from '@hedgerow/schema';

export interface DatePreset {
  label: string;
  date_from: string;
  date_to?: string;
}

/** PostHog's relative ranges, as the date picker offers them. */
export const datePresets: DatePreset[] = [
  { label: 'Today', date_from: 'dStart' },
  { label: 'Yesterday', date_from: '-1dStart', date_to: '-1dEnd' },
  { label: 'Last 24 hours', date_from: '-24h' },
  { label: 'Last 7 days', date_from: '-7d' },
  { label: 'Last 14 days', date_from: '-14d' },
  { label: 'Last 30 days', date_from: '-30d' },
  { label: 'Last 90 days', date_from: '-90d' },
  { label: 'Last 180 days', date_from: '-180d' },
  { label: 'This month', date_from: 'mStart' },
  { label: 'Year to date', date_from: 'yStart' },
  { label: 'All time', date_from: 'all' },
];

/** The preset a range is, if any. */
export function presetOf(range: DateRange | null | undefined): DatePreset | undefined {
  const from = range?.date_from ?? '-7d';
  const to = range?.date_to ?? undefined;
  return datePresets.find((p) => p.date_from === from && (p.date_to ?? undefined) === to);
}

/** A range in words: the preset's name, or "2024-01-01 – 2024-01-31", or "Last 3 weeks". */
export function describeDateRange(range: DateRange | null | undefined): string {
  const preset = presetOf(range);
  if (preset) return preset.label;
  const from = range?.date_from ?? '-7d';
  const relative = /^-(\d+)([hdwmqy])$/.exec(from);
  if (relative && !range?.date_to) {
    const n = Number(relative[1]);
    const unit = { h: 'hour', d: 'day', w: 'week', m: 'month', q: 'quarter', y: 'year' }[relative[2] as 'h'];
    return `Last ${n} ${unit}${n === 1 ? '' : 's'}`;
  }
  return `${from.slice(0, 10)} – ${range?.date_to ? range.date_to.slice(0, 10) : 'now'}`;
}
