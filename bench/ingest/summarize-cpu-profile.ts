import fs from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time spent in the function itself. */
  self: ProfileLine[];
  /** Time spent in the function or anything it called (each sample counted once per function). */
  inclusive: ProfileLine[];
  /** Self time by where the code lives: an npm package, Hedgerow's bundle, Node internals, GC, idle. */
  byOrigin: ProfileLine[];
}

function originOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'program (native, not attributed)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  if (url.includes('/apps/server/dist/')) return 'hedgerow server';
  if (url.startsWith('node:')) return 'node internals';
  return url === '' ? 'native' : path.basename(url);
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : 'native';
  return `${frame.functionName || '(anonymous)'} ${where}`;
}

function top(map: Map<string, number>, totalMs: number, count: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, percent: (100 * us) / 1000 / totalMs }));
}

/** Self, inclusive and per-origin time of a CPU profile. */
export function summarizeCpuProfile(file: string, count = 25): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    totalUs += us;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    const origin = originOf(node.callFrame.url, node.callFrame.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame || frame.callFrame.functionName === '(root)') continue;
      const n = frameName(frame.callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      inclusive.set(n, (inclusive.get(n) ?? 0) + us);
    }
  });
  const totalMs = totalUs / 1000;
  return {
    totalMs,
    self: top(self, totalMs, count),
    inclusive: top(inclusive, totalMs, count),
    byOrigin: top(byOrigin, totalMs, count),
  };
}

export function formatProfileSummary(summary: ProfileSummary, thread = "the server's main thread"): string {
  const table = (title: string, lines: ProfileLine[]) =>
    [
      title,
      ...lines.map(
        (l) => `  ${l.percent.toFixed(1).padStart(5)}%  ${l.ms.toFixed(0).padStart(7)} ms  ${l.name}`,
      ),
    ].join('\n');
  return [
    `CPU profile of ${thread}: ${(summary.totalMs / 1000).toFixed(1)} s sampled`,
    table('By origin (self time):', summary.byOrigin),
    table('Top functions by self time:', summary.self),
    table('Top functions by inclusive time:', summary.inclusive),
  ].join('\n\n');
}

// `tsx bench/ingest/summarize-cpu-profile.ts <file.cpuprofile>` prints the summary of a saved profile.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx bench/ingest/summarize-cpu-profile.ts <file.cpuprofile> [count]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfileSummary(summarizeCpuProfile(file, Number(process.argv[3] ?? 25)))}\n`);
}
