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
  const link = (offset: number) => {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
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
