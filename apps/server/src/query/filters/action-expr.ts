import type { ActionStep, ActionStepMatching } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { ActionDefinition } from '../definitions/query-definitions';
import type { Expr } from '../sql/sql-ast';
import { and, col, eq, fn, lambda, num, op, or, str } from '../sql/sql-builders';
import { propertyString } from './property-access';
import { type PropertySources, propertiesExpr } from './property-filter-expr';
import { escapeRegex, SelectorSyntaxError, selectorRegex } from './selector-regex';

const AUTOCAPTURE = '$autocapture';

/** A step's string condition, or null when absent (PostHog treats an empty string as absent too). */
const given = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v === '' ? null : v;

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A null-safe string comparison: a missing value never matches. */
function compareString(
  target: Expr,
  value: string,
  matching: ActionStepMatching,
  caseInsensitiveContains: boolean,
): Expr {
  switch (matching) {
    case 'exact':
      return fn('ifNull', eq(target, str(value)), num(0));
    case 'regex':
      return fn('ifNull', fn('match', target, str(value)), num(0));
    case 'contains':
      return fn(
        'ifNull',
        op(caseInsensitiveContains ? 'ILIKE' : 'LIKE', target, str(`%${escapeLike(value)}%`)),
        num(0),
      );
  }
}

// Values in the elements chain are quoted, with `"` written as `\"`.
const QUOTED_CAPTURE = '"((?:[^"\\\\]|\\\\.)*)"';
const unescapeChainValue = (e: Expr) => fn('replaceAll', e, str('\\"'), str('"'));

/** The chain's first `href` (PostHog's `elements_chain_href`; '' when none). */
function chainHref(chain: Expr): Expr {
  return unescapeChainValue(fn('extract', chain, str(`(?::|")href=${QUOTED_CAPTURE}`)));
}

/** Every element text of the chain (PostHog's `elements_chain_texts`). */
function chainTexts(chain: Expr): Expr {
  return fn('extractAll', chain, str(`(?::|")text=${QUOTED_CAPTURE}`));
}

function requiredMetadata(sources: PropertySources, name: string): Expr {
  const column = sources.metadata(name);
  if (!column) throw new Error(`Action matching needs the event's ${name} column.`);
  return column;
}

/** One step: every condition present must hold (element conditions only on `$autocapture` steps). */
function stepExpr(action: ActionDefinition, step: ActionStep, index: number, sources: PropertySources): Expr {
  const parts: Expr[] = [];
  const event = given(step.event);
  if (event !== null) parts.push(eq(requiredMetadata(sources, 'event'), str(event)));

  if (event === AUTOCAPTURE) {
    const chain = requiredMetadata(sources, 'elements_chain');
    const selector = given(step.selector);
    if (selector !== null) {
      let regex: string;
      try {
        regex = selectorRegex(selector);
      } catch (error) {
        if (!(error instanceof SelectorSyntaxError)) throw error;
        throw invalidInput(
          `Action ${action.id} ("${action.name}"), step ${index + 1}: ${error.message}`,
          'action',
        );
      }
      parts.push(fn('match', chain, str(regex)));
    }
    const tagName = given(step.tag_name);
    if (tagName !== null) parts.push(fn('match', chain, str(`(?:^|;)${escapeRegex(tagName)}(?:[.:;]|$)`)));
    const href = given(step.href);
    if (href !== null) parts.push(compareString(chainHref(chain), href, step.href_matching ?? 'exact', true));
    const text = given(step.text);
    if (text !== null) {
      const x = col('x');
      parts.push(
        fn(
          'arrayExists',
          lambda(['x'], compareString(unescapeChainValue(x), text, step.text_matching ?? 'exact', true)),
          chainTexts(chain),
        ),
      );
    }
  }

  const url = given(step.url);
  if (url !== null) {
    parts.push(
      compareString(
        propertyString(sources.event, '$current_url'),
        url,
        step.url_matching ?? 'contains',
        false,
      ),
    );
  }

  const properties = propertiesExpr(step.properties, sources);
  if (properties) parts.push(properties);
  return and(...parts);
}

/**
 * Whether the event row matches the action (PostHog's `action_to_expr`): any of its steps, each step
 * requiring all the conditions it has. `$autocapture` steps also test the clicked element and its
 * ancestors through `elements_chain`: `selector` (compiled to an RE2 regex), `tag_name`, `href` (the
 * chain's first href; `href_matching` exact by default, contains case-insensitive, or regex) and `text`
 * (any element's; `text_matching` likewise). `url` compares `$current_url` (`url_matching` contains by
 * default, case-sensitive; exact; regex). Step `properties` are ANDed property filters; person
 * properties need `sources.person`. Every value is a bound parameter. An action without steps matches
 * every event, as in PostHog (the API never saves one).
 */
export function actionExpr(action: ActionDefinition, sources: PropertySources): Expr {
  if (action.steps.length === 0) return num(1);
  return or(...action.steps.map((step, i) => stepExpr(action, step, i, sources)));
}

/**
 * The event names the action can match, for prefiltering by event name; null when a step matches
 * events of any name.
 */
export function actionEventNames(action: ActionDefinition): string[] | null {
  if (action.steps.length === 0) return null;
  const names = new Set<string>();
  for (const step of action.steps) {
    const event = given(step.event);
    if (event === null) return null;
    names.add(event);
  }
  return [...names];
}
