import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../pipeline-event';
import type { IngestionWarningInput } from '../step-result';
import { resolveTimestampStep } from './resolve-timestamp-step';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');

function event(
  raw: { timestamp?: string | null; offset?: number | null },
  sentAt: string | null = null,
  extra = {},
  historical = false,
) {
  const e: PipelineEvent = {
    teamId: 1,
    uuid: 'u',
    event: 'e',
    distinctId: 'd',
    properties: { ...extra },
    timestamp: 0,
    receivedAt: NOW,
    processPerson: true,
    request: { ip: null, sentAt, historical, receivedAt: NOW, userAgent: null },
    raw: {
      uuid: 'u',
      event: 'e',
      distinct_id: 'd',
      properties: {},
      timestamp: raw.timestamp ?? null,
      offset: raw.offset ?? null,
    },
  };
  return e;
}

function run(e: PipelineEvent) {
  const warnings: IngestionWarningInput[] = [];
  const result = resolveTimestampStep(e, {
    project: { teamId: 1, geoipEnabled: true },
    warn: (w) => warnings.push(w),
  });
  if (result.kind !== 'ok') throw new Error('expected ok');
  return { at: new Date(result.value.timestamp).toISOString(), warnings: warnings.map((w) => w.type) };
}

describe('resolveTimestampStep', () => {
  it('corrects the client clock by the difference between its timestamp and send time', () => {
    // The client's clock is one hour fast: it says it sent at 13:00 an event from 12:59.
    expect(run(event({ timestamp: '2024-05-01T12:59:00Z' }, '2024-05-01T13:00:00Z')).at).toBe(
      '2024-05-01T11:59:00.000Z',
    );
  });

  it('uses the timestamp as is without a send time, or with $ignore_sent_at', () => {
    expect(run(event({ timestamp: '2024-04-01T00:00:00Z' })).at).toBe('2024-04-01T00:00:00.000Z');
    expect(
      run(event({ timestamp: '2024-04-01T00:00:00Z' }, '2024-05-01T13:00:00Z', { $ignore_sent_at: true })).at,
    ).toBe('2024-04-01T00:00:00.000Z');
  });

  it('keeps the timestamps of a historical migration as sent, without skew correction', () => {
    // The importer's clock is an hour fast: a live batch would be corrected by an hour, an import is not.
    const sentAt = '2024-05-01T13:00:00Z';
    expect(run(event({ timestamp: '2023-03-01T10:00:00Z' }, sentAt, {}, true)).at).toBe(
      '2023-03-01T10:00:00.000Z',
    );
    expect(run(event({ timestamp: '2023-03-01T10:00:00Z' }, sentAt, {}, false)).at).toBe(
      '2023-03-01T09:00:00.000Z',
    );
  });

  it('converts non-UTC timestamps to UTC', () => {
    expect(run(event({ timestamp: '2024-01-02T08:34:05+05:30' })).at).toBe('2024-01-02T03:04:05.000Z');
  });

  it('uses now minus offset, or now', () => {
    expect(run(event({ offset: 5000 })).at).toBe('2024-05-01T11:59:55.000Z');
    expect(run(event({})).at).toBe('2024-05-01T12:00:00.000Z');
  });

  it('falls back to now with a warning for unreadable or far-future timestamps', () => {
    expect(run(event({ timestamp: 'yesterday-ish' }))).toEqual({
      at: '2024-05-01T12:00:00.000Z',
      warnings: ['ignored_invalid_timestamp'],
    });
    expect(run(event({ timestamp: '2024-05-03T12:00:00Z' }))).toEqual({
      at: '2024-05-01T12:00:00.000Z',
      warnings: ['event_timestamp_in_future'],
    });
  });
});
