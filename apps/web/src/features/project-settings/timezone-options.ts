export interface TimezoneOptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

function offsetOf(timeZone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(
      at,
    );
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

/**
 * Every IANA time zone the browser knows, grouped by region and labelled with its current UTC
 * offset ("Europe/Berlin (GMT+01:00)"), for a searchable select. `current` is included even if this
 * browser does not list it, so a saved value is never lost from the form.
 */
export function timezoneOptions(current: string | null, at = new Date()): TimezoneOptionGroup[] {
  const names = new Set<string>(Intl.supportedValuesOf('timeZone'));
  names.add('UTC');
  if (current) names.add(current);
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const name of [...names].sort((a, b) => a.localeCompare(b))) {
    const region = name.includes('/') ? (name.split('/')[0] ?? 'Other') : 'Other';
    const offset = offsetOf(name, at);
    const items = groups.get(region) ?? [];
    items.push({ value: name, label: offset ? `${name} (${offset})` : name });
    groups.set(region, items);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}
