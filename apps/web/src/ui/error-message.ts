import { ApiError } from '../api/api-error';

/** A sentence for the user from anything thrown: the server's `detail`, or a generic fallback. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
