import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from './empty-state';
import { PageHeader } from './page-header';

/** Any app path that matches no page. */
export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="There is nothing at this address"
        description="The link may be outdated, or the page was moved."
        action={
          <Button component={Link} to="/">
            Go to project home
          </Button>
        }
      />
    </>
  );
}
