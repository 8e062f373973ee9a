import type { CaptureBatch, CapturedEvent } from '../capture/captured-event';

/** An event on its way through the pipeline, after its request context has been attached. */
export interface PipelineEvent {
  teamId: number;
  uuid: string;
  event: string;
  distinctId: string;
  properties: Record<string, unknown>;
  /** When the event happened, epoch milliseconds, after clock-skew correction. */
  timestamp: number;
  /** When the server received it, epoch milliseconds. */
  receivedAt: number;
  /** Whether person profiles are processed (false for `$process_person_profile: false`). */
  processPerson: boolean;
  /** The request it came in, for steps that need the client's context. */
  request: Pick<CaptureBatch, 'ip' | 'sentAt' | 'historical' | 'receivedAt' | 'userAgent'>;
  /** The event as captured, before any step changed it (stored in the dead-letter table on failure). */
  raw: CapturedEvent;
}
