/** Series colours, distinguishable on light and dark backgrounds; tables use them for their swatches. */
export const CHART_PALETTE = [
  '#1c7ed6',
  '#f76707',
  '#37b24d',
  '#ae3ec9',
  '#f03e3e',
  '#1098ad',
  '#f59f00',
  '#7048e8',
  '#d6336c',
  '#74b816',
];

/** The colour of the n-th series. */
export const seriesColor = (index: number): string => CHART_PALETTE[index % CHART_PALETTE.length] as string;
