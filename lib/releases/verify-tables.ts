import { strFromU8 } from 'fflate';
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { parseCsv } from '@/lib/releases/archive';
import { csvCell } from '@/lib/releases/archive/csv';
import type { Column, ColumnKind } from '@/lib/releases/archive/columns';
import type { ReleaseFormat } from '@/lib/releases/archive/types';
import { sameValue, type ProblemList } from '@/lib/releases/verify-report';

/**
 * Check 5 of `primum verify`: the CSV and Parquet copies of options and ratings hold the JSONL rows,
 * row for row and column for column, so that whichever file a researcher loads gives the same table.
 * Parquet columns must have their format types; timestamps compare as ISO strings.
 */

type Row = Record<string, string | number | boolean | null>;

function placeOf(row: Row): { case?: string; option?: number } {
  return { case: String(row.case_id), option: Number(row.option_id) };
}

/** `file` (CSV) against the JSONL rows: the header is the columns, each cell the value's CSV text in the release's format. */
function checkCsv<R extends Row>(file: string, bytes: Uint8Array, columns: ReadonlyArray<Column<R>>, rows: readonly R[], format: ReleaseFormat, problems: ProblemList): void {
  const text = strFromU8(bytes);
  if (text.startsWith('\uFEFF')) problems.add(file, 'starts with a byte order mark');
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    problems.add(file, `not readable as CSV (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  const names = columns.map((c) => c.name).join(',');
  const [header = [], ...body] = records;
  if (header.join(',') !== names) {
    problems.mismatch(file, 'header', names, header.join(','));
    return;
  }
  if (body.length !== rows.length) problems.mismatch(file, 'row count', rows.length, body.length);
  for (let i = 0; i < Math.min(body.length, rows.length); i++) {
    const cells = body[i];
    if (cells.length !== columns.length) {
      problems.add(file, `row ${i + 1}: ${cells.length} fields, expected ${columns.length}`, placeOf(rows[i]));
      continue;
    }
    columns.forEach(({ name }, j) => {
      const expected = csvCell(rows[i][name], format);
      if (cells[j] !== expected) problems.mismatch(file, name, expected, cells[j], placeOf(rows[i]), `row ${i + 1}`);
    });
  }
}

const PHYSICAL: Record<ColumnKind, SchemaElement['type']> = { string: 'BYTE_ARRAY', int: 'INT32', float: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'INT64' };

/** What is wrong with a Parquet column's type for the format, or null. */
function typeProblem<R>(column: Column<R>, element: SchemaElement): string | null {
  const want = PHYSICAL[column.kind];
  if (element.type !== want) return `${column.name}: type ${element.type ?? 'none'}, expected ${want}`;
  if (column.kind === 'string' && element.converted_type !== 'UTF8') return `${column.name}: not UTF8 text`;
  if (column.kind === 'timestamp' && element.converted_type !== 'TIMESTAMP_MILLIS') return `${column.name}: not TIMESTAMP(MILLIS)`;
  if (column.nullable && element.repetition_type !== 'OPTIONAL') return `${column.name}: not nullable`;
  return null;
}

/** A Parquet value as the JSONL holds it: timestamps as ISO strings, INT64 as numbers, missing as null. */
function asJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  return value ?? null;
}

/** `file` (Parquet) against the JSONL rows: the columns in the format's order and types, each value equal. */
async function checkParquet<R extends Row>(file: string, bytes: Uint8Array, columns: ReadonlyArray<Column<R>>, rows: readonly R[], problems: ProblemList): Promise<void> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let records: Array<Record<string, unknown>>;
  try {
    const elements = parquetMetadata(buffer).schema.slice(1);
    const names = columns.map((c) => c.name).join(',');
    if (elements.map((e) => e.name).join(',') !== names) {
      problems.mismatch(file, 'columns', names, elements.map((e) => e.name).join(','));
      return;
    }
    columns.forEach((column, i) => {
      const problem = typeProblem(column, elements[i]);
      if (problem) problems.add(file, problem, {}, { field: column.name });
    });
    records = await parquetReadObjects({ file: buffer });
  } catch (error) {
    problems.add(file, `not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  if (records.length !== rows.length) problems.mismatch(file, 'row count', rows.length, records.length);
  for (let i = 0; i < Math.min(records.length, rows.length); i++) {
    for (const { name } of columns) {
      const found = asJsonValue(records[i][name]);
      if (!sameValue(rows[i][name], found)) problems.mismatch(file, name, rows[i][name], found, placeOf(rows[i]), `row ${i + 1}`);
    }
  }
}

/** `<table>.csv` and `<table>.parquet` (those present: a missing one is the manifest check's) against `<table>.jsonl`'s rows. */
export async function checkTables<R extends Row>(files: ReadonlyMap<string, Uint8Array>, table: string, columns: ReadonlyArray<Column<R>>, rows: readonly R[], format: ReleaseFormat, problems: ProblemList): Promise<void> {
  const csv = files.get(`${table}.csv`);
  if (csv) checkCsv(`${table}.csv`, csv, columns, rows, format, problems);
  const parquet = files.get(`${table}.parquet`);
  if (parquet) await checkParquet(`${table}.parquet`, parquet, columns, rows, problems);
}
