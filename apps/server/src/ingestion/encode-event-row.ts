import type { PipelineEvent } from './pipeline-event';

const stringOr = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * One `events` row as a `JSONEachRow` line (without its newline), written directly rather than as an
 * object for JSON.stringify: `properties` goes in as a JSON object, which ClickHouse stores as its
 * text (`input_format_json_read_objects_as_strings`, see EncodedRows), so the properties document is
 * serialized once and never escaped into a JSON string. Times are formatted by `formatTime`
 * (ClickHouse `DateTime64(6)` text).
 */
export function encodeEventRow(
  e: PipelineEvent,
  personId: string,
  groupKeys: ReadonlyMap<number, string> | undefined,
  formatTime: (ms: number) => string,
): string {
  const p = e.properties;
  let line =
    `{"uuid":${JSON.stringify(e.uuid)},"team_id":${e.teamId},"event":${JSON.stringify(e.event)}` +
    `,"distinct_id":${JSON.stringify(e.distinctId)},"person_id":"${personId}"` +
    `,"timestamp":"${formatTime(e.timestamp)}","properties":${JSON.stringify(p)}` +
    `,"elements_chain":${JSON.stringify(stringOr(p.$elements_chain))}` +
    `,"created_at":"${formatTime(e.receivedAt)}"` +
    `,"$session_id":${JSON.stringify(stringOr(p.$session_id))},"$window_id":${JSON.stringify(stringOr(p.$window_id))}`;
  if (groupKeys) for (const [index, key] of groupKeys) line += `,"$group_${index}":${JSON.stringify(key)}`;
  return `${line}}`;
}
