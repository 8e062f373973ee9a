/**
 * A UTC `DateTime64` as ClickHouse prints it (`2024-03-01 10:00:00.123456`) → ISO 8601 with `Z`
 * (`2024-03-01T10:00:00.123456Z`), with `digits` fractional digits: 6 keeps the microseconds a cursor
 * needs, 3 gives what JavaScript's Date and Django print.
 */
export function isoFromClickhouseTime(value: string, digits: 3 | 6 = 6): string {
  const [date = '', time = '00:00:00'] = value.split(' ');
  const [whole = '00:00:00', fraction = ''] = time.split('.');
  return `${date}T${whole}.${fraction.padEnd(digits, '0').slice(0, digits)}Z`;
}
