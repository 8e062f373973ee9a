import type { SeriesNode, TrendsQuery } from '@hedgerow/schema';
import { seriesDisplayName, seriesLetter } from '../insight-query';
import type { TrendsResult } from '../insight-results';
import { breakdownLabel } from './breakdown-label';

/** One line, bar or slice of a trends chart, with what opening its persons needs. */
export interface TrendsLine {
  key: string;
  name: string;
  result: TrendsResult;
  /** The series index for InsightActorsQuery; null for formulas (no persons behind them). */
  series: number | null;
  previous: boolean;
  /** Palette index: a previous-period line shares its current line's colour. */
  colorIndex: number;
}

/**
 * Names the results of a trends query: the series' own name (custom, event or action), the letter
 * when two series share a name, the breakdown value, and "(previous)" for the comparison period.
 */
export function trendsLines(
  query: TrendsQuery,
  results: TrendsResult[],
  actionNames?: Map<number, string>,
): TrendsLine[] {
  const hasFormula = !!(
    query.trendsFilter?.formula ||
    query.trendsFilter?.formulas?.length ||
    query.trendsFilter?.formulaNodes?.length
  );
  const names = query.series.map((s) => seriesDisplayName(s as SeriesNode, actionNames));
  const duplicate = (name: string) => names.filter((n) => n === name).length > 1;
  const colors = new Map<string, number>();
  return results.map((result, i) => {
    const order = result.action?.order ?? null;
    const series = hasFormula || order === null ? null : order;
    let name: string;
    if (hasFormula) name = result.label || `Formula ${i + 1}`;
    else if (series !== null && names[series] !== undefined) {
      const base = names[series] as string;
      name = duplicate(base) ? `${seriesLetter(series)}. ${base}` : base;
    } else name = result.label;
    const breakdown = breakdownLabel(result.breakdown_value);
    if (breakdown !== null) name = `${name} · ${breakdown}`;
    const previous = result.compare_label === 'previous';
    if (!colors.has(name)) colors.set(name, colors.size);
    const colorIndex = colors.get(name) ?? 0;
    if (previous) name = `${name} (previous)`;
    return { key: `${i}`, name, result, series, previous, colorIndex };
  });
}
