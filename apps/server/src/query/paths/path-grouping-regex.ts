/** Characters Python's `re.escape` escapes (3.7+), which PostHog applies to grouping patterns. */
const SPECIAL = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

/**
 * The regex PostHog matches a path grouping with: the pattern escaped as `re.escape` does, then each
 * escaped `*` turned into `.*`. It is unanchored (`/bar/*` also groups `/2/bar/x`), as in PostHog.
 */
export function pathGroupingRegex(pattern: string): string {
  let escaped = '';
  for (const c of pattern) escaped += SPECIAL.has(c) ? `\\${c}` : c;
  return escaped.split('\\*').join('.*');
}
