import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../pipeline-event';
import { enrichUserAgentStep } from './enrich-user-agent-step';

const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

function event(properties: Record<string, unknown>, userAgent: string | null = null): PipelineEvent {
  return {
    teamId: 1,
    uuid: 'u',
    event: 'e',
    distinctId: 'd',
    properties,
    timestamp: 0,
    receivedAt: 0,
    processPerson: true,
    request: { ip: null, sentAt: null, historical: false, receivedAt: 0, userAgent },
    raw: { uuid: 'u', event: 'e', distinct_id: 'd', properties, timestamp: null, offset: null },
  };
}

function enrich(e: PipelineEvent): Record<string, unknown> {
  const result = enrichUserAgentStep(e);
  if (result.kind !== 'ok') throw new Error('expected ok');
  return result.value.properties;
}

const browserOf = (userAgent: string) => {
  const p = enrich(event({}, userAgent));
  return [p.$browser, p.$browser_version, p.$os, p.$os_version, p.$device_type];
};

describe('enrichUserAgentStep', () => {
  it("derives posthog-js's browser properties from the request's user agent", () => {
    expect(enrich(event({ a: 1 }, MAC_CHROME))).toEqual({
      a: 1,
      $browser: 'Chrome',
      $browser_version: 124,
      $os: 'Mac OS X',
      $os_version: '10.15.7',
      $device_type: 'Desktop',
    });
  });

  it('prefers $raw_user_agent over the request header', () => {
    expect(enrich(event({ $raw_user_agent: IPHONE_SAFARI }, MAC_CHROME))).toMatchObject({
      $browser: 'Mobile Safari',
      $browser_version: 17.4,
      $os: 'iOS',
      $os_version: '17.4',
      $device_type: 'Mobile',
    });
  });

  it('names browsers and systems as PostHog does', () => {
    expect(
      browserOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
    ).toEqual(['Firefox', 125, 'Windows', '10', 'Desktop']);
    expect(
      browserOf(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
      ),
    ).toEqual(['Microsoft Edge', 124, 'Windows', '10', 'Desktop']);
    expect(
      browserOf(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
      ),
    ).toEqual(['Chrome', 124, 'Android', '14', 'Mobile']);
    expect(
      browserOf(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual(['Chrome iOS', 124, 'iOS', '17.4', 'Mobile']);
    expect(
      browserOf(
        'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual(['Mobile Safari', 17.4, 'iOS', '17.4', 'Tablet']);
    expect(
      browserOf('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'),
    ).toEqual(['Firefox', 125, 'Linux', undefined, 'Desktop']);
    expect(browserOf('Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko')).toEqual([
      'Internet Explorer',
      11,
      'Windows',
      '7',
      'Desktop',
    ]);
  });

  it('keeps events that already have $browser, and properties the event set itself', () => {
    expect(enrich(event({ $browser: 'Custom' }, MAC_CHROME))).toEqual({ $browser: 'Custom' });
    expect(enrich(event({ $os: 'Mine' }, MAC_CHROME))).toMatchObject({ $browser: 'Chrome', $os: 'Mine' });
  });

  it('leaves server SDK events and non-browser user agents alone', () => {
    expect(enrich(event({}, 'posthog-node/5.70.0'))).toEqual({});
    expect(enrich(event({ $lib: 'posthog-node' }, MAC_CHROME))).toEqual({ $lib: 'posthog-node' });
    expect(enrich(event({ $is_server: true }, MAC_CHROME))).toEqual({ $is_server: true });
    expect(enrich(event({ $lib: 'posthog-python' }, MAC_CHROME))).toEqual({ $lib: 'posthog-python' });
    expect(enrich(event({}, 'curl/8.5.0'))).toEqual({});
    expect(enrich(event({}))).toEqual({});
  });
});
