import type { Paginated } from '@hedgerow/schema';
import type { FastifyRequest } from 'fastify';

/**
 * PostHog's list envelope. `next`/`previous` are absolute links built, as Django REST framework
 * builds them, from the request's own origin and path, keeping its other query parameters.
 */
export function paginate<T>(
  request: FastifyRequest,
  page: { limit: number; offset: number; count: number; results: T[] },
): Paginated<T> {
  const nextOffset = page.offset + page.limit;
  return {
    count: page.count,
    ...paginateWithoutCount(request, { ...page, hasMore: nextOffset < page.count }),
  };
}

/**
 * The envelope without `count`, for lists too costly to count: `hasMore` says whether a row beyond
 * the page exists (read one row more than the page to know).
 */
export function paginateWithoutCount<T>(
  request: FastifyRequest,
  page: { limit: number; offset: number; hasMore: boolean; results: T[] },
): Omit<Paginated<T>, 'count'> {
  const link = (offset: number) => {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    url.searchParams.set('limit', String(page.limit));
    url.searchParams.set('offset', String(offset));
    return url.toString();
  };
  return {
    next: page.hasMore ? link(page.offset + page.limit) : null,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    results: page.results,
  };
}
