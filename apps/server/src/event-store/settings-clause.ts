const SETTING_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Renders a `SETTINGS` clause from our own option names and values (never user input). Settings go into
 * the SQL text because chDB's query API has no separate channel for them; the HTTP adapter uses the same
 * text so both transports run identical statements.
 */
export function settingsClause(settings: Record<string, string | number | boolean> | undefined): string {
  const entries = Object.entries(settings ?? {});
  if (entries.length === 0) return '';
  const parts = entries.map(([k, v]) => {
    if (!SETTING_NAME.test(k)) throw new Error(`Invalid setting name ${JSON.stringify(k)}`);
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`Invalid value for setting ${k}`);
    const value =
      typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(Number(v));
    return `${k} = ${value}`;
  });
  return `\nSETTINGS ${parts.join(', ')}`;
}
