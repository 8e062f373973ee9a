/**
 * Parses a JSON object stored as text in the event store (properties, details). Rows are written by
 * the pipeline as objects, so anything else is treated as empty rather than failing the whole list.
 */
export function parseJsonObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
