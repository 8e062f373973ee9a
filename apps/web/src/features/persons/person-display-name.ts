/** What a person is called in lists: their email, name or username, else their first distinct id. */
export function personDisplayName(person: {
  properties?: Record<string, unknown> | null;
  distinct_ids?: string[];
}): string {
  const p = person.properties ?? {};
  for (const key of ['email', 'name', 'username', '$email', '$name']) {
    const value = p[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return person.distinct_ids?.[0] ?? 'Anonymous person';
}
