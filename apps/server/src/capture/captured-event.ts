/**
 * An event as capture accepted it: validated and normalized, not yet processed. This is what the
 * spool stores, so it must stay JSON and must never depend on anything but the request.
 */
export interface CapturedEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  /** The event's properties, with top-level `$set`/`$set_once`/`$unset` merged in (top-level wins). */
  properties: Record<string, unknown>;
  /** The client's ISO timestamp, if it sent one. */
  timestamp: string | null;
  /** Milliseconds before sending that the event happened (older posthog-js), if sent. */
  offset: number | null;
}

/** One accepted capture request: the unit the spool stores and the pipeline reads. */
export interface CaptureBatch {
  /** Format version of this record. */
  v: 1;
  /** Server receive time, epoch milliseconds: the "now" of timestamp skew correction. */
  receivedAt: number;
  projectId: number;
  /** Client address (after the trusted-proxy rule), or null when unknown. */
  ip: string | null;
  /** The request's User-Agent header, for enriching browser events that lack `$browser`. */
  userAgent: string | null;
  /** The client's send time (body `sent_at`, or the `_` query parameter), ISO. */
  sentAt: string | null;
  /** `historical_migration: true`: an import of old data. */
  historical: boolean;
  events: CapturedEvent[];
}
