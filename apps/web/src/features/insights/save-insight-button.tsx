import type { InsightQuery } from './insight-query';

/** Saving comes with the saved insights API. */
export function SaveInsightButton(_props: { projectId: number; query: InsightQuery }) {
  return null;
}
