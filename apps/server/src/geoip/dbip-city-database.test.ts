import { describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger';
import { DbipCityDatabase } from './dbip-city-database';

/** Against the real database the npm package ships: well-known public resolvers. */
describe('DbipCityDatabase', () => {
  it('locates public addresses and nothing else, once loaded', async () => {
    const db = new DbipCityDatabase({ logger: createLogger('silent') });
    expect(db.lookup('8.8.8.8')).toBeNull();
    await db.load();
    expect(db.loaded).toBe(true);
    expect(db.lookup('8.8.8.8')).toMatchObject({
      country_code: 'US',
      country_name: 'United States',
      continent_code: 'NA',
      continent_name: 'North America',
      latitude: expect.any(Number),
      longitude: expect.any(Number),
    });
    expect(db.lookup('1.1.1.1')).toMatchObject({ country_code: 'AU', continent_code: 'OC' });
    expect(db.lookup('2001:4860:4860::8888')).toMatchObject({ continent_name: expect.any(String) });
    expect(db.lookup('127.0.0.1')).toBeNull();
    expect(db.lookup('192.168.0.10')).toBeNull();
    expect(db.lookup('nonsense')).toBeNull();
  }, 30_000);

  it('logs and answers null when the files are missing, instead of failing ingestion', async () => {
    const db = new DbipCityDatabase({ logger: createLogger('silent'), directory: '/nonexistent' });
    await db.load();
    expect(db.loaded).toBe(false);
    expect(db.lookup('8.8.8.8')).toBeNull();
  });
});
