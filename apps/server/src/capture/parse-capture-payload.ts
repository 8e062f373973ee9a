import { isUuid, uuidv7 } from '../ids/uuid';
import { CaptureError, requestParsingError } from './capture-error';
import type { CapturedEvent } from './captured-event';

export interface ParsedCapture {
  token: string | null;
  sentAt: string | null;
  historical: boolean;
  events: CapturedEvent[];
}

const MAX_DISTINCT_ID_LENGTH = 200;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** The token of one event: top-level `token`/`$token`/`api_key`, else `properties.token`. */
function eventToken(raw: Json): string | null {
  const props = isObject(raw.properties) ? raw.properties : {};
  return (
    stringOrNull(raw.token) ??
    stringOrNull(raw.$token) ??
    stringOrNull(raw.api_key) ??
    stringOrNull(props.token)
  );
}

function distinctIdOf(raw: Json, props: Json): string {
  const value = raw.distinct_id ?? raw.$distinct_id ?? props.distinct_id;
  let id: string;
  if (typeof value === 'string') id = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    id = String(value);
  else if (isObject(value) || Array.isArray(value)) id = sortedJson(value);
  else id = '';
  if (id.trim() === '') {
    throw new CaptureError(400, 'missing_distinct_id', 'Every event needs a non-empty distinct_id.');
  }
  return id.length > MAX_DISTINCT_ID_LENGTH ? id.slice(0, MAX_DISTINCT_ID_LENGTH) : id;
}

/** `$set`/`$set_once` from the event's top level merged over those in its properties. */
function mergeOperation(props: Json, raw: Json, key: '$set' | '$set_once'): void {
  const top = raw[key];
  if (!isObject(top)) return;
  const inner = isObject(props[key]) ? props[key] : {};
  props[key] = { ...inner, ...top };
}

function normalizeEvent(raw: unknown, forcedEvent: string | null): CapturedEvent {
  if (!isObject(raw)) throw requestParsingError('Every event must be a JSON object.');
  const event = forcedEvent ?? raw.event;
  if (typeof event !== 'string' || event.trim() === '') {
    throw new CaptureError(400, 'missing_event_name', 'Every event needs a non-empty "event" name.');
  }
  if (raw.properties !== undefined && raw.properties !== null && !isObject(raw.properties)) {
    throw requestParsingError('"properties" must be a JSON object.');
  }
  const properties: Json = { ...(isObject(raw.properties) ? raw.properties : {}) };
  const distinctId = distinctIdOf(raw, properties);
  mergeOperation(properties, raw, '$set');
  mergeOperation(properties, raw, '$set_once');
  if (raw.$unset !== undefined) properties.$unset = raw.$unset;
  if ('$cookieless_mode' in properties && typeof properties.$cookieless_mode !== 'boolean') {
    throw new CaptureError(400, 'invalid_cookieless_mode', '"$cookieless_mode" must be true or false.');
  }

  let uuid: string;
  if (raw.uuid === undefined || raw.uuid === null || raw.uuid === '') uuid = uuidv7();
  else if (typeof raw.uuid === 'string' && isUuid(raw.uuid)) uuid = raw.uuid.toLowerCase();
  else throw requestParsingError(`"uuid" must be a UUID, got ${JSON.stringify(raw.uuid).slice(0, 60)}.`);

  const timestamp = typeof raw.timestamp === 'string' && raw.timestamp !== '' ? raw.timestamp : null;
  const offset = typeof raw.offset === 'number' && Number.isFinite(raw.offset) ? raw.offset : null;
  return { uuid, event, distinct_id: distinctId, properties, timestamp, offset };
}

/**
 * Reads a decoded capture payload as PostHog's capture does: a batch object (`api_key`|`token`,
 * `batch`|`data`, `sent_at`, `historical_migration`), an array of events, or one event. All events of
 * a request must carry the same token. `/engage/` (very old posthog-js `people.set`) is read as
 * `$identify`.
 */
export function parseCapturePayload(text: string, options: { engage?: boolean } = {}): ParsedCapture {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      // Python's capture accepted NaN/Infinity (as null); so do we. Only text that is not JSON is
      // rewritten, which spares a copy of every body and leaves such words in strings of valid JSON alone.
      value = JSON.parse(text.replace(/:\s*(NaN|-?Infinity)\b/g, ':null'));
    } catch (error) {
      throw requestParsingError(`Failed to parse request: ${(error as Error).message}`);
    }
  }
  let rawEvents: unknown[];
  let envelopeToken: string | null = null;
  let sentAt: string | null = null;
  let historical = false;
  if (Array.isArray(value)) {
    rawEvents = value;
  } else if (isObject(value) && (Array.isArray(value.batch) || Array.isArray(value.data))) {
    rawEvents = (Array.isArray(value.batch) ? value.batch : value.data) as unknown[];
    envelopeToken = stringOrNull(value.api_key) ?? stringOrNull(value.token);
    sentAt = stringOrNull(value.sent_at);
    historical = value.historical_migration === true;
  } else if (isObject(value)) {
    rawEvents = [value];
    sentAt = stringOrNull(value.sent_at);
  } else {
    throw requestParsingError('Expected a batch object, an array of events or one event.');
  }
  if (rawEvents.length === 0) throw new CaptureError(400, 'empty_batch', 'The batch has no events.');

  const forced = options.engage ? '$identify' : null;
  const events = rawEvents.map((raw) => normalizeEvent(raw, forced));
  let token = envelopeToken;
  if (!token) {
    const tokens = new Set(rawEvents.map((raw) => (isObject(raw) ? eventToken(raw) : null)));
    tokens.delete(null);
    if (tokens.size > 1) {
      throw new CaptureError(
        400,
        'unroutable_events',
        'Events of one request carry different project tokens.',
      );
    }
    token = [...tokens][0] ?? null;
  }
  for (const e of events) {
    delete e.properties.token;
  }
  return { token: token?.trim() ?? null, sentAt, historical, events };
}
