import type { ProjectIngestionSettings } from './project-ingestion-settings';

/**
 * What a pipeline step decided about one event. Expected outcomes are values, not exceptions:
 * - `ok`: carry on with the (possibly changed) event;
 * - `drop`: discard it on purpose (e.g. its project was deleted), with the reason;
 * - `dlq`: it is invalid; store it in the dead-letter table with the reason.
 * Only infrastructure failures (a store is down) throw.
 */
export type StepResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'drop'; reason: string }
  | { kind: 'dlq'; reason: string };

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value });
export const drop = (reason: string): StepResult<never> => ({ kind: 'drop', reason });
export const dlq = (reason: string): StepResult<never> => ({ kind: 'dlq', reason });

/** A step: a small named function from an event to a result. Name it `xStep` for readable traces. */
export type Step<In, Out = In> = (input: In, context: StepContext) => StepResult<Out>;

/** What steps may use and report besides the event: its project's settings, and warnings (per batch). */
export interface StepContext {
  /** Settings of the event's project, resolved once for the whole batch. */
  project: ProjectIngestionSettings;
  warn(warning: IngestionWarningInput): void;
}

/** An ingestion warning: something about an event the project's owner should know (shown in the app). */
export interface IngestionWarningInput {
  type: string;
  details: Record<string, unknown>;
}
