import type { PipelineEvent } from '../pipeline-event';
import { ok, type StepContext, type StepResult } from '../step-result';

const FUTURE_TOLERANCE_MS = 23 * 60 * 60 * 1000;

function parse(value: string | null): number | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * When the event happened, as PostHog's ingestion computes it (`now` = server receive time):
 * timestamp and a known send time → now + (timestamp − sent_at), correcting the client's clock skew;
 * timestamp alone → timestamp; offset → now − offset; nothing → now. `$ignore_sent_at` and
 * historical imports skip the skew correction. An unreadable timestamp, or one more than 23 hours
 * ahead, falls back to now with an ingestion warning.
 */
export function resolveTimestampStep(event: PipelineEvent, context: StepContext): StepResult<PipelineEvent> {
  const now = event.request.receivedAt;
  const raw = event.raw;
  const ts = parse(raw.timestamp);
  if (raw.timestamp !== null && ts === null) {
    context.warn({
      type: 'ignored_invalid_timestamp',
      details: { eventUuid: raw.uuid, field: 'timestamp', value: raw.timestamp.slice(0, 100) },
    });
  }
  const sentAt = parse(event.request.sentAt);
  const ignoreSentAt = event.properties.$ignore_sent_at === true || event.request.historical;
  let resolved: number;
  if (ts !== null && sentAt !== null && !ignoreSentAt) resolved = now + (ts - sentAt);
  else if (ts !== null) resolved = ts;
  else if (raw.offset !== null) resolved = now - raw.offset;
  else resolved = now;

  if (resolved > now + FUTURE_TOLERANCE_MS) {
    context.warn({
      type: 'event_timestamp_in_future',
      details: {
        eventUuid: raw.uuid,
        timestamp: raw.timestamp,
        sentAt: event.request.sentAt,
        offset: raw.offset,
      },
    });
    resolved = now;
  }
  return ok({ ...event, timestamp: resolved });
}
