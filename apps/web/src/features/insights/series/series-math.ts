import { type MathType, propertyMathTypes } from '@hedgerow/schema';

export interface MathChoice {
  value: string;
  label: string;
  group: string;
}

const propertyLabels: Record<(typeof propertyMathTypes)[number], string> = {
  avg: 'average',
  sum: 'sum',
  min: 'minimum',
  max: 'maximum',
  median: 'median',
  p75: '75th percentile',
  p90: '90th percentile',
  p95: '95th percentile',
  p99: '99th percentile',
};

/** Encodes unique-group math with its group type, so one select holds every choice. */
export const groupMathValue = (index: number) => `unique_group:${index}`;

/** The math a trends series can have, grouped as the picker shows them. */
export function trendsMathChoices(groupTypes: { group_type_index: number; name: string }[]): MathChoice[] {
  const events = 'Events';
  const actors = 'Actors';
  return [
    { value: 'total', label: 'Total count', group: events },
    { value: 'dau', label: 'Unique users', group: actors },
    { value: 'weekly_active', label: 'Weekly active users', group: actors },
    { value: 'monthly_active', label: 'Monthly active users', group: actors },
    { value: 'unique_session', label: 'Unique sessions', group: actors },
    { value: 'first_time_for_user', label: 'First time for a user', group: actors },
    ...groupTypes.map((g) => ({
      value: groupMathValue(g.group_type_index),
      label: `Unique ${g.name}`,
      group: actors,
    })),
    ...propertyMathTypes.map((m) => ({
      value: m,
      label: `Property ${propertyLabels[m]}`,
      group: 'Property value',
    })),
    ...(['avg', 'min', 'max', 'median', 'p90'] as const).map((m) => ({
      value: `${m}_count_per_actor`,
      label: `Count per user: ${propertyLabels[m]}`,
      group: 'Count per user',
    })),
  ];
}

/** Stickiness counts persons, or groups of one type. */
export function stickinessMathChoices(
  groupTypes: { group_type_index: number; name: string }[],
): MathChoice[] {
  return [
    { value: 'dau', label: 'Unique users', group: 'Actors' },
    ...groupTypes.map((g) => ({
      value: groupMathValue(g.group_type_index),
      label: `Unique ${g.name}`,
      group: 'Actors',
    })),
  ];
}

/** Whether a math reads a property's value (and so needs `math_property`). */
export function isPropertyMath(math: string | null | undefined): boolean {
  return (propertyMathTypes as readonly string[]).includes(math ?? '');
}

/** The select's value for a series' math. */
export function mathValue(math: MathType | null | undefined, groupIndex: number | null | undefined): string {
  if (math === 'unique_group') return groupMathValue(groupIndex ?? 0);
  return math ?? 'total';
}

/** The series fields for a select value. */
export function mathFields(value: string): { math: MathType; math_group_type_index?: number } {
  if (value.startsWith('unique_group:'))
    return { math: 'unique_group', math_group_type_index: Number(value.slice(13)) };
  return { math: value as MathType };
}
