/**
 * Settings every SELECT runs with, on both transports, so that rows come back in the same shape:
 * 64-bit integers as JSON numbers (ClickHouse servers quote them by default; chDB does not).
 * Kept to settings every ClickHouse version accepts; queries cast decimals to Float64 themselves.
 */
export const OUTPUT_SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
} as const;
