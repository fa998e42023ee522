import { AppError } from '@/lib/errors';
import type { Column } from './columns';
import type { ReleaseFormat } from './types';

/**
 * RFC 4180 CSV as the release writes it: LF line ends, UTF-8 without BOM, null as an empty field,
 * booleans `TRUE`/`FALSE` (`true`/`false` in format primum-release/1; see types.ts), numbers as
 * JavaScript prints them. A field is quoted only when it holds a
 * comma, a quote, CR or LF. Text is never altered (no apostrophe before `=`, `+`, `-`, `@`): the
 * files are data for pandas and R, and the card says not to open them in a spreadsheet.
 */

/** The spelling of booleans in a format's CSV files. */
function csvBooleans(format: ReleaseFormat): readonly [string, string] {
  return format === 'primum-release/1' ? ['false', 'true'] : ['FALSE', 'TRUE'];
}

/** A value's text in a format's CSV files, before quoting: empty for null, booleans spelled as the format says, numbers as JavaScript prints them. */
export function csvCell(value: string | number | boolean | null | undefined, format: ReleaseFormat): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'boolean' ? csvBooleans(format)[Number(value)] : String(value);
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

const FIELD_END = /[,\r\n]/g;

/** Splits CSV text into records of fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new AppError('INVALID_INPUT', 'CSV: a quoted field is not closed.');
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
    } else {
      FIELD_END.lastIndex = i;
      const end = FIELD_END.exec(text)?.index ?? text.length;
      value = text.slice(i, end);
      i = end;
    }
    record.push(value);
    if (text[i] === ',') {
      i++;
      if (i === text.length) record.push('');
    } else if (i < text.length && text[i] !== '\r' && text[i] !== '\n') {
      throw new AppError('INVALID_INPUT', `CSV: unexpected character after a quoted field (record ${records.length + 1}).`);
    } else {
      i += text.startsWith('\r\n', i) ? 2 : i < text.length ? 1 : 0;
      records.push(record);
      record = [];
    }
  }
  return records;
}

function typed<Row>(column: Column<Row>, raw: string, record: number): unknown {
  const fail = () => new AppError('INVALID_INPUT', `CSV record ${record}: ${column.name} "${raw}" is not a valid ${column.kind}.`);
  if (raw === '' && column.nullable) return null;
  switch (column.kind) {
    case 'string':
    case 'timestamp':
      return raw;
    case 'boolean':
      // Either format's spelling (csvBooleans).
      if (raw === 'TRUE' || raw === 'true') return true;
      if (raw === 'FALSE' || raw === 'false') return false;
      throw fail();
    case 'int':
    case 'float': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n) || (column.kind === 'int' && !Number.isInteger(n))) throw fail();
      return n;
    }
  }
}

/** Reads a release table (options.csv, ratings.csv) back into rows, checking the header against the columns. */
export function parseTableCsv<Row>(text: string, columns: ReadonlyArray<Column<Row>>): Row[] {
  const [header, ...records] = parseCsv(text);
  const expected = columns.map((c) => c.name);
  if (!header || header.join(',') !== expected.join(',')) {
    throw new AppError('INVALID_INPUT', `CSV header is "${header?.join(',') ?? ''}", expected "${expected.join(',')}".`);
  }
  return records.map((record, index) => {
    if (record.length !== columns.length) throw new AppError('INVALID_INPUT', `CSV record ${index + 2} has ${record.length} fields, expected ${columns.length}.`);
    return Object.fromEntries(columns.map((column, j) => [column.name, typed(column, record[j], index + 2)])) as Row;
  });
}
