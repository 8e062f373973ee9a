import { randomUUID } from 'node:crypto';
import type { CaptureBatch } from '../capture/captured-event';
import type { Row } from '../event-store/event-store';
import { formatClickhouseDateTime } from '../event-store/format-query-param';
import type { GroupProcessor } from '../groups/group-processor';
import type { PersonProcessor } from '../persons/person-processor';
import { distinctIdRow, groupRow, personRow } from '../persons/person-read-model';
import { ClickhouseTimeFormatter } from './clickhouse-time-formatter';
import { encodeEventRow } from './encode-event-row';
import type { PipelineEvent } from './pipeline-event';
import type { ProjectIngestionSettings } from './project-ingestion-settings';
import type { IngestionWarningInput, Step } from './step-result';

/** Rows for each event store table that one batch produced. */
export interface PipelineOutput {
  /** `events` rows as `JSONEachRow` lines (`encodeEventRow`: properties as JSON objects). */
  events: string[];
  /** Projects that got events. */
  teamIds: number[];
  persons: Row[];
  distinctIds: Row[];
  groups: Row[];
  deadLetters: Row[];
  warnings: Row[];
  counts: { ingested: number; dropped: number; deadLettered: number };
}

export interface EventPipelineDeps {
  /** Per-event steps, in order. A step's function name is where a refused event is recorded. */
  steps: readonly Step<PipelineEvent>[];
  persons: PersonProcessor;
  groups: GroupProcessor;
  /**
   * Ingestion settings of these projects, read once per batch; a project missing from the answer was
   * deleted, and its events are dropped.
   */
  projectSettings: (ids: number[]) => Promise<Map<number, ProjectIngestionSettings>>;
  /** Records event and property definitions of the accepted events, once per batch (optional in tests). */
  definitions?: { record(events: readonly PipelineEvent[]): Promise<void> };
}

/**
 * The ingestion pipeline: per-event steps (timestamps, enrichment, …), then persons and groups for
 * the whole batch (they need the app store), then one row per event for the event store. Refused
 * events become dead letters with their reason, warnings become ingestion warning rows; only a store
 * failure makes `run` throw, and running the same batches again gives the same result.
 */
export class EventPipeline {
  constructor(private readonly deps: EventPipelineDeps) {}

  /**
   * `replay`: the batches may have been processed before (see PersonProcessOptions.replay), so the
   * read-model rows of everything they touch are written again.
   */
  async run(batches: readonly CaptureBatch[], options: { replay?: boolean } = {}): Promise<PipelineOutput> {
    const output: PipelineOutput = {
      events: [],
      teamIds: [],
      persons: [],
      distinctIds: [],
      groups: [],
      deadLetters: [],
      warnings: [],
      counts: { ingested: 0, dropped: 0, deadLettered: 0 },
    };
    const settings = await this.deps.projectSettings([...new Set(batches.map((b) => b.projectId))]);
    const accepted: PipelineEvent[] = [];
    for (const batch of batches) {
      const project = settings.get(batch.projectId);
      if (!project) {
        output.counts.dropped += batch.events.length;
        continue;
      }
      for (const raw of batch.events) {
        const event = this.#runSteps(
          {
            teamId: batch.projectId,
            uuid: raw.uuid,
            event: raw.event,
            distinctId: raw.distinct_id,
            properties: raw.properties,
            timestamp: batch.receivedAt,
            receivedAt: batch.receivedAt,
            processPerson: true,
            request: {
              ip: batch.ip,
              sentAt: batch.sentAt,
              historical: batch.historical,
              receivedAt: batch.receivedAt,
              userAgent: batch.userAgent,
            },
            raw,
          },
          project,
          output,
        );
        if (event) accepted.push(event);
      }
    }

    const persons = await this.deps.persons.process(accepted, options);
    const groups = await this.deps.groups.process(accepted, options);
    // After groups, so that group types named by `$groupidentify` events have their indexes.
    await this.deps.definitions?.record(accepted);
    for (const w of [...persons.warnings, ...groups.warnings]) {
      output.warnings.push(
        warningRow(w.teamId, 'persons', { type: w.type, details: w.details }, w.timestamp),
      );
    }
    output.persons = persons.persons.map(personRow);
    output.distinctIds = persons.distinctIds.map(distinctIdRow);
    output.groups = groups.groups.map(groupRow);
    const { format } = new ClickhouseTimeFormatter();
    const teamIds = new Set<number>();
    accepted.forEach((e, i) => {
      teamIds.add(e.teamId);
      output.events.push(encodeEventRow(e, persons.personIds[i] as string, groups.groupKeys[i], format));
    });
    output.teamIds = [...teamIds];
    output.counts.ingested = accepted.length;
    return output;
  }

  #runSteps(
    initial: PipelineEvent,
    project: ProjectIngestionSettings,
    output: PipelineOutput,
  ): PipelineEvent | null {
    let event = initial;
    const context = {
      project,
      warn: (w: IngestionWarningInput) =>
        output.warnings.push(warningRow(event.teamId, 'pipeline', w, event.receivedAt)),
    };
    for (const step of this.deps.steps) {
      let result: ReturnType<typeof step>;
      try {
        result = step(event, context);
      } catch (error) {
        result = {
          kind: 'dlq',
          reason: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      if (result.kind === 'ok') {
        event = result.value;
        continue;
      }
      if (result.kind === 'drop') {
        output.counts.dropped += 1;
        return null;
      }
      output.counts.deadLettered += 1;
      output.deadLetters.push({
        id: randomUUID(),
        team_id: event.teamId,
        event_uuid: event.uuid,
        event: event.event,
        distinct_id: event.distinctId,
        error_location: step.name || 'anonymous step',
        error: result.reason,
        raw: JSON.stringify(event.raw),
        created_at: formatClickhouseDateTime(new Date(event.receivedAt)),
      });
      return null;
    }
    return event;
  }
}

function warningRow(teamId: number, source: string, w: IngestionWarningInput, timestamp: number): Row {
  return {
    team_id: teamId,
    source,
    type: w.type,
    details: JSON.stringify(w.details),
    timestamp: formatClickhouseDateTime(new Date(timestamp)),
  };
}
