import type { EncodedRows, Row } from './event-store';

/** Serializes rows as `JSONEachRow` for `EventStore.insertEncoded`. */
export function encodeJsonEachRow(rows: readonly Row[]): EncodedRows {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return { data: Buffer.from(text), rows: rows.length, objectsAsStrings: false };
}
