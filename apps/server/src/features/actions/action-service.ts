import type {
  ActionStep,
  CreateActionRequest,
  PropertyFilterNode,
  UpdateActionRequest,
} from '@hedgerow/schema';
import type { EventStore } from '../../event-store/event-store';
import { EventStoreError } from '../../event-store/event-store-error';
import { ApiError, invalidInput, notFound } from '../../http/api-error';
import type { PropertySources } from '../../query/filters/property-filter-expr';
import { propertiesExpr } from '../../query/filters/property-filter-expr';
import { SelectorSyntaxError, selectorRegex } from '../../query/filters/selector-regex';
import { runSql } from '../../query/run-sql';
import { col, fn, select, str } from '../../query/sql/sql-builders';
import type { Action, ActionRepository, NameTaken } from './action-repository';

/** ClickHouse's CANNOT_COMPILE_REGEXP. */
const CANNOT_COMPILE_REGEXP = 427;

/** Sources with every kind of property available, to check that step filters compile. */
const CHECK_SOURCES = {
  event: col('properties'),
  person: col('person_properties'),
  group: (index: number) => col(`group_${index}_properties`),
  metadata: (name: string) => col(name),
  cohort: () => col('in_cohort'),
} as PropertySources;

interface Pattern {
  pattern: string;
  attr: string;
}

const nameTaken = (taken: NameTaken) =>
  invalidInput(
    taken.nameTakenBy === null
      ? 'This project already has an action with this name.'
      : `This project already has an action with this name, ID ${taken.nameTakenBy}`,
    'name',
  );

/**
 * Creates and changes actions, checking what zod cannot: that names are unique among the project's
 * live actions, that each step's selector compiles, that its property filters are ones queries can
 * run, and that every regex (url, href, text, regex property filters, compiled selectors) compiles
 * in the event store's RE2, so that an insight using the action never fails on it later.
 */
export class ActionService {
  constructor(private readonly deps: { actions: ActionRepository; eventStore: EventStore }) {}

  async create(teamId: number, body: CreateActionRequest, createdBy: number | null): Promise<Action> {
    await this.#checkSteps(teamId, body.steps);
    const result = await this.deps.actions.create(
      teamId,
      { name: body.name, description: body.description ?? '', tags: body.tags ?? [], steps: body.steps },
      createdBy,
    );
    if ('nameTakenBy' in result) throw nameTaken(result);
    return result;
  }

  async update(teamId: number, id: number, body: UpdateActionRequest): Promise<Action> {
    if (body.steps) await this.#checkSteps(teamId, body.steps);
    const result = await this.deps.actions.update(teamId, id, body);
    if (!result) throw notFound('Action not found.');
    if ('nameTakenBy' in result) throw nameTaken(result);
    return result;
  }

  async #checkSteps(teamId: number, steps: readonly ActionStep[]): Promise<void> {
    const patterns: Pattern[] = [];
    steps.forEach((step, i) => {
      const at = `steps__${i}`;
      if (step.event === '$autocapture' && step.selector) {
        try {
          patterns.push({ pattern: selectorRegex(step.selector), attr: `${at}__selector` });
        } catch (error) {
          if (error instanceof SelectorSyntaxError) throw invalidInput(error.message, `${at}__selector`);
          throw error;
        }
      }
      const regexFields = [
        ['url', step.url, step.url_matching],
        ...(step.event === '$autocapture'
          ? ([
              ['href', step.href, step.href_matching],
              ['text', step.text, step.text_matching],
            ] as const)
          : []),
      ] as const;
      for (const [field, value, matching] of regexFields) {
        if (matching === 'regex' && value) patterns.push({ pattern: value, attr: `${at}__${field}` });
      }
      try {
        propertiesExpr(step.properties, CHECK_SOURCES);
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 400) {
          throw invalidInput(error.detail, `${at}__properties`);
        }
        throw error;
      }
      (step.properties ?? []).forEach((filter, j) => {
        patterns.push(...regexValues(filter, `${at}__properties__${j}__value`));
      });
    });
    await this.#checkPatterns(teamId, patterns);
  }

  /** Compiles every pattern in the event store at once; on a failure, finds the first bad one. */
  async #checkPatterns(teamId: number, patterns: readonly Pattern[]): Promise<void> {
    if (patterns.length === 0) return;
    const compiles = async (list: readonly Pattern[]) => {
      try {
        await runSql(
          this.deps.eventStore,
          teamId,
          select({ select: list.map((p) => fn('match', str(''), str(p.pattern))) }),
        );
        return true;
      } catch (error) {
        if (error instanceof EventStoreError && error.clickhouseCode === CANNOT_COMPILE_REGEXP) return false;
        throw error;
      }
    };
    if (await compiles(patterns)) return;
    for (const p of patterns) {
      if (!(await compiles([p]))) {
        throw invalidInput(
          p.attr.endsWith('__selector')
            ? 'This selector compiles to a regex the event store refuses.'
            : 'Not a valid regular expression (RE2 syntax).',
          p.attr,
        );
      }
    }
  }
}

/** The patterns of a `regex`/`not_regex` property filter, each with the field that holds it. */
function regexValues(filter: PropertyFilterNode, attr: string): Pattern[] {
  if (filter.operator !== 'regex' && filter.operator !== 'not_regex') return [];
  const value = filter.value;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [{ pattern: String(value), attr }];
  return value.map((v, k) => ({ pattern: String(v), attr: `${attr}__${k}` }));
}
