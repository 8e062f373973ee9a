import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of the layout (docs/adr/0006-layout-and-import-rules.md), checked on every test
 * run. Each rule names the files it governs and the imports they must not make.
 */
interface Rule {
  name: string;
  files: RegExp;
  forbidden: RegExp;
}

const rules: Rule[] = [
  {
    name: 'packages never import apps',
    files: /^packages\//,
    forbidden: /^(\.\.\/)+.*apps\/|^hedgerow$|^@hedgerow\/web/,
  },
  {
    name: 'the flags package imports nothing (pure, no dependencies)',
    files: /^packages\/flags\/src\/(?!.*\.test\.ts$)/,
    forbidden: /^(?!\.\/|\.\.\/)/,
  },
  {
    name: 'the schema package imports only zod (and flag types)',
    files: /^packages\/schema\/src\/(?!.*\.test\.ts$)/,
    forbidden: /^(?!\.\/|\.\.\/|zod$|@hedgerow\/flags$)/,
  },
  {
    name: 'the web app never imports server code',
    files: /^apps\/web\//,
    forbidden: /apps\/server|^hedgerow$|\.\.\/\.\.\/\.\.\/server/,
  },
  {
    name: 'stores are infrastructure: no features, HTTP or policy',
    files: /^apps\/server\/src\/(event-store|app-store)\//,
    forbidden: /\/(features|http|policy)\//,
  },
  {
    name: 'config, ids, runtime and spool are leaves: no other server folder',
    files: /^apps\/server\/src\/(config|ids|runtime|spool)\/(?!.*\.test\.ts$)/,
    forbidden: /^\.\.\/(?!(config|ids|runtime|spool)\/)|^\.\.\/\.\.\//,
  },
  {
    name: 'capture is thin: it decodes and spools, never touches the stores, ingestion or queries',
    files: /^apps\/server\/src\/capture\//,
    forbidden: /\/(event-store|app-store|ingestion|persons|groups|query|policy|http)\//,
  },
  {
    name: 'ingestion, persons and groups never serve HTTP, decide access or run insight queries',
    files: /^apps\/server\/src\/(ingestion|persons|groups)\//,
    forbidden: /\/(http|policy|query)\/|-routes$/,
  },
  {
    name: 'the query layer reads the event store only: no app store, ingestion or persons writers',
    files: /^apps\/server\/src\/query\//,
    forbidden: /\/(app-store|capture|ingestion|persons|groups|spool)\/|\/http\/(?!api-error$)/,
  },
  {
    name: 'geoip needs only the runtime',
    files: /^apps\/server\/src\/geoip\//,
    forbidden: /^\.\.\/(?!runtime\/)/,
  },
  {
    name: 'server code never imports tests',
    files: /^apps\/server\/src\/(?!.*\.test\.ts$)/,
    forbidden: /\/test\/|\.test$/,
  },
  {
    // ADR 0010: reads are SQL trees run by runSql, which scopes them to the project; quoteIdentifier
    // and compileSql are what hand-written or self-run SQL would need.
    name: 'features read the event store through the query layer (runSql), never with SQL text',
    files: /^apps\/server\/src\/features\/(?!.*\.test\.ts$)/,
    forbidden: /event-store\/schema\/render-ddl$|query\/sql\/compile-sql$/,
  },
  {
    name: 'features use each other through services and repositories, never routes',
    files: /^apps\/server\/src\/features\//,
    forbidden: /\.\.\/[a-z-]+\/[a-z-]+-routes$/,
  },
];

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.git', 'test-results'].includes(entry.name)) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(path.relative(root, p));
    }
  };
  visit(path.join(root, dir));
  return out;
}

describe('import boundaries', () => {
  const files = [...sourceFiles('apps'), ...sourceFiles('packages')];

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const rule of rules) {
    it(rule.name, () => {
      const violations: string[] = [];
      for (const file of files.filter((f) => rule.files.test(f))) {
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[1] ?? m[2] ?? '';
          if (rule.forbidden.test(spec)) violations.push(`${file} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
