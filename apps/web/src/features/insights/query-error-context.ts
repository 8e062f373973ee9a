import { createContext, useContext } from 'react';
import { ApiError } from '../../api/api-error';

/** The error of the insight's last run, for editors to show next to the field it names. */
export const QueryErrorContext = createContext<unknown>(null);

/**
 * The server's `detail` when its `attr` names one of `paths` (or a field inside one), else null.
 * Paths are written without the `query__` prefix the server adds: `series__0`, `dateRange`,
 * `funnelsFilter__funnelWindowInterval`; bare names the server uses for some fields (`formula`,
 * `math_property`) work too.
 */
export function useFieldError(...paths: string[]): string | null {
  const error = useContext(QueryErrorContext);
  return fieldError(error, paths);
}

export function fieldError(error: unknown, paths: string[]): string | null {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.attr) return null;
  const attr = error.attr.replace(/^query__/, '');
  return paths.some((p) => attr === p || attr.startsWith(`${p}__`)) ? error.detail : null;
}
