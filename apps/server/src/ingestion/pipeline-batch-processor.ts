import type { CaptureBatch } from '../capture/captured-event';
import { encodeJsonEachRow } from '../event-store/encode-json-each-row';
import type { EventPipeline, PipelineOutput } from './event-pipeline';
import type { ProcessedBatch, SpoolBatchProcessor } from './spool-batch-processor';

/** Where each output goes, in the order it is written: read models before the events that join them. */
const ROW_OUTPUTS: [keyof Pick<PipelineOutput, 'persons' | 'distinctIds' | 'groups'>, string][] = [
  ['persons', 'persons'],
  ['distinctIds', 'person_distinct_ids'],
  ['groups', 'groups'],
];

/**
 * The pipeline in this thread: parse the records, run it, serialize its rows (see SpoolBatchProcessor).
 * Batches run one at a time in call order, even when the consumer hands over the next one early or
 * retries one whose earlier attempt is still running.
 */
export class PipelineBatchProcessor implements SpoolBatchProcessor {
  #last: Promise<unknown> = Promise.resolve();

  constructor(private readonly pipeline: EventPipeline) {}

  process(records: readonly Uint8Array[], options: { replay: boolean }): Promise<ProcessedBatch> {
    const result = this.#last.then(() => this.#process(records, options));
    this.#last = result.catch(() => {});
    return result;
  }

  async #process(records: readonly Uint8Array[], options: { replay: boolean }): Promise<ProcessedBatch> {
    const batches = records.map(
      (r) => JSON.parse(Buffer.from(r.buffer, r.byteOffset, r.byteLength).toString('utf8')) as CaptureBatch,
    );
    const output = await this.pipeline.run(batches, options);
    const inserts: ProcessedBatch['inserts'] = [];
    for (const [key, table] of ROW_OUTPUTS) {
      if (output[key].length > 0) inserts.push({ table, rows: encodeJsonEachRow(output[key]) });
    }
    if (output.events.length > 0) {
      inserts.push({
        table: 'events',
        rows: {
          data: Buffer.from(`${output.events.join('\n')}\n`),
          rows: output.events.length,
          objectsAsStrings: true,
        },
      });
    }
    if (output.deadLetters.length > 0) {
      inserts.push({ table: 'ingestion_dead_letters', rows: encodeJsonEachRow(output.deadLetters) });
    }
    if (output.warnings.length > 0) {
      inserts.push({ table: 'ingestion_warnings', rows: encodeJsonEachRow(output.warnings) });
    }
    return { inserts, teamIds: output.teamIds, counts: output.counts };
  }

  /** Waits for the batches it was given. */
  async close(): Promise<void> {
    await this.#last;
  }
}
