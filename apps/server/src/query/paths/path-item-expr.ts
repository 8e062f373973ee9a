import type { PathCleaningFilter, PathsFilter, PathType } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { ParsedExpr } from '../expressions/parse-expression';
import { translateExpression } from '../expressions/translate-expression';
import { propertyString } from '../filters/property-access';
import type { EventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { eq, fn, str } from '../sql/sql-builders';

/**
 * Whether events of a type are turned into their path item (URL, screen name, expression). With no
 * event types chosen every type is, unless it is excluded by name: excluding `$pageview` then leaves
 * page views as the item `$pageview`, which the exclusion removes (PostHog's `_should_query_event`).
 */
function queriesPathType(filter: PathsFilter, type: PathType): boolean {
  const include = filter.includeEventTypes ?? [];
  if (include.length === 0) return !(filter.excludeEvents ?? []).includes(type);
  return include.includes(type);
}

/**
 * The path item of an event before grouping (INSIGHTS.md §7): the URL of a page view with one trailing
 * `/` removed, the screen name of a screen, else the event name (or the HogQL expression), '' when
 * missing; then every cleaning rule in turn (`replaceRegexpAll`, the project's rules first when
 * `pathReplacements` is on). Regexes and aliases are bound values; the engine rejects an invalid one.
 */
export function pathItemExpr(
  filter: PathsFilter,
  source: EventsSource,
  hogql: ParsedExpr | null,
  cleaning: PathCleaningFilter[],
): Expr {
  const event = source.column('event');
  let item: Expr = event;
  if (hogql && queriesPathType(filter, 'hogql')) {
    const t = translateExpression(hogql, source);
    if (t.aggregate || t.shape === 'event')
      throw invalidInput(
        'pathsHogQLExpression must be a value of one event.',
        'pathsFilter__pathsHogQLExpression',
      );
    item = fn('toString', t.shape === 'json' && t.text ? t.text : t.expr);
  }
  if (queriesPathType(filter, '$pageview')) {
    const url = fn('ifNull', propertyString(source.properties.event, '$current_url'), str(''));
    item = fn('if', eq(event, str('$pageview')), fn('replaceRegexpAll', url, str('(.)/$'), str('\\1')), item);
  }
  if (queriesPathType(filter, '$screen')) {
    item = fn('if', eq(event, str('$screen')), propertyString(source.properties.event, '$screen_name'), item);
  }
  let cleaned = fn('ifNull', item, str(''));
  for (const rule of cleaning) cleaned = fn('replaceRegexpAll', cleaned, str(rule.regex), str(rule.alias));
  return cleaned;
}
