import { describe, expect, it } from 'vitest';
import { formatClickhouseDateTime } from '../event-store/format-query-param';
import { ClickhouseTimeFormatter } from './clickhouse-time-formatter';

describe('ClickhouseTimeFormatter', () => {
  it('formats as formatClickhouseDateTime does, before and after 1970 and across seconds', () => {
    const { format } = new ClickhouseTimeFormatter();
    const times = [
      0, 1, 9, 10, 99, 100, 999, 1000, -1, -999, -1000, -1001, 1_717_000_000_123, 253_402_300_799_999,
    ];
    for (let i = 0; i < 2000; i++)
      times.push(Math.floor(Math.random() * 4_000_000_000_000) - 1_000_000_000_000);
    for (const ms of times) expect(format(ms), String(ms)).toBe(formatClickhouseDateTime(new Date(ms)));
  });
});
