/** RFC 4180 CSV (pure): CRLF line ends, fields quoted when they hold a comma, quote or line break. */

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: ReadonlyArray<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export const AUDIT_CSV_HEADER = ['at_utc', 'actor', 'actor_id', 'action', 'entity_type', 'entity_id', 'subject', 'old', 'new', 'details'] as const;

/** An old/new value as text: numbers and strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
