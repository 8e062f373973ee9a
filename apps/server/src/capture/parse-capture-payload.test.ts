import { describe, expect, it } from 'vitest';
import { parseCapturePayload } from './parse-capture-payload';

describe('parseCapturePayload', () => {
  it('reads NaN and ±Infinity values as null, as PostHog does, and leaves those words in strings of valid JSON alone', () => {
    const parsed = parseCapturePayload(
      '{"api_key":"phc_x","batch":[{"event":"e","distinct_id":"u","properties":{"a": NaN,"b":-Infinity,"c":1}}]}',
    );
    expect(parsed.events[0]?.properties).toEqual({ a: null, b: null, c: 1 });
    const valid = parseCapturePayload(
      JSON.stringify({
        api_key: 'phc_x',
        batch: [{ event: 'e', distinct_id: 'u', properties: { c: 'x: NaN' } }],
      }),
    );
    expect(valid.events[0]?.properties).toEqual({ c: 'x: NaN' });
  });

  it('reads posthog-node batches: envelope token, sent_at, historical_migration', () => {
    const parsed = parseCapturePayload(
      JSON.stringify({
        api_key: 'phc_node',
        sent_at: '2024-01-01T00:00:01Z',
        historical_migration: true,
        batch: [
          {
            event: 'signed up',
            distinct_id: 'u1',
            uuid: '01a2013f-cdb4-72b3-b4fe-d93f8c7f5faf',
            timestamp: '2024-01-01T00:00:00Z',
            properties: { $set: { plan: 'pro' } },
          },
        ],
      }),
    );
    expect(parsed).toEqual({
      token: 'phc_node',
      sentAt: '2024-01-01T00:00:01Z',
      historical: true,
      events: [
        {
          uuid: '01a2013f-cdb4-72b3-b4fe-d93f8c7f5faf',
          event: 'signed up',
          distinct_id: 'u1',
          properties: { $set: { plan: 'pro' } },
          timestamp: '2024-01-01T00:00:00Z',
          offset: null,
        },
      ],
    });
  });

  it('reads posthog-js events: token and distinct_id in properties, top-level $set winning', () => {
    const parsed = parseCapturePayload(
      JSON.stringify([
        {
          event: '$identify',
          properties: { token: 'phc_js', distinct_id: 'user', $set: { a: 1, b: 1 } },
          $set: { b: 2 },
          $set_once: { first: 'x' },
          $unset: ['gone'],
          offset: 50,
        },
      ]),
    );
    expect(parsed.token).toBe('phc_js');
    const e = parsed.events[0];
    expect(e?.distinct_id).toBe('user');
    expect(e?.properties).toEqual({
      distinct_id: 'user',
      $set: { a: 1, b: 2 },
      $set_once: { first: 'x' },
      $unset: ['gone'],
    });
    expect(e?.offset).toBe(50);
    expect(e?.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stringifies numeric and object distinct ids and truncates long ones to 200 characters', () => {
    const parsed = parseCapturePayload(
      JSON.stringify({
        api_key: 't',
        batch: [
          { event: 'e', distinct_id: 23 },
          { event: 'e', distinct_id: { b: 1, a: 2 } },
          { event: 'e', $distinct_id: 'x'.repeat(300) },
        ],
      }),
    );
    expect(parsed.events.map((e) => e.distinct_id)).toEqual(['23', '{"a":2,"b":1}', 'x'.repeat(200)]);
  });

  it('answers PostHog’s errors for malformed requests', () => {
    const fails = (text: string) => {
      try {
        parseCapturePayload(text);
      } catch (error) {
        return error;
      }
      throw new Error('expected a failure');
    };
    expect(fails('{"batch": [')).toMatchObject({ statusCode: 400, code: 'request_parsing_error' });
    expect(fails('{"api_key":"t","batch":[]}')).toMatchObject({ code: 'empty_batch' });
    expect(fails('{"api_key":"t","batch":[{"distinct_id":"d"}]}')).toMatchObject({
      code: 'missing_event_name',
    });
    expect(fails('{"api_key":"t","batch":[{"event":"e","distinct_id":""}]}')).toMatchObject({
      code: 'missing_distinct_id',
    });
    expect(fails('{"api_key":"t","batch":[{"event":"e","distinct_id":"d","uuid":"nope"}]}')).toMatchObject({
      code: 'request_parsing_error',
    });
    expect(
      fails('[{"event":"e","distinct_id":"d","token":"a"},{"event":"e","distinct_id":"d","token":"b"}]'),
    ).toMatchObject({
      code: 'unroutable_events',
    });
  });

  it('reads /engage/ bodies as $identify', () => {
    const parsed = parseCapturePayload(
      JSON.stringify({ $token: 'tok', $distinct_id: 'd', $set: { name: 'N' } }),
      {
        engage: true,
      },
    );
    expect(parsed.token).toBe('tok');
    expect(parsed.events[0]).toMatchObject({
      event: '$identify',
      distinct_id: 'd',
      properties: { $set: { name: 'N' } },
    });
  });
});
