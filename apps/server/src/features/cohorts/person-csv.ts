import { invalidInput } from '../../http/api-error';
import type { PersonReferences } from './cohort-service';

const MAX_ROWS = 100_000;

/** CSV rows: commas, double-quoted fields with `""` escapes, CRLF or LF line ends. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * The persons a CSV upload names, as PostHog reads it: with a header row, the `person_id` and/or
 * `distinct_id` columns; without one, the first column holds distinct ids. Blank cells are skipped.
 */
export function parsePersonCsv(text: string): PersonReferences {
  const rows = csvRows(text.replace(/^\uFEFF/, '')).filter((r) => r.some((cell) => cell.trim() !== ''));
  if (rows.length > MAX_ROWS + 1)
    throw invalidInput(`The CSV has more than ${MAX_ROWS.toLocaleString('en')} rows.`, 'csv');
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const personColumn = header.indexOf('person_id');
  const distinctColumn = header.indexOf('distinct_id');
  const hasHeader = personColumn >= 0 || distinctColumn >= 0;
  const body = hasHeader ? rows.slice(1) : rows;
  const column = (index: number) =>
    index < 0 ? [] : body.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
  const refs = {
    personIds: column(personColumn).filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
    distinctIds: hasHeader ? column(distinctColumn) : column(0),
  };
  if (refs.personIds.length === 0 && refs.distinctIds.length === 0)
    throw invalidInput(
      'The CSV names no persons: give a column of distinct ids (or a person_id column).',
      'csv',
    );
  return refs;
}
