/**
 * RFC 4180 CSV (pure): CRLF line ends, fields quoted when they hold a comma, quote or line break.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with =, +, -, @,
 * tab or carriage return as a formula, and names, emails, comments and JSON values are typed by
 * people (an invitee can be called "=HYPERLINK(...)"). Rule: every TEXT field that starts with one
 * of those characters gets a leading apostrophe (shown by spreadsheets as plain text); NUMBERS are
 * written as they are, so a score or a difference such as -3 stays a readable number. Callers pass
 * numeric values as numbers (see valueCell), never as their text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text value made safe to open in a spreadsheet (numbers are not text: pass them as numbers). */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutralise(value);
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

/** An old/new value as a CSV cell: a number stays a number (not neutralised), anything else is text. */
export function valueCell(value: unknown): string | number {
  return typeof value === 'number' && Number.isFinite(value) ? value : valueText(value);
}
