import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  defaultInsightQuery,
  type InsightKind,
  type InsightQuery,
  insightKinds,
  parseInsightQuery,
} from './insight-query';

function queryFromParams(params: URLSearchParams, fallback: () => InsightQuery): InsightQuery {
  const kind = params.get('kind');
  return (
    parseInsightQuery(params.get('q')) ??
    (insightKinds.some((k) => k.kind === kind) ? defaultInsightQuery(kind as InsightKind) : fallback())
  );
}

/**
 * The builder's query, kept in React state (so quick successive edits each build on the last) and
 * mirrored into the URL's `q` (so the address reproduces the chart). An address changed from outside
 * (a link, back/forward) replaces the state. Without `q`, `?kind=` picks a fresh query's kind, else
 * `fallback` is used.
 */
export function useUrlQuery(fallback: () => InsightQuery) {
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState<InsightQuery>(() => queryFromParams(params, fallback));
  const written = useRef<string | null>(params.get('q'));
  const latest = useRef({ params, fallback });
  latest.current = { params, fallback };

  // The address changed without us: follow it.
  const q = params.get('q');
  useEffect(() => {
    if (q === written.current) return;
    written.current = q;
    setQuery(queryFromParams(latest.current.params, latest.current.fallback));
  }, [q]);

  const update = (next: InsightQuery) => {
    const text = JSON.stringify(next);
    written.current = text;
    setQuery(next);
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        out.set('q', text);
        out.delete('kind');
        return out;
      },
      { replace: true },
    );
  };
  return [query, update] as const;
}
