import { DbipCityDatabase } from '../../apps/server/src/geoip/dbip-city-database';
import { createLogger } from '../../apps/server/src/runtime/logger';

/**
 * GeoIP lookup speed against the real DB-IP database: load time, then lookups per second for
 * distinct random addresses (every lookup walks the tree and decodes a record; the per-process
 * cache never hits) and for a realistic mix where each address repeats (a visitor's events).
 * Run: npx tsx bench/geoip/run-geoip-bench.ts
 */
const COUNT = Number(process.env.BENCH_GEOIP_LOOKUPS ?? 500_000);

function randomIpv4(): string {
  return `${1 + Math.floor(Math.random() * 223)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
}

function measure(label: string, ips: string[], lookup: (ip: string) => unknown): void {
  let found = 0;
  const start = process.hrtime.bigint();
  for (const ip of ips) if (lookup(ip)) found += 1;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `${label.padEnd(34)} ${Math.round(ips.length / seconds)
      .toLocaleString('en-US')
      .padStart(
        12,
      )} lookups/s  (${ips.length.toLocaleString('en-US')} lookups, ${found.toLocaleString('en-US')} located, ${(seconds * 1000).toFixed(0)} ms)`,
  );
}

const db = new DbipCityDatabase({ logger: createLogger('warn') });
const loadStart = Date.now();
await db.load();
console.log(
  `load: ${Date.now() - loadStart} ms, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);

// A fresh instance per run keeps one run's cache from helping the next.
const fresh = async () => {
  const d = new DbipCityDatabase({ logger: createLogger('warn') });
  await d.load();
  return d;
};
measure(
  'distinct random IPv4 (address misses)',
  Array.from({ length: COUNT }, randomIpv4),
  (await fresh()).lookup,
);
const visitors = Array.from({ length: 20_000 }, randomIpv4);
measure(
  '20k visitors, repeated (address hits)',
  Array.from({ length: COUNT }, () => visitors[Math.floor(Math.random() * visitors.length)] ?? ''),
  (await fresh()).lookup,
);
