import { uuidv5 } from '../../ids/uuid';
import type { PipelineEvent } from '../../ingestion/pipeline-event';
import type { DefinitionRepository, DefinitionWrites } from './definition-repository';
import { detectPropertyType } from './detect-property-type';

/** Events PostHog never records definitions for (internal metrics). */
const EVENTS_WITHOUT_DEFINITIONS = new Set(['$$plugin_metrics']);
/** Event properties with a special meaning that are not properties of the event. */
const SKIP_EVENT_PROPERTIES = new Set(['$set', '$set_once', '$unset', '$groups']);
const GROUP_COLUMN = /^\$group_[0-4]$/;
/** Feature flag values ride on nearly every event: their definitions are kept, not their event pairs. */
const SKIP_EVENT_PROPERTY_PREFIXES = ['$feature/', '$feature_enrollment/'];
/** PostHog's limit: longer names are not recorded (they are almost always generated keys). */
const MAX_NAME_BYTES = 200;
/** An event with more properties than this is skipped, as PostHog does: its keys are data, not a schema. */
const MAX_PROPERTIES_PER_EVENT = 10_000;
/** `last_seen_at` of a known event name is refreshed at most once per this period (per process). */
const LAST_SEEN_PERIOD_MS = 60 * 60 * 1000;
/** Bound on the in-memory seen-set; past it the set starts over (costing one rewrite of each). */
const MAX_SEEN = 1_000_000;
/** Bound on remembered event shapes and event names; past it they start over. */
const MAX_SHAPES = 100_000;

/** A property of a known shape whose definition has no type yet: where the event carries its value. */
interface UntypedProperty {
  /** null: an event property; otherwise the object inside the properties that holds it. */
  source: null | '$set' | '$set_once' | '$group_set';
  name: string;
}

/** A definition an event shape needs: its `#seen` key and where the event carries the property. */
interface ShapeDefinition extends UntypedProperty {
  key: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Postgres text cannot hold NUL; PostHog stores U+FFFD instead. */
const sanitize = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);
const fits = (s: string) => s.length <= MAX_NAME_BYTES && Buffer.byteLength(s) <= MAX_NAME_BYTES;

/**
 * Records what ingested events look like, for autocomplete: event names, event/person/group property
 * names with their PostHog-detected types, and which properties occur on which events. Called by the
 * pipeline once per batch after persons and groups; it writes once per batch, and only what this
 * process has not written before, so a batch of known shapes costs no query at all (`last_seen_at`
 * of an event name is refreshed at most hourly). A failed write throws and the batch is retried,
 * with nothing marked as seen.
 */
export class DefinitionsRecorder {
  /** Keys of definitions and event/property pairs already written with a known type. */
  readonly #seen = new Set<string>();
  /**
   * Event shapes (team, event, property names, `$set`/`$set_once` names, or a `$groupidentify`'s group
   * type and `$group_set` names) whose every definition is in `#seen`, except the listed untyped ones:
   * an event of a known shape costs one lookup (and a look at the values of its untyped properties)
   * instead of a key, a lookup and a length check per property.
   */
  readonly #knownShapes = new Map<string, UntypedProperty[]>();
  /** Per `team:event`, the name as recorded (sanitized), or null when it is too long to record. */
  readonly #eventNames = new Map<string, string | null>();
  /** Per `team:event`, the start of the period its `last_seen_at` was last written for. */
  readonly #lastSeenPeriod = new Map<string, number>();
  /** Group type name → index, per team (types are never renamed or removed). */
  readonly #groupTypes = new Map<number, Map<string, number>>();

  constructor(private readonly repository: DefinitionRepository) {}

  async record(events: readonly PipelineEvent[]): Promise<void> {
    const writes: DefinitionWrites = { events: [], properties: [], eventProperties: [] };
    const pending = new Map<string, () => void>();
    const eventRows = new Map<string, DefinitionWrites['events'][number]>();
    const reloadedGroupTypes = new Set<number>();
    /** Shapes met for the first time in this batch, with the `#seen` keys that make them known. */
    const newShapes = new Map<string, ShapeDefinition[]>();
    /** Queues the definition for writing unless known; returns its `#seen` key (null: never recorded). */
    const addProperty = (
      e: PipelineEvent,
      name: string,
      value: unknown,
      type: 'event' | 'person' | 'group',
      groupTypeIndex: number | null,
    ): string | null => {
      if (!fits(name)) return null;
      const clean = sanitize(name);
      const key = `p\u0000${e.teamId}\u0000${type}\u0000${groupTypeIndex ?? ''}\u0000${clean}`;
      if (this.#seen.has(key) || pending.has(key)) return key;
      const propertyType = detectPropertyType(clean, value, e.receivedAt);
      writes.properties.push({
        id: uuidv5(`${e.teamId}:${type}:${groupTypeIndex ?? ''}:${clean}`),
        team_id: e.teamId,
        name: clean,
        type,
        group_type_index: groupTypeIndex,
        property_type: propertyType,
        is_numerical: propertyType === 'Numeric' ? 1 : 0,
        created_at: new Date(e.receivedAt).toISOString(),
      });
      // An untyped definition (first value null, a list or an object) is tried again next time.
      pending.set(key, propertyType === null ? () => {} : () => this.#seen.add(key));
      return key;
    };

    for (const e of events) {
      if (EVENTS_WITHOUT_DEFINITIONS.has(e.event)) continue;
      const eventKey = `${e.teamId}\u0000${e.event}`;
      let eventName = this.#eventNames.get(eventKey);
      if (eventName === undefined) {
        eventName = fits(e.event) ? sanitize(e.event) : null;
        if (this.#eventNames.size >= MAX_SHAPES) this.#eventNames.clear();
        this.#eventNames.set(eventKey, eventName);
      }
      if (eventName === null) continue;
      const period = Math.floor(e.receivedAt / LAST_SEEN_PERIOD_MS) * LAST_SEEN_PERIOD_MS;
      if ((this.#lastSeenPeriod.get(eventKey) ?? -1) < period) {
        const seenAt = new Date(e.receivedAt).toISOString();
        const row = eventRows.get(eventKey);
        if (!row) {
          const added = {
            id: uuidv5(`${e.teamId}:event:${eventName}`),
            team_id: e.teamId,
            name: eventName,
            created_at: seenAt,
            last_seen_at: seenAt,
          };
          eventRows.set(eventKey, added);
          writes.events.push(added);
          pending.set(`e\u0000${eventKey}`, () =>
            this.#lastSeenPeriod.set(eventKey, Math.max(this.#lastSeenPeriod.get(eventKey) ?? -1, period)),
          );
        } else if (row.last_seen_at !== null && seenAt > row.last_seen_at) {
          row.last_seen_at = seenAt;
        }
      }

      const properties = e.properties;
      const names = Object.keys(properties);
      if (names.length > MAX_PROPERTIES_PER_EVENT) continue;

      // PostHog records only the group properties of `$groupidentify` events.
      if (e.event === '$groupidentify') {
        const groupType = properties.$group_type;
        const groupSet = properties.$group_set;
        if (typeof groupType !== 'string' || !isObject(groupSet)) continue;
        const shape = `${eventKey}\u0003${groupType}\u0000${Object.keys(groupSet).join('\u0000')}`;
        if (this.#isKnown(shape, properties)) continue;
        const index = await this.#groupTypeIndex(e.teamId, groupType, reloadedGroupTypes);
        if (index === null) continue;
        const needed: ShapeDefinition[] = [];
        for (const [name, value] of Object.entries(groupSet)) {
          const key = addProperty(e, name, value, 'group', index);
          if (key !== null) needed.push({ key, source: '$group_set', name });
        }
        newShapes.set(shape, needed);
        continue;
      }

      const set = isObject(properties.$set) ? properties.$set : null;
      const setOnce = isObject(properties.$set_once) ? properties.$set_once : null;
      let shape = `${eventKey}\u0001${names.join('\u0000')}`;
      if (set) shape += `\u0001${Object.keys(set).join('\u0000')}`;
      if (setOnce) shape += `\u0002${Object.keys(setOnce).join('\u0000')}`;
      if (this.#isKnown(shape, properties)) continue;

      const needed: ShapeDefinition[] = [];
      for (const name of names) {
        if (SKIP_EVENT_PROPERTIES.has(name) || GROUP_COLUMN.test(name) || !fits(name)) continue;
        const key = addProperty(e, name, properties[name], 'event', null);
        if (key !== null) needed.push({ key, source: null, name });
        if (SKIP_EVENT_PROPERTY_PREFIXES.some((p) => name.startsWith(p))) continue;
        const property = sanitize(name);
        const pairKey = `ep\u0000${e.teamId}\u0000${eventName}\u0000${property}`;
        needed.push({ key: pairKey, source: null, name });
        if (this.#seen.has(pairKey) || pending.has(pairKey)) continue;
        writes.eventProperties.push({ team_id: e.teamId, event: eventName, property });
        pending.set(pairKey, () => this.#seen.add(pairKey));
      }
      for (const [source, operation] of [
        ['$set', set],
        ['$set_once', setOnce],
      ] as const) {
        if (!operation) continue;
        for (const [name, value] of Object.entries(operation)) {
          const key = addProperty(e, name, value, 'person', null);
          if (key !== null) needed.push({ key, source, name });
        }
      }
      newShapes.set(shape, needed);
    }

    await this.repository.write(writes);
    if (this.#seen.size > MAX_SEEN) {
      this.#seen.clear();
      this.#knownShapes.clear();
    }
    for (const mark of pending.values()) mark();
    if (this.#knownShapes.size + newShapes.size > MAX_SHAPES) this.#knownShapes.clear();
    // Once written, a shape is known; its untyped definitions are retried when a value of a type comes.
    for (const [shape, needed] of newShapes) {
      this.#knownShapes.set(
        shape,
        needed.filter((d) => !this.#seen.has(d.key)).map(({ source, name }) => ({ source, name })),
      );
    }
  }

  /** Whether events of this shape have nothing to record (no untyped property has a typed value now). */
  #isKnown(shape: string, properties: Record<string, unknown>): boolean {
    const untyped = this.#knownShapes.get(shape);
    if (!untyped) return false;
    for (const { source, name } of untyped) {
      const holder = source === null ? properties : properties[source];
      const value = isObject(holder) ? holder[name] : undefined;
      // Exactly the values detectPropertyType gives a type to.
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return false;
    }
    return true;
  }

  async #groupTypeIndex(teamId: number, groupType: string, reloaded: Set<number>): Promise<number | null> {
    let types = this.#groupTypes.get(teamId);
    if (!types || (!types.has(groupType) && !reloaded.has(teamId))) {
      // Unknown here: the group processor may have just added it, so read the mappings again
      // (once per batch: a type over the limit of five never gets an index).
      reloaded.add(teamId);
      types = await this.repository.groupTypeIndexes(teamId);
      this.#groupTypes.set(teamId, types);
    }
    return types.get(groupType) ?? null;
  }
}
