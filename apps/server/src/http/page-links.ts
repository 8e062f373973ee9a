import type { Paginated } from '@hedgerow/schema';

/**
 * PostHog's list envelope with absolute `next`/`previous` links that keep the request's other query
 * parameters.
 */
export function paginate<T>(
  siteUrl: string,
  requestUrl: string,
  page: { limit: number; offset: number; count: number; results: T[] },
): Paginated<T> {
  const link = (offset: number) => {
    const url = new URL(requestUrl, siteUrl);
    const base = new URL(siteUrl);
    url.protocol = base.protocol;
    url.host = base.host;
    url.searchParams.set('limit', String(page.limit));
    url.searchParams.set('offset', String(offset));
    return url.toString();
  };
  const nextOffset = page.offset + page.limit;
  return {
    count: page.count,
    next: nextOffset < page.count ? link(nextOffset) : null,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    results: page.results,
  };
}
