import type { Properties, SeriesNode } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { actionById } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { and, eq, str } from '../sql/sql-builders';
import { actionEventNames, actionExpr } from './action-expr';
import { type PropertySources, propertiesExpr } from './property-filter-expr';

/** What an insight step, series or criterion counts: an event by name (null: any event), or an action. */
export type Entity = { event: string | null } | { actionId: number };

/** The entity of a series node (`EventsNode` or `ActionsNode`). */
export function seriesEntity(node: SeriesNode): Entity {
  return node.kind === 'ActionsNode' ? { actionId: node.id } : { event: node.event ?? null };
}

/**
 * An entity written PostHog's older way, `{id, type: "events" | "actions"}` (retention entities,
 * behavioral cohort criteria); `field` names it in errors.
 */
export function typedEntity(id: unknown, type: string | null | undefined, field: string): Entity {
  if (type === 'actions') {
    const actionId = Number(id);
    if (!Number.isInteger(actionId))
      throw invalidInput(`An action is referred to by its id, got ${JSON.stringify(id)}.`, field);
    return { actionId };
  }
  return { event: id === null || id === undefined ? null : String(id) };
}

/** Whether the event row is the entity: its name, or a match of any of the action's steps. */
export function entityExpr(entity: Entity, sources: PropertySources, ctx: QueryContext, field: string): Expr {
  if ('actionId' in entity) return actionExpr(actionById(ctx.definitions, entity.actionId, field), sources);
  const name = sources.metadata('event');
  if (entity.event === null || !name) return and();
  return eq(name, str(entity.event));
}

/** The event names the entity can match, or null when it may match any event. */
export function entityEventNames(entity: Entity, ctx: QueryContext, field: string): string[] | null {
  if ('actionId' in entity) return actionEventNames(actionById(ctx.definitions, entity.actionId, field));
  return entity.event === null ? null : [entity.event];
}

/** The property filters the entity itself applies (an action's step filters), for join planning. */
export function entityFilters(entity: Entity, ctx: QueryContext, field: string): Properties[] {
  if (!('actionId' in entity)) return [];
  return actionById(ctx.definitions, entity.actionId, field).steps.flatMap((s) =>
    s.properties ? [s.properties] : [],
  );
}

/** A series node's events: its entity and its own `properties` and `fixedProperties`. */
export function seriesExpr(
  node: SeriesNode,
  sources: PropertySources,
  ctx: QueryContext,
  field: string,
): Expr {
  return and(
    entityExpr(seriesEntity(node), sources, ctx, field),
    propertiesExpr(node.properties, sources),
    propertiesExpr(node.fixedProperties, sources),
  );
}

/** Every property filter list a series node reads (its own and its action's), for join planning. */
export function seriesFilters(
  node: SeriesNode,
  ctx: QueryContext,
  field: string,
): (Properties | null | undefined)[] {
  return [node.properties, node.fixedProperties, ...entityFilters(seriesEntity(node), ctx, field)];
}

/** The name PostHog gives an entity's results: the event's ("All events" for any event), or the action's. */
export function entityName(entity: Entity, ctx: QueryContext, field: string): string {
  if ('actionId' in entity) return actionById(ctx.definitions, entity.actionId, field).name;
  return entity.event ?? 'All events';
}
