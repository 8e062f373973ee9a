import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { useSignedInUser } from '../auth/use-signed-in-user';
import { InsightBuilder } from './insight-builder';
import { defaultInsightQuery } from './insight-query';
import { SaveInsightButton } from './save-insight-button';
import { useUrlQuery } from './use-url-query';

/**
 * `/insights/new?q=<query>`: the builder for a new insight. The query lives in the URL, so a link
 * reproduces the chart; `?kind=FunnelsQuery` opens a fresh query of that kind.
 */
export function NewInsightPage() {
  const me = useSignedInUser();
  const [query, setQuery] = useUrlQuery(() => defaultInsightQuery('TrendsQuery'));
  if (!me.team)
    return <EmptyState title="No project selected" description="Pick a project from the menu at the top." />;
  return (
    <>
      <PageHeader
        title="New insight"
        description="Build a chart of your events; save it to keep it and put it on dashboards."
      />
      <InsightBuilder
        projectId={me.team.id}
        query={query}
        onChange={setQuery}
        actions={<SaveInsightButton projectId={me.team.id} query={query} />}
      />
    </>
  );
}
