/** A place in the spool: a segment number and a byte offset in it. */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

export function comparePositions(a: SpoolPosition, b: SpoolPosition): number {
  return a.segment === b.segment ? a.offset - b.offset : a.segment - b.segment;
}

export function formatPosition(p: SpoolPosition): string {
  return `${p.segment}:${p.offset}`;
}
