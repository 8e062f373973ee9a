import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

/**
 * Queries retry only what may succeed on a second try (network failures and 5xx answers); a 4xx
 * answer is final and is shown at once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) =>
          failureCount < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
}
