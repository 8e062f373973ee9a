import type { InsightQuery } from '../insight-query';
import { FunnelsEditor } from './funnels-editor';
import { LifecycleEditor } from './lifecycle-editor';
import { PathsEditor } from './paths-editor';
import { RetentionEditor } from './retention-editor';
import { StickinessEditor } from './stickiness-editor';
import { TrendsEditor } from './trends-editor';

/** The editor of a query's kind. */
export function InsightEditor({
  projectId,
  query,
  onChange,
}: {
  projectId: number;
  query: InsightQuery;
  onChange: (query: InsightQuery) => void;
}) {
  switch (query.kind) {
    case 'TrendsQuery':
      return <TrendsEditor projectId={projectId} query={query} onChange={onChange} />;
    case 'FunnelsQuery':
      return <FunnelsEditor projectId={projectId} query={query} onChange={onChange} />;
    case 'RetentionQuery':
      return <RetentionEditor projectId={projectId} query={query} onChange={onChange} />;
    case 'PathsQuery':
      return <PathsEditor projectId={projectId} query={query} onChange={onChange} />;
    case 'LifecycleQuery':
      return <LifecycleEditor projectId={projectId} query={query} onChange={onChange} />;
    case 'StickinessQuery':
      return <StickinessEditor projectId={projectId} query={query} onChange={onChange} />;
  }
}
